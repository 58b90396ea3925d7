package erofsbrowser.packaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An X server of the test's own (Xvfb, on a display number it picks free: -displayfd), and what
 * a user would see on it: the windows' titles and the process each belongs to (_NET_WM_PID, which
 * GTK sets), read with xdotool.
 */
final class VirtualDisplay implements AutoCloseable {
    private final Process server;
    private final String display;

    private VirtualDisplay(Process server, String display) {
        this.server = server;
        this.display = display;
    }

    static VirtualDisplay start() throws IOException, InterruptedException {
        Process server = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
        String number = out.readLine();
        if (number == null || !number.matches("[0-9]+")) {
            server.destroyForcibly().waitFor();
            throw new AssertionError("Xvfb did not start (it said " + number + ")");
        }
        return new VirtualDisplay(server, ":" + number);
    }

    /** The value of DISPLAY for programs that should draw here. */
    String display() {
        return display;
    }

    /** A window: its X id, title and the process that owns it. */
    record Window(String id, String title, long pid) {
    }

    /** The windows whose title contains {@code text}. */
    List<Window> windowsTitled(String text) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("DISPLAY", display);
        Command search = Command.run(env, "xdotool", "search", "--name", literal(text));
        List<Window> windows = new ArrayList<>();
        for (String id : search.outLines()) {
            Command title = Command.run(env, "xdotool", "getwindowname", id);
            Command pid = Command.run(env, "xdotool", "getwindowpid", id);
            if (title.status() == 0 && pid.status() == 0) {
                windows.add(new Window(id, title.out().strip(), Long.parseLong(pid.out().strip())));
            }
        }
        return windows;
    }

    /** The window's WM_CLASS, by which a desktop ties it to its desktop file (StartupWMClass). */
    String windowClass(Window window) throws IOException, InterruptedException {
        Command xprop = Command.run(Map.of("DISPLAY", display), "xprop", "-id", window.id(), "WM_CLASS").succeeded();
        return xprop.out().strip();
    }

    /** {@code text} as a POSIX regular expression (xdotool's) that matches it and nothing else. */
    private static String literal(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (".[]()*+?{}|^$\\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Waits up to {@code patience} for windows titled with {@code text} to satisfy {@code enough}. */
    List<Window> awaitWindows(String text, Predicate<List<Window>> enough, Duration patience)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Window> windows = windowsTitled(text);
        while (!enough.test(windows) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            windows = windowsTitled(text);
        }
        return windows;
    }

    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

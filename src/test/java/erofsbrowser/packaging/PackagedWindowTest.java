package erofsbrowser.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged app as a user starts it, on an X server of the test's own: its launcher
 * (bin/erofs-browser, on the app's own Java runtime, not the JDK's) opens a window titled with
 * the image's name; a double-click, as the file manager does it through the desktop file, does
 * too; and a second one opens in the app already running.
 */
class PackagedWindowTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Path SAMPLE = Path.of("resources/sample.erofs");

    private static VirtualDisplay screen;
    private static Path appImage;

    @TempDir
    Path scratch;
    private UserSession session;
    private Path images;

    @BeforeAll
    static void startTheDisplay() throws Exception {
        appImage = BuiltPackages.get().appImage();
        screen = VirtualDisplay.start();
    }

    @AfterAll
    static void stopTheDisplay() throws Exception {
        screen.close();
    }

    @BeforeEach
    void newSession() throws IOException, InterruptedException {
        session = UserSession.in(scratch, screen.display());
        session.installDesktopIntegration(Path.of("resources/erofs-browser.desktop"),
                Path.of("resources/erofs-browser-mime.xml"));
        images = Files.createDirectories(scratch.resolve("images"));
    }

    /** Ends the apps this test started: the processes of the windows on the display (a test's own X server). */
    @AfterEach
    void closeTheApps() throws Exception {
        for (VirtualDisplay.Window w : screen.windowsTitled("EROFS Browser")) {
            Optional<ProcessHandle> app = ProcessHandle.of(w.pid());
            if (app.isPresent()) {
                app.get().destroy();
                app.get().onExit().get();
            }
        }
    }

    private Path image(String name) throws IOException {
        return Files.copy(SAMPLE, images.resolve(name));
    }

    private List<VirtualDisplay.Window> awaitWindowOn(String imageName) throws IOException, InterruptedException {
        List<VirtualDisplay.Window> windows = screen.awaitWindows(imageName + " — EROFS Browser", w -> !w.isEmpty(), PATIENCE);
        if (windows.size() != 1) {
            String seen = whatTheUserSees();
            assertEquals(1, windows.size(), () -> "one window on " + imageName + ": " + windows + "\n" + seen);
        }
        return windows;
    }

    /** The windows on the display, what the apps and their launchers said, and the apps' threads: why a window is missing. */
    private String whatTheUserSees() throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder("windows on the display: ").append(screen.windowsTitled(""));
        for (String log : List.of("launch.out", "launch.err", "app.out", "app.err")) {
            b.append("\n").append(log).append(":\n").append(read(log));
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (long app : appProcesses()) {
            b.append("\nthreads of ").append(app).append(":\n").append(Command.run(jcmd.toString(), Long.toString(app), "Thread.print").out());
        }
        return b.toString();
    }

    /** Runs a desktop's launcher ({@code gio open}, {@code gtk-launch}): its output, and the app's it starts, stay in the scratch folder. */
    private int launch(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Process p = Command.builder(env, scratch, List.of(command))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(scratch.resolve("launch.out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(scratch.resolve("launch.err").toFile())).start();
        if (!p.waitFor(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end within " + PATIENCE + "\n" + read("launch.err"));
        }
        return p.exitValue();
    }

    private Path runtimeJava() throws IOException {
        return appImage.resolve("lib/runtime/bin/java").toRealPath();
    }

    @Test
    void theLauncherOpensAWindowOnTheImageOnTheAppsOwnRuntime() throws Exception {
        Path image = image("system.img");
        Process launcher = Command.builder(session.environment(null), scratch,
                List.of(appImage.resolve("bin/erofs-browser").toString(), image.toString()))
                .redirectOutput(scratch.resolve("app.out").toFile()).redirectError(scratch.resolve("app.err").toFile()).start();

        List<VirtualDisplay.Window> windows = screen.awaitWindows("system.img — EROFS Browser",
                w -> !w.isEmpty() || !launcher.isAlive(), PATIENCE);

        String said = read("app.err");
        assertEquals(1, windows.size(), () -> "a window titled with the image's name; the app said:\n" + said);
        assertEquals(launcher.pid(), windows.get(0).pid(), "the launcher's process draws it (the launcher execs java)");
        assertEquals(runtimeJava(), Path.of("/proc/" + launcher.pid() + "/exe").toRealPath(), "on the app's own runtime");
        String startupClass = Files.readAllLines(Path.of("resources/erofs-browser.desktop")).stream()
                .filter(l -> l.startsWith("StartupWMClass=")).findFirst().orElseThrow().substring("StartupWMClass=".length());
        assertEquals("WM_CLASS(STRING) = \"" + startupClass + "\", \"" + startupClass + "\"", screen.windowClass(windows.get(0)),
                "the desktop ties the window to the menu entry by its class");
    }

    /** What a program wrote to {@code name} in the scratch folder ("" for nothing). */
    private String read(String name) {
        Path f = scratch.resolve(name);
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "(" + name + " cannot be read: " + e + ")";
        }
    }

    @Test
    void aDoubleClickOpensTheImageAndASecondOneOpensInTheRunningApp() throws Exception {
        Map<String, String> env = session.environment(appImage.resolve("bin"));

        assertEquals(0, launch(env, "gio", "open", image("system.img").toString()), () -> read("launch.err"));
        long app = awaitWindowOn("system.img").get(0).pid();

        assertEquals(0, launch(env, "gio", "open", image("vendor").toString()), () -> read("launch.err"));

        assertEquals(app, awaitWindowOn("vendor").get(0).pid(), "a window of the app already running");
        assertEquals(Set.of(app), appProcesses(), "and no second app");
    }

    @Test
    void theDesktopFilesExecLineGivesTheLauncherEveryFileSelected() throws Exception {
        Map<String, String> env = session.environment(appImage.resolve("bin"));

        assertEquals(0, launch(env, "gtk-launch", "erofs-browser", image("system.img").toString(),
                image("apex_payload.img").toString()), () -> read("launch.err"));

        long app = awaitWindowOn("system.img").get(0).pid();
        assertEquals(app, awaitWindowOn("apex_payload.img").get(0).pid(), "both in one app");
    }

    @Test
    void anAppEndedByASignalLeavesNoSocketForTheNextLaunchToMistake() throws Exception {
        Process launcher = Command.builder(session.environment(null), scratch,
                List.of(appImage.resolve("bin/erofs-browser").toString(), image("system.img").toString()))
                .redirectOutput(scratch.resolve("app.out").toFile()).redirectError(scratch.resolve("app.err").toFile()).start();
        awaitWindowOn("system.img");
        Path socket = Path.of(session.environment(null).get("XDG_RUNTIME_DIR"), "erofs-browser", "socket");
        assertTrue(Files.exists(socket), "the app listens for later launches");

        launcher.destroy(); // SIGTERM, as a session's end sends it
        launcher.onExit().get();

        assertTrue(Files.notExists(socket), "the socket is removed as the JVM ends");
    }

    /** The processes running the packaged app's Java runtime. */
    private Set<Long> appProcesses() throws IOException {
        String java = runtimeJava().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.equals(java)).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @Test
    void theAppPrintsNothingWhenItStarts() throws Exception {
        Path image = image("system.img");
        Process launcher = Command.builder(session.environment(null), scratch,
                List.of(appImage.resolve("bin/erofs-browser").toString(), image.toString()))
                .redirectOutput(scratch.resolve("app.out").toFile()).redirectError(scratch.resolve("app.err").toFile()).start();
        awaitWindowOn("system.img");

        assertTrue(launcher.isAlive());
        List<String> said = read("app.err").lines()
                .filter(line -> !line.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS: -Duser.home=")
                        // the JDK's own note at a new user's first start
                        && !line.contains("java.util.prefs.FileSystemPreferences$1 run")
                        && !line.equals("INFO: Created user preferences directory."))
                .toList();
        assertEquals(List.of(), said, "no stack trace, no warning of the JVM about its class-data archive, none of JavaFX about "
                + "where its classes come from (they are modules)");
        assertEquals("", read("app.out"));
    }
}

package erofsbrowser.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The arguments of the window ({@code erofs-browser [--offset BYTES] [IMAGE...]}), checked before
 * JavaFX starts, so that a wrong one is a usage error on the terminal rather than a window or a
 * stack trace: an unknown option, a mistyped command word, a missing display.
 */
public final class WindowCommandLine {
    private WindowCommandLine() {
    }

    /**
     * The command line that {@code args} of the window ask for instead: {@code --help} or
     * {@code --version} given after images ({@code erofs-browser x.img --help}) is that; else null.
     */
    public static String[] insteadOfTheWindow(List<String> args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return new String[] {"--help"};
            }
            if (a.equals("--version")) {
                return new String[] {"--version"};
            }
        }
        return null;
    }

    /**
     * Whether the window may open with {@code args}; if not, says why on {@code err} (the caller
     * exits with {@link Cli#USAGE}).
     *
     * @param displayAvailable whether there is a display to open it on ({@link #displayAvailable})
     */
    public static boolean check(List<String> args, boolean displayAvailable, PrintStream err) {
        String program = Cli.program();
        if (!args.isEmpty() && Cli.looksLikeCommandWord(args.get(0)) && !exists(args.get(0))) {
            err.println(Cli.unknownCommand(args.get(0)));
            return false;
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String problem = null;
            if (a.equals("--offset") || a.startsWith("--offset=")) {
                String value = a.equals("--offset") ? (i + 1 < args.size() ? args.get(++i) : null) : a.substring(9);
                problem = value == null ? "--offset needs a value (BYTES)" : offsetProblem(value);
                if (problem == null && i + 1 >= args.size()) {
                    problem = "--offset " + value + " applies to the IMAGE after it, and none follows";
                }
            } else if (a.startsWith("-") && !a.equals("-")) {
                String near = Spelling.closest(a, List.of("--offset", "--help", "--version"));
                problem = "unknown option " + a + (near == null ? "" : "; did you mean " + near + "?");
            }
            if (problem != null) {
                err.println(program + ": " + problem);
                err.println("usage: " + program + " [--offset BYTES] [IMAGE...]   (the window), or "
                        + program + " COMMAND ...");
                err.println("Try '" + program + " --help' for more information.");
                return false;
            }
        }
        if (!displayAvailable) {
            err.println(program + ": no display for the window (neither DISPLAY nor WAYLAND_DISPLAY is set); "
                    + "the commands need none: try '" + program + " --help'");
            return false;
        }
        return true;
    }

    /**
     * Whether the window has a display: on Linux, DISPLAY (X11) or WAYLAND_DISPLAY must name one,
     * unless JavaFX is told to draw nowhere (its headless Monocle platform, as the tests use); the
     * other systems JavaFX runs on always have one.
     */
    public static boolean displayAvailable(Map<String, String> environment, String osName, String glassPlatform) {
        if (!osName.startsWith("Linux") || "Monocle".equalsIgnoreCase(glassPlatform)) {
            return true;
        }
        return !environment.getOrDefault("DISPLAY", "").isEmpty()
                || !environment.getOrDefault("WAYLAND_DISPLAY", "").isEmpty();
    }

    /** An --offset value as the window reads it: decimal, or hexadecimal after 0x, as the commands read it. */
    public static long parseOffset(String value) {
        return Arguments.parseNumber(value);
    }

    private static String offsetProblem(String value) {
        try {
            long n = parseOffset(value);
            return n < 0 ? "--offset must be at least 0, not " + n : null;
        } catch (NumberFormatException e) {
            return "--offset takes a number, not \"" + value + "\"";
        }
    }

    private static boolean exists(String name) {
        try {
            return Files.exists(Path.of(name));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}

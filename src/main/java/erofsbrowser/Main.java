package erofsbrowser;

import erofsbrowser.app.BrowserApp;
import erofsbrowser.cli.Cli;
import erofsbrowser.cli.WindowCommandLine;

import java.util.List;

/**
 * Starts EROFS Browser: with a command word ({@code info}, {@code ls}, ...) or an option of the
 * program ({@code --help}, {@code --version}) it runs the command line (see {@link Cli});
 * otherwise it opens the desktop app on the images given, or on the bundled sample image, once
 * {@link WindowCommandLine} has found nothing wrong with the arguments and a display to open on.
 * Not an {@code Application} itself, so the command line never starts the JavaFX toolkit (and
 * needs no display).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && Cli.isCommandLine(args[0])) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        String[] instead = WindowCommandLine.insteadOfTheWindow(List.of(args));
        if (instead != null) {
            System.exit(Cli.run(instead, System.out, System.err));
        }
        boolean display = WindowCommandLine.displayAvailable(System.getenv(), System.getProperty("os.name", ""),
                System.getProperty("glass.platform"));
        if (!WindowCommandLine.check(List.of(args), display, System.err)) {
            System.exit(Cli.USAGE);
        }
        try {
            BrowserApp.launchWith(args);
        } catch (UnsupportedOperationException e) {
            // GTK could not open the display it was given (DISPLAY names no X server, say)
            System.err.println(Cli.program() + ": cannot open the window: " + e.getMessage());
            System.exit(1);
        }
    }
}

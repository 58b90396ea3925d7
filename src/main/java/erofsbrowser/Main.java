package erofsbrowser;

import erofsbrowser.app.BrowserApp;
import erofsbrowser.cli.Cli;

/**
 * Starts EROFS Browser: with a command word ({@code info}, {@code ls}, ...) it runs that command
 * of the command line (see {@link Cli}); otherwise it opens the desktop app on the images given,
 * or on the bundled sample image. Not an {@code Application} itself, so the command line never
 * starts the JavaFX toolkit (and needs no display).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && (Cli.isCommand(args[0]) || args[0].equals("--help") || args[0].equals("-h"))) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        BrowserApp.launchWith(args);
    }
}

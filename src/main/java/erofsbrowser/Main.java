package erofsbrowser;

import erofsbrowser.cli.Cli;

/**
 * Starts EROFS Browser. With a command word ({@code info}, {@code ls}, ...) it runs that command
 * of the command line; see {@link Cli}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.out, System.err));
    }
}

package erofsbrowser.cli;

import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Set;

/**
 * The command line: {@code COMMAND [--offset BYTES] [--device FILE]... IMAGE ...}.
 * Exit status 0 on success, 1 when the image (or a file) is bad, 2 on wrong usage.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int BAD_IMAGE = 1;
    public static final int USAGE = 2;

    /** A command of the command line: its flags, its usage line, and what it does with an open image. */
    interface Command {
        Set<String> flags();

        String usage();

        /** Runs on {@code image}; {@code args.positional()} starts with the image path. */
        int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException, IOException;
    }

    private static final Map<String, Command> COMMANDS = Map.of(
            "info", new InfoCommand(),
            "ls", new LsCommand(),
            "stat", new StatCommand(),
            "cat", new CatCommand(),
            "manifest", new ManifestCommand(),
            "extract", new ExtractCommand(),
            "check", new CheckCommand());

    private Cli() {
    }

    public static boolean isCommand(String word) {
        return COMMANDS.containsKey(word);
    }

    public static int run(String[] argv, OutputStream stdout, PrintStream err) {
        if (argv.length == 1 && (argv[0].equals("--help") || argv[0].equals("-h"))) {
            PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
            out.println("EROFS Browser: with no command, opens the desktop app on the images given.");
            printUsage(out);
            return OK;
        }
        Command command = argv.length > 0 ? COMMANDS.get(argv[0]) : null;
        if (command == null) {
            err.println(argv.length == 0 ? "erofs-browser: no command given" : "erofs-browser: unknown command " + argv[0]);
            printUsage(err);
            return USAGE;
        }
        Arguments args;
        try {
            args = Arguments.parse(argv, command.flags());
            if (args.positional().isEmpty()) {
                throw new Arguments.UsageException("no image given");
            }
        } catch (Arguments.UsageException e) {
            err.println("erofs-browser " + argv[0] + ": " + e.getMessage());
            err.println("usage: erofs-browser " + command.usage());
            return USAGE;
        }
        String imagePath = args.positional().get(0);
        PrintStream out = new PrintStream(new BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
        try (ErofsImage image = ErofsImage.open(java.nio.file.Path.of(imagePath), args.offset(), args.devices())) {
            return command.run(image, args, out, err);
        } catch (ImageException e) {
            out.flush();
            err.println("erofs-browser: " + imagePath + ": " + e.getMessage());
            return BAD_IMAGE;
        } catch (Arguments.UsageFailure e) {
            out.flush();
            err.println("erofs-browser " + argv[0] + ": " + e.getMessage());
            err.println("usage: erofs-browser " + command.usage());
            return USAGE;
        } catch (NoSuchFileException e) {
            err.println("erofs-browser: " + e.getFile() + ": no such file");
            return BAD_IMAGE;
        } catch (IOException | java.io.UncheckedIOException e) {
            out.flush();
            err.println("erofs-browser: " + imagePath + ": " + e.getMessage());
            return BAD_IMAGE;
        } finally {
            out.flush();
        }
    }

    static void printUsage(PrintStream err) {
        err.println("usage: erofs-browser COMMAND [--offset BYTES] [--device FILE]... IMAGE ...");
        COMMANDS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(c -> err.println("       erofs-browser " + c.getValue().usage()));
    }
}

package erofsbrowser.cli;

import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import erofsbrowser.open.ImageFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code COMMAND [OPTION...] IMAGE [ARGUMENT...]}, {@code --help},
 * {@code --version}, {@code help [COMMAND]}, {@code completion bash}. It never starts JavaFX.
 * Exit status 0 on success, 1 when the image (or a file) cannot be read or is bad, 2 on wrong
 * usage; every failure is one line (or a usage error and its usage) on standard error, never a
 * stack trace.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int BAD_IMAGE = 1;
    public static final int USAGE = 2;

    /**
     * The system property that names the program in messages: the launcher that knows what the
     * user typed sets it ({@code -Derofsbrowser.program=erofs}); {@code java -jar} leaves it unset.
     */
    public static final String PROGRAM_PROPERTY = "erofsbrowser.program";

    /** A command that reads an image. */
    interface Command {
        /** What it takes and does: the parser, the help, the man page and the completion all come from it. */
        CommandSpec spec();

        /** Checks what the parser cannot (options that exclude each other), before the image is opened. */
        default void check(Arguments args) throws Arguments.UsageException {
        }

        /** Runs on {@code image} (any format it is); {@code args.operands()} starts with the image path. */
        int run(FileSystemImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException, IOException;
    }

    /** The entry at {@code path} (as typed: UTF-8), or null. */
    static Node lookup(FileSystemImage image, String path) throws ImageException {
        return image.lookup(path.getBytes(StandardCharsets.UTF_8));
    }

    private Cli() {
    }

    /** The program's name in messages and help: what the user typed, where the launcher says so. */
    public static String program() {
        String name = System.getProperty(PROGRAM_PROPERTY);
        return name == null || name.isBlank() ? "erofs-browser" : name;
    }

    /**
     * Whether a command line starting with {@code word} is for the command line rather than the
     * window: a command word, or an option of the program itself.
     */
    public static boolean isCommandLine(String word) {
        return Commands.spec(word) != null || word.equals("--help") || word.equals("-h") || word.equals("--version");
    }

    /**
     * Whether {@code word} looks like a mistyped command word rather than a file name: lower-case
     * letters, digits and dashes, starting with a letter (callers check first that no file has
     * that name).
     */
    public static boolean looksLikeCommandWord(String word) {
        return word.matches("[a-z][a-z0-9-]*");
    }

    /** The message for a word that is no command: a suggestion if one is near, and where to look. */
    public static String unknownCommand(String word) {
        String near = Spelling.closest(word, Commands.words());
        return program() + ": '" + word + "' is not a command" + (near == null ? "" : "; did you mean '" + near + "'?")
                + "\nTry '" + program() + " --help' for the list of commands.";
    }

    public static int run(String[] argv, OutputStream stdout, PrintStream err) {
        PrintStream out = new PrintStream(new BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
        try {
            return dispatch(argv, out, err);
        } finally {
            out.flush();
        }
    }

    private static int dispatch(String[] argv, PrintStream out, PrintStream err) {
        String program = program();
        if (argv.length == 0) {
            err.println(program + ": no command given");
            err.println("Try '" + program + " --help' for the list of commands.");
            return USAGE;
        }
        String word = argv[0];
        switch (word) {
            case "--help", "-h" -> {
                return help(argv, out, err);
            }
            case "--version" -> {
                if (argv.length > 1) {
                    err.println(program + ": --version takes no arguments");
                    return USAGE;
                }
                out.print(HelpText.version(program));
                return OK;
            }
            case "help" -> {
                return help(argv, out, err);
            }
            case "completion" -> {
                return completion(argv, out, err);
            }
            default -> {
                // a command on an image, below
            }
        }
        if (word.startsWith("-")) {
            String near = Spelling.closest(word, List.of("--help", "--version"));
            err.println(program + ": unknown option " + word + (near == null ? "" : "; did you mean " + near + "?"));
            err.println("Try '" + program + " --help' for more information.");
            return USAGE;
        }
        Command command = Commands.onImage(word);
        if (command == null) {
            err.println(unknownCommand(word));
            return USAGE;
        }
        if (Arguments.asksForHelp(argv, 1)) {
            out.print(HelpText.command(program, command.spec()));
            return OK;
        }
        Arguments args;
        try {
            args = Arguments.parse(command.spec(), argv, 1);
            command.check(args);
        } catch (Arguments.UsageException e) {
            return usageError(command.spec(), e.getMessage(), err);
        }
        return runOnImage(command, args, out, err);
    }

    /** {@code help [COMMAND]}, {@code --help [COMMAND]}. */
    private static int help(String[] argv, PrintStream out, PrintStream err) {
        Arguments args;
        try {
            args = Arguments.parse(Commands.HELP, argv, 1);
        } catch (Arguments.UsageException e) {
            return usageError(Commands.HELP, e.getMessage(), err);
        }
        if (args.has(CommonOptions.HELP.longName())) {
            out.print(HelpText.command(program(), Commands.HELP));
            return OK;
        }
        String topic = args.operand(0);
        if (topic == null) {
            out.print(HelpText.general(program()));
            return OK;
        }
        CommandSpec spec = Commands.spec(topic);
        if (spec == null) {
            err.println(unknownCommand(topic));
            return USAGE;
        }
        out.print(HelpText.command(program(), spec));
        return OK;
    }

    /** {@code completion bash}. */
    private static int completion(String[] argv, PrintStream out, PrintStream err) {
        if (Arguments.asksForHelp(argv, 1)) {
            out.print(HelpText.command(program(), Commands.COMPLETION));
            return OK;
        }
        Arguments args;
        try {
            args = Arguments.parse(Commands.COMPLETION, argv, 1);
            if (!args.operand(0).equals("bash")) {
                throw new Arguments.UsageException("no completion for " + args.operand(0) + ": bash is the one shell supported");
            }
        } catch (Arguments.UsageException e) {
            return usageError(Commands.COMPLETION, e.getMessage(), err);
        }
        out.print(BashCompletion.script());
        return OK;
    }

    private static int usageError(CommandSpec spec, String problem, PrintStream err) {
        err.println(program() + " " + spec.name() + ": " + problem);
        err.print(HelpText.usage(program(), spec));
        return USAGE;
    }

    /**
     * A command's answer about a file that cannot be opened as an image ({@code error}): info gives
     * what can still be read of it, verify an APEX's own checks; null when neither applies (the
     * error's one line then).
     */
    private static Integer ofUnreadable(Command command, Path file, Arguments args, PrintStream out, PrintStream err,
                                        ImageException error) {
        if (!args.devices().isEmpty()) {
            return null; // the image's devices: a question of usage, not of the image's bytes
        }
        try {
            if (command instanceof InfoCommand && !args.has(CommonOptions.STRICT.longName())) {
                return InfoCommand.ofBytes(file, args, out, err, error);
            }
            if (command instanceof VerifyCommand && args.offset() == 0) {
                return VerifyCommand.verifyApexAlone(file, args, out, err, error);
            }
        } catch (IOException | ImageException notEvenBytes) {
            // the file cannot be read at all: the error's line says why
        }
        return null;
    }

    /** Opens IMAGE (and its devices), runs the command, and turns what fails into one line and a status. */
    private static int runOnImage(Command command, Arguments args, PrintStream out, PrintStream err) {
        String program = program();
        List<Path> files = new ArrayList<>();
        try {
            files.add(Path.of(args.image()));
            files.addAll(args.devices());
        } catch (InvalidPathException e) {
            err.println(program + ": " + FileErrors.invalidName(e));
            return USAGE;
        }
        for (Path f : files) {
            if (Files.isDirectory(f)) { // it would open, and fail at the first read with less to say
                err.println(program + ": " + f + ": is a directory, not an image file");
                return BAD_IMAGE;
            }
        }
        FileSystemImage image;
        try {
            image = ImageFiles.open(files.get(0), args.offset(), files.subList(1, files.size()));
        } catch (ImageException e) {
            // Not an image this program reads: what can still be said of it, where a command can say it.
            out.flush();
            Integer status = ofUnreadable(command, files.get(0), args, out, err, e);
            if (status != null) {
                return status;
            }
            err.println(program + ": " + args.image() + ": " + e.getMessage());
            return BAD_IMAGE;
        } catch (IOException e) {
            err.println(program + ": " + FileErrors.describe(e, args.image()));
            return BAD_IMAGE;
        } catch (UncheckedIOException e) {
            err.println(program + ": " + FileErrors.describe(e.getCause(), args.image()));
            return BAD_IMAGE;
        }
        try (image) {
            return command.run(image, args, out, err);
        } catch (ImageException e) {
            out.flush();
            err.println(program + ": " + args.image() + ": " + e.getMessage());
            return BAD_IMAGE;
        } catch (IOException e) {
            out.flush();
            err.println(program + ": " + FileErrors.describe(e, args.image()));
            return BAD_IMAGE;
        } catch (UncheckedIOException e) {
            out.flush();
            err.println(program + ": " + FileErrors.describe(e.getCause(), args.image()));
            return BAD_IMAGE;
        } catch (InvalidPathException e) { // DEST
            out.flush();
            err.println(program + ": " + FileErrors.invalidName(e));
            return USAGE;
        }
    }
}

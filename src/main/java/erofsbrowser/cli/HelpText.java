package erofsbrowser.cli;

import erofsbrowser.Versions;
import erofsbrowser.cli.CommandSpec.Example;
import erofsbrowser.cli.CommandSpec.ExitStatus;
import erofsbrowser.cli.CommandSpec.Operand;
import erofsbrowser.cli.CommandSpec.Option;

import java.util.List;
import java.util.Map;

/** The help texts, {@code --version}, and the lines of a usage error, made from the commands' descriptions. */
final class HelpText {
    private static final int WIDTH = 80;

    private HelpText() {
    }

    /** {@code erofs --help}: what the program does, its commands, the options every command has. */
    static String general(String program) {
        StringBuilder b = new StringBuilder();
        b.append("Usage: ").append(program).append(" COMMAND [OPTION...] IMAGE [ARGUMENT...]\n");
        b.append("   or: ").append(program).append(" [--offset BYTES] [IMAGE...]   (the desktop app's window)\n");
        wrap(b, "Reads EROFS filesystem images (Android system images and APEX payloads, container layers, "
                + "composefs) as plain files: no root, no mount, no erofs-utils.", "");
        b.append("\nCommands:\n");
        List<CommandSpec> all = Commands.all();
        int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(0) + 2;
        for (CommandSpec s : all) {
            column(b, "  " + pad(s.name(), width), s.summary());
        }
        b.append("\nOptions:\n");
        column(b, pad("  -h, --help", 22), "this help; '" + program
                + " COMMAND --help' (or 'help COMMAND') for a command's own");
        column(b, pad("      --version", 22), "the version, and those of the Java runtime and the libraries");
        b.append("\nOptions of every command that reads an image:\n");
        for (Option o : List.of(CommonOptions.OFFSET, CommonOptions.DEVICE)) {
            column(b, pad("      " + o.label(), 22), o.help());
        }
        b.append('\n');
        wrap(b, "With no command, " + program + " opens the desktop app: a window for each IMAGE (an --offset "
                + "before an IMAGE applies to it), or on a sample image when none is given.", "");
        b.append('\n');
        wrap(b, "Exit status: 0 success; 1 an image, file or entry that cannot be read (or written); "
                + "2 wrong usage.", "");
        wrap(b, "Full manual: man erofs.", "");
        return b.toString();
    }

    /** {@code erofs COMMAND --help}: usage, description, arguments, options, exit statuses, examples. */
    static String command(String program, CommandSpec spec) {
        StringBuilder b = new StringBuilder();
        wrap(b, "Usage: " + program + " ", spec.synopsisParts(), "    ");
        b.append('\n');
        for (String paragraph : spec.description()) {
            wrap(b, paragraph, "");
            b.append('\n');
        }
        if (!spec.operands().isEmpty()) {
            b.append("Arguments:\n");
            int width = spec.operands().stream().mapToInt(a -> a.name().length()).max().orElse(0) + 4;
            for (Operand a : spec.operands()) {
                column(b, pad("  " + a.name(), width), a.help());
            }
            b.append('\n');
        }
        b.append("Options:\n");
        int width = spec.options().stream().mapToInt(o -> optionColumn(o).length()).max().orElse(0) + 2;
        for (Option o : spec.options()) {
            column(b, pad(optionColumn(o), width), o.help());
        }
        b.append("\nExit status:\n");
        for (ExitStatus s : spec.exitStatuses()) {
            column(b, "  " + s.code() + "  ", s.meaning());
        }
        b.append("\nExamples:\n");
        for (Example e : spec.examples()) {
            b.append("  ").append(program).append(' ').append(e.arguments()).append('\n');
            wrap(b, "      ", e.what(), "      ");
        }
        return b.toString();
    }

    /** "  -l, --long" or "      --json": short names line up in one column, long ones in the next. */
    private static String optionColumn(Option o) {
        return (o.shortName() == null ? "      " : "  ") + o.label();
    }

    /** The lines a usage error ends with: the command's usage, and where to read more. */
    static String usage(String program, CommandSpec spec) {
        return "usage: " + program + " " + spec.synopsis() + "\n"
                + "Try '" + program + " " + spec.name() + " --help' for more information.\n";
    }

    /** {@code --version}: the program's, the Java runtime's, and each library's, one a line. */
    static String version(String program) {
        Versions v = Versions.ofThisBuild();
        StringBuilder b = new StringBuilder();
        b.append(program).append(" (EROFS Browser) ").append(v.program()).append('\n');
        b.append("Java runtime: ").append(Versions.javaVersion()).append(" (").append(Versions.javaVendorAndVm())
                .append(")\n");
        for (Map.Entry<String, String> lib : v.libraries().entrySet()) {
            b.append(lib.getKey()).append(": ").append(lib.getValue())
                    .append(lib.getKey().equals("JavaFX") ? " (the window)" : "").append('\n');
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + "  " : s + " ".repeat(width - s.length());
    }

    /** {@code label} then {@code text}, wrapped so that its lines after the first start under its first. */
    private static void column(StringBuilder b, String label, String text) {
        wrap(b, label, text, " ".repeat(label.length()));
    }

    /** {@code text} in lines of at most {@link #WIDTH} columns, each line after the first indented by {@code indent}. */
    static void wrap(StringBuilder b, String text, String indent) {
        wrap(b, "", text, indent);
    }

    /**
     * {@code first} as it is, then the words of {@code text} in lines of at most {@link #WIDTH}
     * columns (a longer word gets a line of its own), each line after the first starting with
     * {@code indent}.
     */
    static void wrap(StringBuilder b, String first, String text, String indent) {
        wrap(b, first, List.of(text.split(" ")), indent);
    }

    /** As {@link #wrap(StringBuilder, String, String, String)}, with the words given (which may hold spaces). */
    static void wrap(StringBuilder b, String first, List<String> words, String indent) {
        b.append(first);
        int line = first.length();
        boolean lineEmpty = true;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            if (!lineEmpty && line + 1 + word.length() > WIDTH) {
                b.append('\n').append(indent);
                line = indent.length();
                lineEmpty = true;
            }
            if (!lineEmpty) {
                b.append(' ');
                line++;
            }
            b.append(word);
            line += word.length();
            lineEmpty = false;
        }
        b.append('\n');
    }
}

package erofsbrowser.cli;

import erofsbrowser.Versions;
import erofsbrowser.cli.CommandSpec.Example;
import erofsbrowser.cli.CommandSpec.ExitStatus;
import erofsbrowser.cli.CommandSpec.Operand;
import erofsbrowser.cli.CommandSpec.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The manual page erofs(1), in troff with the man(7) macros, made from the same command
 * descriptions as {@code --help} and the completion script, so the three cannot drift apart.
 * {@code java -cp target/classes erofsbrowser.cli.ManPage > erofs.1} writes it.
 */
public final class ManPage {
    private ManPage() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.print(page());
        out.flush();
    }

    static String page() {
        StringBuilder b = new StringBuilder();
        b.append(".\\\" erofs(1), made by erofsbrowser.cli.ManPage from the descriptions that --help shows.\n");
        b.append(".TH EROFS 1 \"\" \"EROFS Browser ").append(Versions.ofThisBuild().program())
                .append("\" \"User Commands\"\n");
        b.append(".SH NAME\n");
        b.append("erofs, erofs\\-browser \\- list, read, extract and check EROFS filesystem images, or browse them\n");
        b.append(".SH SYNOPSIS\n");
        for (CommandSpec s : Commands.all()) {
            synopsis(b, s);
            b.append(".br\n");
        }
        b.append("\\fBerofs \\-\\-help\\fR | \\fBerofs \\-\\-version\\fR\n.br\n");
        b.append("\\fBerofs\\-browser\\fR [\\fB\\-\\-offset\\fR \\fIBYTES\\fR] [\\fIIMAGE\\fR...]\n");
        b.append(".SH DESCRIPTION\n");
        text(b, "erofs reads EROFS filesystem images (Android system images and APEX payloads, container layers, "
                + "composefs) as plain files: it lists them, prints their files, extracts them and checks them, "
                + "with no root, no mount and no erofs-utils. It reads what the Linux kernel reads, with every "
                + "compression the kernel knows (lz4, lzma, deflate, zstd), chunked files, extra devices, "
                + "fragments and the metabox. An image is recognised by its superblock, whatever its name.");
        b.append(".PP\n");
        text(b, "The same program with no command word is the desktop app, erofs-browser: it opens a window for "
                + "each IMAGE given (an --offset before an IMAGE applies to it), or on a sample image when none "
                + "is. The window needs a display; the commands never do. A command word is never taken for a "
                + "file name: ./info names a file called info.");
        b.append(".SH COMMANDS\n");
        for (CommandSpec s : Commands.all()) {
            command(b, s);
        }
        b.append(".SH OPTIONS\n");
        text(b, "Every command that reads an image takes these:");
        for (Option o : List.of(CommonOptions.OFFSET, CommonOptions.DEVICE)) {
            option(b, o);
        }
        b.append(".PP\n");
        text(b, "And every command, or the program alone:");
        for (Option o : List.of(CommonOptions.HELP, Option.flag(null, "--version",
                "the version, and those of the Java runtime and of the libraries"))) {
            option(b, o);
        }
        b.append(".PP\n");
        text(b, "Options may come before, between or after the arguments, until an argument --, after which "
                + "every argument is an operand. A long option's value follows it as the next argument or after "
                + "=; flags may be bundled (-lR). BYTES is decimal, or hexadecimal after 0x.");
        jsonSection(b);
        b.append(".SH \"EXIT STATUS\"\n");
        for (ExitStatus s : CommonOptions.statuses(null)) {
            b.append(".TP\n").append(s.code()).append('\n');
            text(b, s.meaning());
        }
        b.append(".PP\n");
        text(b, "Each command lists what its own statuses mean, above. A message on standard error says what "
                + "went wrong and where, on one line: permission denied, no such file, is a directory, not an "
                + "EROFS image (with the byte offset of what is wrong, and the nid and path where known).");
        b.append(".SH ENVIRONMENT\n");
        b.append(".TP\n.BR DISPLAY \", \" WAYLAND_DISPLAY\n");
        text(b, "where the window opens; without either, erofs-browser with no command says so and exits with "
                + "status 2.");
        b.append(".SH \"SEE ALSO\"\n");
        b.append(".BR mkfs.erofs (1),\n.BR fsck.erofs (1),\n.BR dump.erofs (1),\n.BR mount (8)\n");
        return b.toString();
    }

    private static void command(StringBuilder b, CommandSpec s) {
        b.append(".SS ").append(s.name()).append('\n');
        synopsis(b, s);
        for (String paragraph : s.description()) {
            b.append(".PP\n");
            text(b, paragraph);
        }
        for (Operand a : s.operands()) {
            b.append(".TP\n\\fI").append(escape(a.name())).append("\\fR\n");
            text(b, a.help());
        }
        for (Option o : s.options()) {
            option(b, o);
        }
        b.append(".PP\nExit status:\n");
        for (ExitStatus e : s.exitStatuses()) {
            b.append(".RS\n.TP 4\n").append(e.code()).append('\n');
            text(b, e.meaning());
            b.append(".RE\n");
        }
        b.append(".PP\nExamples:\n");
        for (Example e : s.examples()) {
            b.append(".RS\n.TP\n\\fBerofs ").append(escape(e.arguments())).append("\\fR\n");
            text(b, e.what());
            b.append(".RE\n");
        }
    }

    /** "erofs ls [-l] [--offset BYTES]... IMAGE [PATH]", options in bold and values in italics. */
    private static void synopsis(StringBuilder b, CommandSpec s) {
        b.append("\\fBerofs ").append(escape(s.name())).append("\\fR");
        for (Option o : s.options()) {
            if (o == CommonOptions.HELP) {
                continue;
            }
            String name = o.shortName() != null ? o.shortName() : o.longName();
            b.append(" [\\fB").append(escape(name)).append("\\fR");
            if (o.takesValue()) {
                b.append(" \\fI").append(escape(o.valueName())).append("\\fR");
            }
            b.append(o.repeatable() ? "]..." : "]");
        }
        for (Operand a : s.operands()) {
            String name = "\\fI" + escape(a.name()) + "\\fR";
            b.append(' ').append(switch (a.count()) {
                case ONE -> name;
                case OPTIONAL -> "[" + name + "]";
                case ANY -> "[" + name + "...]";
            });
        }
        b.append('\n');
    }

    private static void option(StringBuilder b, Option o) {
        b.append(".TP\n");
        if (o.shortName() != null) {
            b.append("\\fB").append(escape(o.shortName())).append("\\fR, ");
        }
        b.append("\\fB").append(escape(o.longName())).append("\\fR");
        if (o.takesValue()) {
            b.append(" \\fI").append(escape(o.valueName())).append("\\fR");
        }
        b.append('\n');
        text(b, o.help());
    }

    private static void jsonSection(StringBuilder b) {
        b.append(".SH \"JSON OUTPUT\"\n");
        text(b, "info, stat and check write one JSON object with --json; ls writes one object a line, one per "
                + "entry (as manifest does). " + JsonKeys.CONVENTIONS);
        for (String command : List.of("info", "ls", "stat", "check")) {
            b.append(".SS \"").append(command).append(" \\-\\-json\"\n");
            for (JsonKeys.Key k : JsonKeys.of(command)) {
                b.append(".TP\n.B ").append(escape(k.name())).append('\n');
                text(b, k.meaning());
            }
        }
        b.append(".SS \"info \\-\\-json of ext2/3/4 images, APEX and CAPEX files\"\n");
        for (JsonKeys.Key k : JsonKeys.INFO_OTHER) {
            b.append(".TP\n.B ").append(escape(k.name())).append('\n');
            text(b, k.meaning());
        }
        b.append(".SS \"info \\-\\-fields \\-\\-json, stat \\-\\-fields \\-\\-json\"\n");
        text(b, "One object: {\"structures\": [node, ...]}; each node has these keys, and its children are nodes.");
        for (JsonKeys.Key k : JsonKeys.FIELDS) {
            b.append(".TP\n.B ").append(escape(k.name())).append('\n');
            text(b, k.meaning());
        }
        b.append(".SS manifest\n");
        text(b, "The keys and format under manifest above: the format of the Linux kernel listings that the "
                + "project's tests compare with.");
    }

    /** A paragraph of running text, escaped, on lines of its own. */
    private static void text(StringBuilder b, String text) {
        StringBuilder wrapped = new StringBuilder();
        HelpText.wrap(wrapped, escape(text), "");
        for (String line : wrapped.toString().split("\n")) {
            if (line.startsWith(".") || line.startsWith("'")) {
                b.append("\\&"); // not a request
            }
            b.append(line).append('\n');
        }
    }

    /** Text as troff shows it literally: backslashes, and dashes as the minus signs options are made of. */
    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}

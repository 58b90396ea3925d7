package erofsbrowser.cli;

import erofsbrowser.cli.CommandSpec.ExitStatus;
import erofsbrowser.cli.CommandSpec.Operand;
import erofsbrowser.cli.CommandSpec.Option;
import erofsbrowser.cli.CommandSpec.ValueKind;

import java.util.ArrayList;
import java.util.List;

/** The options, operands and exit statuses that several commands share, described once. */
final class CommonOptions {
    private CommonOptions() {
    }

    static final Option OFFSET = Option.valued("--offset", "BYTES", ValueKind.BYTES,
            "the image starts this many bytes into IMAGE (default 0): for an image inside a bigger file");
    static final Option DEVICE = Option.valued("--device", "FILE", ValueKind.FILE,
            "an extra device (blob) of an image with a device table; give one for each device, in device order")
            .repeatedly();
    static final Option THREADS = Option.valued("--threads", "N", ValueKind.COUNT,
            "files read and decompressed at once (default: one per processor)");
    static final Option JSON = Option.flag(null, "--json",
            "JSON instead of text (the keys are listed in the man page, erofs(1))");
    static final Option FIELDS = Option.flag(null, "--fields",
            "the on-disk structures as field trees, what the app's structure pane shows: every field by "
                    + "its name in the format, its bytes, value and meaning (with --json: nested nodes)");
    static final Option STRICT = Option.flag(null, "--strict",
            "stop at the first fault of the image, as one line on standard error (by default every entry that "
                    + "can be read is, and each fault met is one line on standard error: offset, path, what)");
    static final Option HELP = Option.flag("-h", "--help",
            "the command's help (usage, options, exit statuses, examples), and nothing else");

    static final Operand IMAGE = new Operand("IMAGE", CommandSpec.Count.ONE, ValueKind.FILE,
            "the image file: EROFS, ext2/3/4, APEX or CAPEX (any name: it is recognised by its content)");
    static final Operand PATH = new Operand("PATH", CommandSpec.Count.ONE, ValueKind.IMAGE_PATH,
            "a path inside the image, such as /etc/hosts");

    static final ExitStatus SUCCESS = new ExitStatus(Cli.OK, "success");
    static final ExitStatus BAD_IMAGE = new ExitStatus(Cli.BAD_IMAGE,
            "IMAGE (or a device file) cannot be read, is no image this program reads, or has faults; each "
                    + "message says why, and where: the byte offset, and the inode and path where known");
    static final ExitStatus USAGE = new ExitStatus(Cli.USAGE, "wrong usage: an unknown option, a missing argument");

    /** A command's own options, then the options of every command that reads an image, then --help. */
    static List<Option> forImage(Option... own) {
        List<Option> all = new ArrayList<>(List.of(own));
        all.add(OFFSET);
        all.add(DEVICE);
        all.add(HELP);
        return List.copyOf(all);
    }

    /** 0, 1 and 2, with {@code alsoFailure} (or null) added to what 1 means. */
    static List<ExitStatus> statuses(String alsoFailure) {
        if (alsoFailure == null) {
            return List.of(SUCCESS, BAD_IMAGE, USAGE);
        }
        return List.of(SUCCESS, new ExitStatus(Cli.BAD_IMAGE, BAD_IMAGE.meaning() + "; or " + alsoFailure), USAGE);
    }
}

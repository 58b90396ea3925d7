package erofsbrowser.cli;

import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code ls [-l] [-R] IMAGE [PATH]}: the entries of a directory (names), or with {@code -R} every
 * entry below it (absolute paths, depth first, names in order); {@code -l} adds type and mode,
 * uid, gid, size (major, minor for devices), mtime (UTC) and symlink targets.
 */
final class LsCommand implements Cli.Command {
    static final CommandSpec.Option LONG = CommandSpec.Option.flag("-l", "--long",
            "type and permissions, links, uid, gid, size (major, minor for devices), mtime (UTC) before each "
                    + "name, and a symlink's target after it");
    static final CommandSpec.Option RECURSIVE = CommandSpec.Option.flag("-R", "--recursive",
            "every entry below PATH, by absolute path, depth first, names in order");
    private static final CommandSpec SPEC = new CommandSpec("ls",
            "the entries of a directory; -R every entry below it",
            List.of("Lists the entries of the directory PATH (default /), one name a line, in name order (byte "
                    + "order, as the image stores them); PATH that is not a directory lists itself. Names are "
                    + "written as ls -b writes them: UTF-8, with control characters and bytes that are not UTF-8 "
                    + "escaped (\\e, \\r, \\377), so that no name can break its line or drive the terminal.",
                    "With --json: one JSON object a line for each entry (keys under JSON OUTPUT in erofs(1)); "
                            + "-l changes nothing then, as every line holds every field."),
            CommonOptions.forImage(LONG, RECURSIVE, CommonOptions.JSON, CommonOptions.STRICT),
            List.of(CommonOptions.IMAGE, new CommandSpec.Operand("PATH", CommandSpec.Count.OPTIONAL,
                    CommandSpec.ValueKind.IMAGE_PATH, "the directory (or entry) to list; default /")),
            CommonOptions.statuses("PATH is not in the image, or a fault was met"),
            List.of(new CommandSpec.Example("ls -l system.img /system/bin", "a directory, with modes and sizes"),
                    new CommandSpec.Example("ls -R --json system.img", "every entry of the image as JSON lines")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(FileSystemImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        String path = args.operand(1) != null ? args.operand(1) : "/";
        Node start = Cli.lookup(image, path);
        if (start == null) {
            err.println(Cli.program() + " ls: " + path + ": no such file or directory in the image");
            return Cli.BAD_IMAGE;
        }
        FaultReport faults = new FaultReport(err, "ls", args, image);
        boolean json = args.has(CommonOptions.JSON.longName());
        boolean longFormat = args.has(LONG.longName());
        Json j = new Json();
        ListingLine line = new ListingLine();
        ListingLine fields = new ListingLine();
        if (args.has(RECURSIVE.longName())) {
            faults.walk(image, start, e -> {
                if (e != start) {
                    if (json) {
                        jsonLine(image, e, j, out, faults);
                    } else {
                        print(image, e, line.clear().path(e), fields, longFormat, out, faults);
                    }
                }
            });
        } else if (start.isDirectory()) {
            for (Node child : faults.list(image, start)) {
                if (json) {
                    jsonLine(image, child, j, out, faults);
                } else {
                    print(image, child, line.clear().bytes(child.name()), fields, longFormat, out, faults);
                }
            }
        } else if (json) {
            jsonLine(image, start, j, out, faults);
        } else {
            print(image, start, line.clear().path(start), fields, longFormat, out, faults);
        }
        out.flush();
        return faults.status();
    }

    /** One entry as a JSON line: every key on every line, null where the type has no such field. */
    private static void jsonLine(FileSystemImage image, Node e, Json j, PrintStream out, FaultReport faults)
            throws ImageException {
        j.beginObject();
        j.bytes("path", e.path());
        j.bytes("name", e.name());
        j.key("type").value(e.type().label());
        j.key("mode").value("0o" + Integer.toOctalString(e.permissions()));
        j.key("nlink").value(e.nlink());
        j.key("uid").value(e.uid());
        j.key("gid").value(e.gid());
        j.key("size").value(e.size());
        j.key("mtime").value(e.mtime());
        j.key("mtime_nsec").value(Integer.toUnsignedLong(e.mtimeNanos()));
        j.key("rdev");
        if (e.type() == FileType.CHR || e.type() == FileType.BLK) {
            j.beginArray().value(e.rdevMajor()).value(e.rdevMinor()).endArray();
        } else {
            j.nullValue();
        }
        byte[] target = e.type() == FileType.SYMLINK ? target(image, e, faults) : null;
        if (target != null) {
            j.bytes("target", target);
        } else {
            j.key("target").nullValue();
        }
        j.key("nid").unsigned(e.inodeNumber());
        j.endObject().writeLine(out);
    }

    /**
     * Writes {@code line}, which holds the entry's name, as the entry's line: with {@code -l} the
     * fields go before the name and a symlink's target after it.
     */
    private static void print(FileSystemImage image, Node e, ListingLine line, ListingLine fields, boolean longFormat,
                              PrintStream out, FaultReport faults) throws ImageException {
        if (!longFormat) {
            line.ascii('\n').writeTo(out);
            return;
        }
        fields.clear();
        FileType type = e.type();
        fields.ascii(type.lsChar()).permissions(e.permissions()).ascii(' ');
        fields.number(e.nlink(), 4).ascii(' ');
        fields.number(e.uid(), 6).ascii(' ');
        fields.number(e.gid(), 6).ascii(' ');
        if (type == FileType.CHR || type == FileType.BLK) {
            fields.padded(e.rdevMajor() + ", " + e.rdevMinor(), 10);
        } else {
            fields.number(e.size(), 10);
        }
        appendTime(fields.ascii(' '), e.mtime()).ascii(' ');
        fields.writeTo(out);
        byte[] target = type == FileType.SYMLINK ? target(image, e, faults) : null;
        if (target != null) {
            line.bytes(ARROW).bytes(target);
        }
        line.ascii('\n').writeTo(out);
    }

    /** A symlink's target, or null when it cannot be read: a fault of that entry, which is listed all the same. */
    private static byte[] target(FileSystemImage image, Node e, FaultReport faults) throws ImageException {
        try {
            return image.linkTarget(e);
        } catch (ImageException x) {
            faults.fault(e, x);
            return null;
        }
    }

    private static final byte[] ARROW = {' ', '-', '>', ' '};

    /** yyyy-MM-dd HH:mm:ss in UTC. */
    private static ListingLine appendTime(ListingLine line, long epochSecond) {
        long day = Math.floorDiv(epochSecond, 86400);
        int secs = (int) Math.floorMod(epochSecond, 86400);
        // The proleptic Gregorian date of a day number, as LocalDate.ofEpochDay computes it
        // (Howard Hinnant's civil_from_days), without an object per line.
        long z = day + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int dayOfMonth = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        line.number(year, 0).ascii('-');
        line.two(month).ascii('-');
        line.two(dayOfMonth).ascii(' ');
        line.two(secs / 3600).ascii(':');
        line.two(secs / 60 % 60).ascii(':');
        return line.two(secs % 60);
    }
}

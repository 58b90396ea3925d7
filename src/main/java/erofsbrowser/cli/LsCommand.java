package erofsbrowser.cli;

import erofsbrowser.erofs.Entry;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileType;
import erofsbrowser.erofs.ondisk.Inode;

import java.io.PrintStream;
import java.util.Set;

/**
 * {@code ls [-l] [-R] IMAGE [PATH]}: the entries of a directory (names), or with {@code -R} every
 * entry below it (absolute paths, depth first, names in order); {@code -l} adds type and mode,
 * uid, gid, size (major, minor for devices), mtime (UTC) and symlink targets.
 */
final class LsCommand implements Cli.Command {
    @Override
    public Set<String> flags() {
        return Set.of("-l", "-R");
    }

    @Override
    public String usage() {
        return "ls [-l] [-R] IMAGE [PATH]";
    }

    @Override
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        String path = args.positional().size() > 1 ? args.positional().get(1) : "/";
        Entry start = image.lookup(path);
        if (start == null) {
            err.println("erofs-browser ls: " + path + ": no such file or directory in the image");
            return Cli.BAD_IMAGE;
        }
        boolean longFormat = args.has("-l");
        ListingLine line = new ListingLine();
        ListingLine fields = new ListingLine();
        if (args.has("-R")) {
            image.walkEntries(start, e -> {
                if (e != start) {
                    print(image, e, line.clear().path(e), fields, longFormat, out);
                }
            });
        } else if (start.inode().isDirectory()) {
            for (Entry child : image.children(start)) {
                print(image, child, line.clear().bytes(child.name()), fields, longFormat, out);
            }
        } else {
            print(image, start, line.clear().path(start), fields, longFormat, out);
        }
        return Cli.OK;
    }

    /**
     * Writes {@code line}, which holds the entry's name, as the entry's line: with {@code -l} the
     * fields go before the name and a symlink's target after it.
     */
    private static void print(ErofsImage image, Entry e, ListingLine line, ListingLine fields, boolean longFormat,
                              PrintStream out) throws ImageException {
        if (!longFormat) {
            line.ascii('\n').writeTo(out);
            return;
        }
        fields.clear();
        Inode i = e.inode();
        fields.ascii(i.type().lsChar()).permissions(i.mode()).ascii(' ');
        fields.number(i.nlink(), 4).ascii(' ');
        fields.number(i.uid(), 6).ascii(' ');
        fields.number(i.gid(), 6).ascii(' ');
        if (i.isDevice()) {
            fields.padded(i.rdevMajor() + ", " + i.rdevMinor(), 10);
        } else {
            fields.number(i.size(), 10);
        }
        appendTime(fields.ascii(' '), i.mtime()).ascii(' ');
        fields.writeTo(out);
        if (e.type() == FileType.SYMLINK) {
            line.bytes(ARROW).bytes(image.symlinkTarget(e.inode()));
        }
        line.ascii('\n').writeTo(out);
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

package erofsbrowser.cli;

import erofsbrowser.core.Entry;
import erofsbrowser.core.ErofsException;
import erofsbrowser.core.ErofsImage;
import erofsbrowser.core.FileType;
import erofsbrowser.core.Inode;

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
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ErofsException {
        String path = args.positional().size() > 1 ? args.positional().get(1) : "/";
        Entry start = image.lookup(path);
        if (start == null) {
            err.println("erofs-browser ls: " + path + ": no such file or directory in the image");
            return Cli.BAD_IMAGE;
        }
        boolean longFormat = args.has("-l");
        if (args.has("-R")) {
            image.walk(start, e -> {
                if (e != start) {
                    print(image, e, e.path(), longFormat, out);
                }
            });
        } else if (start.inode().isDirectory()) {
            for (Entry child : image.children(start)) {
                print(image, child, child.name(), longFormat, out);
            }
        } else {
            print(image, start, start.path(), longFormat, out);
        }
        return Cli.OK;
    }

    /** One line per entry; built by hand because String.format dominates a 60 000-line listing. */
    private static void print(ErofsImage image, Entry e, byte[] name, boolean longFormat, PrintStream out) throws ErofsException {
        if (longFormat) {
            Inode i = e.inode();
            StringBuilder sb = new StringBuilder(80);
            sb.append(i.type().lsChar()).append(FileType.permissionString(i.mode())).append(' ');
            pad(sb, Long.toString(i.nlink()), 4).append(' ');
            pad(sb, Long.toString(i.uid()), 6).append(' ');
            pad(sb, Long.toString(i.gid()), 6).append(' ');
            pad(sb, i.isDevice() ? i.rdevMajor() + ", " + i.rdevMinor() : Long.toString(i.size()), 10).append(' ');
            appendTime(sb, i.mtime()).append(' ');
            writeAscii(out, sb);
        }
        out.write(name, 0, name.length);
        if (longFormat && e.type() == FileType.SYMLINK) {
            byte[] target = image.symlinkTarget(e.inode());
            out.write(ARROW, 0, ARROW.length);
            out.write(target, 0, target.length);
        }
        out.write('\n');
    }

    private static final byte[] ARROW = {' ', '-', '>', ' '};

    private static StringBuilder pad(StringBuilder sb, String s, int width) {
        for (int k = s.length(); k < width; k++) {
            sb.append(' ');
        }
        return sb.append(s);
    }

    /** yyyy-MM-dd HH:mm:ss in UTC. */
    private static StringBuilder appendTime(StringBuilder sb, long epochSecond) {
        long day = Math.floorDiv(epochSecond, 86400);
        int secs = (int) Math.floorMod(epochSecond, 86400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        sb.append(date.getYear()).append('-');
        two(sb, date.getMonthValue()).append('-');
        two(sb, date.getDayOfMonth()).append(' ');
        two(sb, secs / 3600).append(':');
        two(sb, secs / 60 % 60).append(':');
        return two(sb, secs % 60);
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static void writeAscii(PrintStream out, CharSequence s) {
        byte[] b = new byte[s.length()];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) s.charAt(k);
        }
        out.write(b, 0, b.length);
    }
}

package erofsbrowser.cli;

import erofsbrowser.core.Entry;
import erofsbrowser.core.ErofsException;
import erofsbrowser.core.ErofsImage;
import erofsbrowser.core.FileType;
import erofsbrowser.core.Inode;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * {@code ls [-l] [-R] IMAGE [PATH]}: the entries of a directory (names), or with {@code -R} every
 * entry below it (absolute paths, depth first, names in order); {@code -l} adds type and mode,
 * uid, gid, size (major, minor for devices), mtime (UTC) and symlink targets.
 */
final class LsCommand implements Cli.Command {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

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

    private static void print(ErofsImage image, Entry e, byte[] name, boolean longFormat, PrintStream out) throws ErofsException {
        if (longFormat) {
            Inode i = e.inode();
            String size = i.isDevice() ? i.rdevMajor() + ", " + i.rdevMinor() : Long.toString(i.size());
            out.print(String.format("%c%s %4d %6d %6d %10s %s ", i.type().lsChar(), FileType.permissionString(i.mode()),
                    i.nlink(), i.uid(), i.gid(), size, TIME.format(i.mtimeInstant())));
        }
        out.write(name, 0, name.length);
        if (longFormat && e.type() == FileType.SYMLINK) {
            byte[] target = image.symlinkTarget(e.inode());
            out.print(" -> ");
            out.write(target, 0, target.length);
        }
        out.write('\n');
    }
}

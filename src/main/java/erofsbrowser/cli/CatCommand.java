package erofsbrowser.cli;

import erofsbrowser.core.Entry;
import erofsbrowser.core.ErofsException;
import erofsbrowser.core.ErofsImage;
import erofsbrowser.core.FileData;
import erofsbrowser.core.FileType;

import java.io.PrintStream;
import java.util.Set;

/** {@code cat IMAGE PATH}: a regular file's bytes to standard output. */
final class CatCommand implements Cli.Command {
    private static final int BUFFER = 1 << 20;

    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public String usage() {
        return "cat IMAGE PATH";
    }

    @Override
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ErofsException {
        String path = args.operand(0, "PATH");
        Entry entry = image.lookup(path);
        if (entry == null) {
            err.println("erofs-browser cat: " + path + ": no such file or directory in the image");
            return Cli.BAD_IMAGE;
        }
        if (entry.type() != FileType.FILE) {
            err.println("erofs-browser cat: " + path + ": is a " + entry.type().label() + ", not a regular file");
            return Cli.BAD_IMAGE;
        }
        FileData data = image.data(entry.inode());
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(1, data.size()))];
        long pos = 0;
        while (pos < data.size()) {
            int n;
            try {
                n = data.read(pos, buf, 0, buf.length);
            } catch (ErofsException e) {
                throw e.atPath(entry.pathString());
            }
            out.write(buf, 0, n);
            pos += n;
        }
        return Cli.OK;
    }
}

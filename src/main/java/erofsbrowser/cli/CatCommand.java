package erofsbrowser.cli;

import erofsbrowser.erofs.Entry;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.image.FileType;

import java.io.PrintStream;
import java.util.Set;

/** {@code cat IMAGE PATH}: a regular file's bytes to standard output. */
final class CatCommand implements Cli.Command {
    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public String usage() {
        return "cat IMAGE PATH";
    }

    @Override
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
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
        try {
            data.transferTo(out::write);
        } catch (ImageException e) {
            throw e.atPath(entry.pathString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Cli.OK;
    }
}

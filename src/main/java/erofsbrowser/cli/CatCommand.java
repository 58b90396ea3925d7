package erofsbrowser.cli;

import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.io.PrintStream;
import java.util.List;

/** {@code cat IMAGE PATH}: a regular file's bytes to standard output. */
final class CatCommand implements Cli.Command {
    private static final CommandSpec SPEC = new CommandSpec("cat",
            "a file's bytes to standard output",
            List.of("Writes the content of the regular file PATH to standard output, decompressed, exactly as the "
                    + "kernel reads it (holes as zeros)."),
            CommonOptions.forImage(),
            List.of(CommonOptions.IMAGE, CommonOptions.PATH),
            CommonOptions.statuses("PATH is not in the image or is not a regular file"),
            List.of(new CommandSpec.Example("cat system.img /system/build.prop", "a text file of the image"),
                    new CommandSpec.Example("cat payload.img /lib64/libfoo.so > libfoo.so", "a library, copied out")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(FileSystemImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        String path = args.operand(1);
        Node entry = Cli.lookup(image, path);
        if (entry == null) {
            err.println(Cli.program() + " cat: " + path + ": no such file or directory in the image");
            return Cli.BAD_IMAGE;
        }
        if (entry.type() != FileType.FILE) {
            err.println(Cli.program() + " cat: " + path + ": is " + switch (entry.type()) {
                case DIR -> "a directory";
                case SYMLINK -> "a symbolic link";
                case CHR -> "a character device";
                case BLK -> "a block device";
                case FIFO -> "a FIFO";
                default -> "a socket";
            } + ", not a regular file");
            return Cli.BAD_IMAGE;
        }
        try {
            image.content(entry).transferTo(out::write);
        } catch (ImageException e) {
            throw e.atPath(entry.pathString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Cli.OK;
    }
}

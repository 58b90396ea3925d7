package erofsbrowser.app;

import erofsbrowser.cli.WindowCommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An image to open in a window: a file and where the image starts in it.
 *
 * @param file   the image file
 * @param offset the byte offset of the image in the file
 */
record ImageRequest(Path file, long offset) {
    /**
     * The images named by the window's arguments, {@code [--offset N] IMAGE ...}: an offset applies to
     * the image after it. The arguments are checked before ({@link WindowCommandLine#check}).
     *
     * @throws NumberFormatException when an offset is not a number
     */
    static List<ImageRequest> parse(List<String> args) {
        List<ImageRequest> list = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--offset") && i + 1 < args.size()) {
                offset = WindowCommandLine.parseOffset(args.get(++i));
            } else if (a.startsWith("--offset=")) {
                offset = WindowCommandLine.parseOffset(a.substring("--offset=".length()));
            } else {
                list.add(new ImageRequest(Path.of(a), offset));
                offset = 0;
            }
        }
        return list;
    }

    /** This request with its file as an absolute path, to be handed to an app with another working folder. */
    ImageRequest absolute() {
        return new ImageRequest(file.toAbsolutePath(), offset);
    }
}

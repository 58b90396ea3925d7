package erofsbrowser.open;

import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens an image file by what its bytes are, whatever its name: the one place that knows every
 * format the app, the command line and the benchmarks read.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Opens the image that starts {@code offset} bytes into {@code file}, with extra devices (EROFS
     * blobs) in device order.
     *
     * @throws ImageException when the bytes are no image this program reads, naming what they are not
     */
    public static FileSystemImage open(Path file, long offset, List<Path> devices) throws IOException, ImageException {
        return ErofsImage.open(file, offset, devices);
    }
}

package erofsbrowser.fuzz;

import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.open.ImageFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a user can ask of an image, asked of one: open it, list every directory past
 * faults, and for each entry its structures, xattrs, link target, content (all of it, past
 * faults), data runs and stored size; then the image's structures, parts and ownership map.
 * Only {@link ImageException} may come out of a reader; anything else is a defect.
 */
final class Walk {
    /**
     * How a walk ended: the image opened, or was refused with the typed error. {@code listed}
     * counts the entries listed past faults; {@code listedStrictly} those a walk that stops at the
     * first fault lists (as every reader did before it could go on).
     */
    record Result(boolean opened, int listed, int listedStrictly) {
    }

    private Walk() {
    }

    static Result of(Path file) throws IOException {
        FileSystemImage image;
        try {
            image = ImageFiles.open(file, 0, List.of());
        } catch (ImageException refused) {
            return new Result(false, 0, 0);
        }
        int[] listed = {0};
        int[] strict = {0};
        FileContent.Sink discard = new FileContent.Sink() {
            @Override
            public void accept(byte[] bytes, int off, int len) {
            }

            @Override
            public void hole(long length) {
                // a damaged size may make a hole of exabytes: skipped, as a sparse file would
            }
        };
        try (image) {
            image.warnings();
            image.parts();
            try {
                image.imageStructures();
            } catch (ImageException e) {
                // reported where it is; the tree may still be read
            }
            try {
                image.walk(image.root(), n -> {
                    listed[0]++;
                    try {
                        image.structures(n);
                        image.xattrs(n);
                        image.storedSize(n);
                        if (n.type() == FileType.SYMLINK) {
                            image.linkTarget(n);
                        } else if (n.type() == FileType.FILE) {
                            image.dataRuns(n);
                            try {
                                image.content(n).transferPast(discard, e -> { });
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e); // the sink does no I/O
                            }
                        }
                    } catch (ImageException e) {
                        // a fault of this entry alone
                    }
                }, fault -> { });
            } catch (ImageException e) {
                // the root itself cannot be read
            }
            try {
                image.walk(image.root(), n -> strict[0]++);
            } catch (ImageException e) {
                // where the strict walk stops
            }
            try {
                image.buildOwnerMap(() -> false);
            } catch (ImageException e) {
                // reported as the map's problem
            }
        }
        return new Result(true, listed[0], strict[0]);
    }
}

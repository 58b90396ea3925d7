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
 * faults), data runs and stored size; then the image's structures, parts and ownership map; and,
 * when asked, extract it all. A file refused as an image is opened as bytes, as the window shows
 * it: its structures, parts and map. Only {@link ImageException} may come out of a reader;
 * anything else is a defect, and so is an extraction that writes outside its folder.
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
        return of(file, null);
    }

    /**
     * Walks {@code file}; with {@code sandbox} (else null), an empty folder, also extracts the whole
     * image into {@code sandbox/dest} past its faults, then checks that nothing else is in the
     * sandbox, and empties it.
     */
    static Result of(Path file, Path sandbox) throws IOException {
        FileSystemImage image;
        try {
            image = ImageFiles.open(file, 0, List.of());
        } catch (ImageException refused) {
            asBytes(file, refused);
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
            if (sandbox != null) {
                extract(image, sandbox);
            }
        }
        return new Result(true, listed[0], strict[0]);
    }

    /** The file as the window shows one it cannot open: its bytes, its structures as far as they go. */
    private static void asBytes(Path file, ImageException refused) throws IOException {
        try (FileSystemImage bytes = ImageFiles.openAsBytes(file, 0, refused)) {
            bytes.warnings();
            bytes.parts();
            bytes.imageStructures();
            bytes.buildOwnerMap(() -> false);
            try {
                bytes.root();
                throw new AssertionError("a file opened as bytes has a root");
            } catch (ImageException expected) {
                // what stopped the opening
            }
        } catch (ImageException e) {
            // its structures cannot be read either
        }
    }

    private static void extract(FileSystemImage image, Path sandbox) throws IOException {
        Path dest = sandbox.resolve("dest");
        try {
            new erofsbrowser.extract.Extractor(image, dest, new erofsbrowser.extract.ExtractionOptions(1,
                    erofsbrowser.extract.ExtractionOptions.ExistingFiles.SKIP, null, null, () -> false).pastFaults(true))
                    .extract(List.of(image.root()));
        } catch (ImageException e) {
            // the root itself cannot be read, or a fault past which extraction cannot go
        } finally {
            try (java.util.stream.Stream<Path> in = java.nio.file.Files.list(sandbox)) {
                List<Path> outside = in.filter(p -> !p.equals(dest)).toList();
                if (!outside.isEmpty()) {
                    throw new AssertionError("the extraction wrote outside its folder: " + outside);
                }
            } finally {
                deleteTree(dest);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!java.nio.file.Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        java.nio.file.Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a)
                    throws IOException {
                // folders an image made unwritable or unreadable are opened up to be emptied
                dir.toFile().setWritable(true, true);
                dir.toFile().setReadable(true, true);
                dir.toFile().setExecutable(true, true);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                java.nio.file.Files.delete(f);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                java.nio.file.Files.delete(dir);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }
}

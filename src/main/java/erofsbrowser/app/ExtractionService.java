package erofsbrowser.app;

import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.Node;
import erofsbrowser.extract.ExtractionOptions;
import erofsbrowser.extract.ExtractionReport;
import erofsbrowser.extract.Extractor;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.List;

/**
 * Extraction from the app, as background tasks: progress in entries and bytes, cancel, a report
 * of what was written and skipped. What to do with existing files is asked once per task.
 */
final class ExtractionService {
    private final int threads = Runtime.getRuntime().availableProcessors();

    /**
     * An extraction task. Cancelling a JavaFX task drops its result, but a cancelled extraction
     * still reports what it wrote and where it stopped: {@link #finished()} completes with that
     * report once the work has really ended.
     */
    abstract static class ExtractionTask extends Task<ExtractionReport> {
        private final java.util.concurrent.CompletableFuture<ExtractionReport> finished =
                new java.util.concurrent.CompletableFuture<>();
        private volatile long entriesWritten;
        private volatile long bytesWritten;

        /** What was written so far: a failed extraction says how far it got. */
        String writtenSoFar() {
            return String.format("%,d entries and %,d bytes", entriesWritten, bytesWritten);
        }

        void written(long entries, long bytes) {
            entriesWritten = entries;
            bytesWritten = bytes;
        }

        /** Completes with the report when the extraction ends, cancelled or not (exceptionally when it fails). */
        java.util.concurrent.CompletableFuture<ExtractionReport> finished() {
            return finished;
        }

        @Override
        protected final ExtractionReport call() throws Exception {
            try {
                ExtractionReport report = extract();
                finished.complete(report);
                return report;
            } catch (Exception | Error e) {
                finished.completeExceptionally(e);
                throw e;
            }
        }

        abstract ExtractionReport extract() throws Exception;
    }

    /** A task that extracts {@code entries} into {@code destination} (each as destination/NAME). */
    ExtractionTask extraction(FileSystemImage image, List<Node> entries, Path destination,
                              ExtractionOptions.ExistingFiles existing,
                              ExtractionOptions.ConflictResolver resolver) {
        return new ExtractionTask() {
            @Override
            ExtractionReport extract() throws Exception {
                updateTitle("Extracting " + describe(entries) + " to " + destination);
                ExtractionOptions options = new ExtractionOptions(threads, existing, resolver,
                        (entriesDone, entriesTotal, bytesDone, bytesTotal) -> {
                            written(entriesDone, bytesDone);
                            updateProgress(bytesTotal > 0 ? bytesDone : entriesDone, bytesTotal > 0 ? bytesTotal : entriesTotal);
                            updateMessage(String.format("%,d of %,d entries, %,d of %,d bytes", entriesDone, entriesTotal,
                                    bytesDone, bytesTotal));
                        },
                        this::isCancelled).pastFaults(true);
                return new Extractor(image, destination, options).extract(entries);
            }
        };
    }

    /** What a dragged image root is called: a folder holding the whole tree. */
    static final String ROOT_DRAG_NAME = "image-root";

    /**
     * A task that writes the files of a drag into {@code folder}, each as folder/NAME (the image
     * root as folder/image-root). They are written in a staging folder and renamed into place
     * when whole: a drop that comes too early finds no file rather than a truncated one.
     */
    Task<Void> dragPreparation(FileSystemImage image, List<Node> entries, Path folder) {
        return new Task<>() {
            @Override
            protected Void call() throws Exception {
                updateTitle("Preparing " + describe(entries) + " for dragging");
                Path staging = java.nio.file.Files.createDirectory(folder.resolve(".partial"));
                ExtractionReport report = new Extractor(image, staging, new ExtractionOptions(threads,
                        ExtractionOptions.ExistingFiles.SKIP, null,
                        (ed, et, bd, bt) -> updateProgress(bt > 0 ? bd : ed, bt > 0 ? bt : et),
                        this::isCancelled)).extract(entries);
                if (report.cancelled()) {
                    return null;
                }
                if (entries.get(0).isRoot()) {
                    java.nio.file.Files.move(staging, folder.resolve(ROOT_DRAG_NAME),
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    return null;
                }
                for (Node e : entries) {
                    java.nio.file.Files.move(staging.resolve(e.nameString()), folder.resolve(e.nameString()),
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                java.nio.file.Files.delete(staging);
                return null;
            }
        };
    }

    /**
     * A task that writes one file into a private folder, made by {@code newFolder} on the task's
     * thread (making the first one also sweeps what a killed session left), so that the
     * system's application can open it; its value is the written file.
     */
    Task<Path> openingCopy(FileSystemImage image, Node entry, java.util.concurrent.Callable<Path> newFolder) {
        return new Task<>() {
            @Override
            protected Path call() throws Exception {
                updateTitle("Opening " + entry.pathString());
                return extractOne(image, entry, newFolder.call(), this, this::updateProgress);
            }
        };
    }

    /**
     * A task that saves one file as {@code target}. It is written in a folder beside the target
     * and moved over it only when whole, so a failure or a cancel leaves no half file and an
     * existing file is replaced only by a complete one.
     */
    Task<Path> saving(FileSystemImage image, Node entry, Path target) {
        return new Task<>() {
            @Override
            protected Path call() throws Exception {
                updateTitle("Saving " + entry.pathString() + " as " + target);
                Path folder = java.nio.file.Files.createTempDirectory(target.toAbsolutePath().getParent(), ".erofs-save-");
                try {
                    Path written = extractOne(image, entry, folder, this, this::updateProgress);
                    return java.nio.file.Files.move(written, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    TempFolders.deleteTree(folder);
                }
            }
        };
    }

    private interface ProgressSink {
        void update(long done, long total);
    }

    /** Writes one entry as folder/NAME; a file that could not be written is an error. */
    private Path extractOne(FileSystemImage image, Node entry, Path folder, Task<?> task, ProgressSink progress)
            throws Exception {
        ExtractionReport report = new Extractor(image, folder, new ExtractionOptions(1,
                ExtractionOptions.ExistingFiles.SKIP, null,
                (ed, et, bd, bt) -> progress.update(bd, bt), task::isCancelled)).extract(List.of(entry));
        if (report.cancelled()) {
            throw new java.util.concurrent.CancellationException("cancelled");
        }
        Path file = folder.resolve(entry.nameString());
        // An xattr the folder's filesystem refuses is reported but leaves the file whole.
        if (!java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.io.IOException(report.skipped().isEmpty() ? file + " was not written"
                    : report.skipped().stream().map(Object::toString).collect(java.util.stream.Collectors.joining("; ")));
        }
        return file;
    }

    static String describe(List<? extends Node> entries) {
        if (entries.size() == 1) {
            return entries.get(0).isRoot() ? "the whole image" : entries.get(0).pathString();
        }
        return entries.size() + " entries";
    }
}

package erofsbrowser.app;

import erofsbrowser.core.Entry;
import erofsbrowser.core.ErofsImage;
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
    ExtractionTask extraction(ErofsImage image, List<Entry> entries, Path destination,
                              ExtractionOptions.ExistingFiles existing,
                              ExtractionOptions.ConflictResolver resolver) {
        return new ExtractionTask() {
            @Override
            ExtractionReport extract() throws Exception {
                updateTitle("Extracting " + describe(entries) + " to " + destination);
                ExtractionOptions options = new ExtractionOptions(threads, existing, resolver,
                        (entriesDone, entriesTotal, bytesDone, bytesTotal) -> {
                            updateProgress(bytesTotal > 0 ? bytesDone : entriesDone, bytesTotal > 0 ? bytesTotal : entriesTotal);
                            updateMessage(String.format("%,d of %,d entries, %,d of %,d bytes", entriesDone, entriesTotal,
                                    bytesDone, bytesTotal));
                        },
                        this::isCancelled);
                return new Extractor(image, destination, options).extract(entries);
            }
        };
    }

    static String describe(List<Entry> entries) {
        if (entries.size() == 1) {
            return entries.get(0).isRoot() ? "the whole image" : entries.get(0).pathString();
        }
        return entries.size() + " entries";
    }
}

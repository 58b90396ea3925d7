package erofsbrowser.extract;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * How an extraction runs: threads, what to do with files that exist already, progress, cancel.
 *
 * @param threads   files decompressed and written at once
 * @param existing  what to do when a target exists; {@link ExistingFiles#ASK} asks {@code resolver}
 *                  once, at the first conflict, and keeps the answer for the rest of the task
 * @param resolver  answers ASK (called on a worker thread; it may block until a person answers)
 * @param progress  told of entries and bytes written; may be null
 * @param cancelled polled often; once true the extraction stops, removing its partly written file
 * @param pastFaults go on past what the image cannot give (an entry it cannot read, a name that
 *                  must not be written, a run of data it cannot decode): each is reported in the
 *                  report's faults and the rest is written; else the first one stops the extraction
 */
public record ExtractionOptions(int threads, ExistingFiles existing, ConflictResolver resolver,
                                ProgressListener progress, BooleanSupplier cancelled, boolean pastFaults) {

    /** Options that stop at the first fault of the image. */
    public ExtractionOptions(int threads, ExistingFiles existing, ConflictResolver resolver, ProgressListener progress,
                             BooleanSupplier cancelled) {
        this(threads, existing, resolver, progress, cancelled, false);
    }

    /** The same options, going on past the image's faults (or not). */
    public ExtractionOptions pastFaults(boolean goOn) {
        return new ExtractionOptions(threads, existing, resolver, progress, cancelled, goOn);
    }

    /** What to do with a target that exists already. Nothing is ever overwritten silently. */
    public enum ExistingFiles { ASK, OVERWRITE, SKIP, KEEP_BOTH }

    /** Decides ASK: returns OVERWRITE, SKIP or KEEP_BOTH for all conflicts of the task. */
    @FunctionalInterface
    public interface ConflictResolver {
        ExistingFiles resolve(Path firstConflict);
    }

    /** Progress: entries and bytes written so far, of the totals. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(long entriesDone, long entriesTotal, long bytesDone, long bytesTotal);
    }

    /** All cores, existing files skipped and reported, no progress, never cancelled: the command line. */
    public static ExtractionOptions defaults(int threads) {
        return new ExtractionOptions(threads, ExistingFiles.SKIP, null, null, () -> false);
    }
}

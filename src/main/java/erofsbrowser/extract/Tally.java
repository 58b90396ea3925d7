package erofsbrowser.extract;

import erofsbrowser.image.Fault;
import erofsbrowser.image.Node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an extraction has done so far, shared by the walk and the writing threads: entries and
 * bytes written (against the totals, for progress), what was left out and why, the entry being
 * written, and whether to stop.
 */
final class Tally {
    private final ExtractionOptions options;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final List<ExtractionReport.Skipped> skipped = Collections.synchronizedList(new ArrayList<>());
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refused = new java.util.ArrayList<>();
    private volatile long entriesTotal;
    private volatile long bytesTotal;
    private volatile String current;

    Tally(ExtractionOptions options) {
        this.options = options;
    }

    void totals(long entryCount, long byteCount) {
        this.entriesTotal = entryCount;
        this.bytesTotal = byteCount;
    }

    boolean wantsProgress() {
        return options.progress() != null;
    }

    /** Throws {@link CancellationException} once the extraction is cancelled (or its thread interrupted). */
    void checkCancelled() {
        if (options.cancelled().getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("extraction cancelled");
        }
    }

    void entryDone() {
        long done = entries.incrementAndGet();
        if (options.progress() != null) {
            options.progress().progress(done, entriesTotal, bytes.get(), bytesTotal);
        }
    }

    void bytesWritten(long n) {
        long done = bytes.addAndGet(n);
        if (options.progress() != null) {
            options.progress().progress(entries.get(), entriesTotal, done, bytesTotal);
        }
    }

    void skip(Node node, String reason) {
        skipped.add(new ExtractionReport.Skipped(node.pathString(), reason));
    }

    /** Whether the extraction goes on past the image's faults. */
    boolean pastFaults() {
        return options.pastFaults();
    }

    void fault(Fault fault) {
        faults.add(fault);
    }

    /** An entry a fault kept out: its image path. */
    void refused(String path) {
        refused.add(path);
    }

    List<String> refused() {
        return refused;
    }

    List<Fault> faults() {
        return faults;
    }

    List<ExtractionReport.Skipped> skipped() {
        return skipped;
    }

    void current(Node node) {
        current = node.pathString();
    }

    String current() {
        return current;
    }

    long entries() {
        return entries.get();
    }

    long bytes() {
        return bytes.get();
    }
}

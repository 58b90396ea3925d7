package erofsbrowser.app.hex;

import java.util.Objects;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * Finds the next ({@code forward}) or previous occurrence of a byte pattern in a source, reading it
 * in chunks that overlap by {@code pattern.length - 1} bytes so a match across a chunk boundary is
 * still found. The value is the match's offset, or -1. Forward: the first match at or after
 * {@code from}; backward: the last match starting at or before {@code from}. Checks for
 * cancellation between chunks and reports progress in bytes scanned.
 */
final class ByteSearchTask extends Task<Long> {

    static final int DEFAULT_CHUNK = 1 << 20;

    private final ByteSource source;
    private final byte[] pattern;
    private final long from;
    private final boolean forward;
    private final int chunk;

    ByteSearchTask(ByteSource source, byte[] pattern, long from, boolean forward, int chunk) {
        this.source = source;
        this.pattern = Objects.requireNonNull(pattern, "pattern").clone();
        this.from = from;
        this.forward = forward;
        this.chunk = Math.max(chunk, 1);
        if (this.pattern.length == 0) {
            throw new IllegalArgumentException("empty search pattern");
        }
        updateTitle("Find " + pattern.length + " bytes " + (forward ? "forward" : "backward") + " from " + from);
    }

    @Override
    protected Long call() throws Exception {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("run the search on a background thread, not the FX thread");
        }
        if (source == null) {
            return -1L;
        }
        long lastStart = source.length() - pattern.length;
        if (lastStart < 0) {
            return -1L;
        }
        return forward ? searchForward(lastStart) : searchBackward(lastStart);
    }

    /** Candidate starts from..lastStart, a chunk of candidates at a time. */
    private long searchForward(long lastStart) throws Exception {
        long first = Math.max(0, from);
        long total = Math.max(1, lastStart - first + 1);
        byte[] buffer = new byte[chunk + pattern.length - 1];
        for (long start = first; start <= lastStart; start += chunk) {
            if (isCancelled()) {
                return -1L;
            }
            int candidates = (int) Math.min(chunk, lastStart - start + 1);
            source.readFully(start, buffer, 0, candidates + pattern.length - 1);
            for (int i = 0; i < candidates; i++) {
                if (matchesAt(buffer, i)) {
                    return start + i;
                }
            }
            updateProgress(start - first + candidates, total);
        }
        return -1L;
    }

    /** Candidate starts min(from, lastStart) down to 0, a chunk of candidates at a time. */
    private long searchBackward(long lastStart) throws Exception {
        long last = Math.min(from, lastStart);
        if (last < 0) {
            return -1L;
        }
        long total = last + 1;
        byte[] buffer = new byte[chunk + pattern.length - 1];
        for (long high = last; high >= 0; high -= chunk) {
            if (isCancelled()) {
                return -1L;
            }
            long low = Math.max(0, high - chunk + 1);
            int candidates = (int) (high - low + 1);
            source.readFully(low, buffer, 0, candidates + pattern.length - 1);
            for (int i = candidates - 1; i >= 0; i--) {
                if (matchesAt(buffer, i)) {
                    return low + i;
                }
            }
            updateProgress(last - low + 1, total);
        }
        return -1L;
    }

    private boolean matchesAt(byte[] buffer, int at) {
        for (int k = 0; k < pattern.length; k++) {
            if (buffer[at + k] != pattern[k]) {
                return false;
            }
        }
        return true;
    }
}

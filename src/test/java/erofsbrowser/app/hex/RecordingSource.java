package erofsbrowser.app.hex;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * A test source that computes its bytes from the position, counts reads, can fail, be slow or
 * wait for a gate, and records every read made on the FX thread (which must never happen).
 */
final class RecordingSource implements ByteSource {

    @FunctionalInterface
    interface Bytes {
        byte at(long position);
    }

    private final long length;
    private final Bytes bytes;
    private final Exception failure;
    private final AtomicLong reads = new AtomicLong();
    private final List<AssertionError> readsOnFxThread = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate;
    private volatile long delayMillis;

    private RecordingSource(long length, Bytes bytes, Exception failure) {
        this.length = length;
        this.bytes = bytes;
        this.failure = failure;
    }

    static RecordingSource of(byte[] content) {
        return new RecordingSource(content.length, position -> content[(int) position], null);
    }

    static RecordingSource computed(long length, Bytes bytes) {
        return new RecordingSource(length, bytes, null);
    }

    static RecordingSource failing(long length, Exception failure) {
        return new RecordingSource(length, position -> 0, failure);
    }

    /** Every read waits until {@code opened} is counted down. */
    RecordingSource waitingFor(CountDownLatch opened) {
        gate = opened;
        return this;
    }

    /** Every read takes at least this long. */
    RecordingSource slowedBy(long millis) {
        delayMillis = millis;
        return this;
    }

    long readCount() {
        return reads.get();
    }

    List<AssertionError> readsOnFxThread() {
        return readsOnFxThread;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int read(long position, byte[] dst, int off, int len) throws Exception {
        try {
            assertFalse(Platform.isFxApplicationThread(), "read(" + position + ", " + len + ") on the FX thread");
        } catch (AssertionError onFxThread) {
            readsOnFxThread.add(onFxThread);
            throw onFxThread;
        }
        reads.incrementAndGet();
        CountDownLatch waitFor = gate;
        if (waitFor != null && !waitFor.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
        if (delayMillis > 0) {
            Thread.sleep(delayMillis);
        }
        if (failure != null) {
            throw failure;
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        for (int i = 0; i < n; i++) {
            dst[off + i] = bytes.at(position + i);
        }
        return n;
    }
}

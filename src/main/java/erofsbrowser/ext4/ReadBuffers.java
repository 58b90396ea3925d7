package erofsbrowser.ext4;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Scratch arrays for whole-file reads ({@link MappedContent#transferTo}), handed back and reused:
 * an extraction otherwise allocates, and the JVM zero-fills, as many bytes as it copies (half the
 * samples of an extraction of /usr/share were that zeroing). Holds a few arrays, taken and given
 * without a lock; an array is used by one thread at a time. Sizes are powers of two from 64 KiB.
 */
final class ReadBuffers {
    private static final int KEEP = 8;
    private static final int MIN_SIZE = 64 << 10;

    private final AtomicReferenceArray<byte[]> free = new AtomicReferenceArray<>(KEEP);

    /** An array of at least {@code size} bytes (at most a power of two above it), with any content. */
    byte[] take(int size) {
        for (int i = 0; i < KEEP; i++) {
            byte[] b = free.get(i);
            if (b != null && b.length >= size && free.compareAndSet(i, b, null)) {
                return b;
            }
        }
        return new byte[size <= MIN_SIZE ? MIN_SIZE : Integer.highestOneBit(size - 1) << 1];
    }

    /** Keeps {@code buffer} for a later {@link #take}, unless every slot holds one. */
    void give(byte[] buffer) {
        for (int i = 0; i < KEEP; i++) {
            if (free.get(i) == null && free.compareAndSet(i, null, buffer)) {
                return;
            }
        }
    }
}

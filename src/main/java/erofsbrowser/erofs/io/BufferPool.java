package erofsbrowser.erofs.io;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Scratch arrays for whole-file reads, handed back and reused: decompressing a large image
 * otherwise allocates (and the OS zero-fills) as many bytes as it decodes. Holds a few arrays at
 * most; an array is used by one thread at a time. Sizes are powers of two, so that extents of
 * growing sizes cost a few arrays rather than one each: a checked image once allocated 34 arrays
 * of 0.1 to 1.2 MiB, each of them fresh memory (a page fault per 4 KiB) in a new heap region.
 */
public final class BufferPool {
    private static final int KEEP = 16;
    private static final int MIN_SIZE = 128 << 10;

    /**
     * Arrays handed back, in slots that are empty (null) or hold one. Taken and given without a
     * lock: every extent read takes one and gives it back, on every thread at once.
     */
    private final AtomicReferenceArray<byte[]> free = new AtomicReferenceArray<>(KEEP);

    /** An array of at least {@code size} bytes, with any content. */
    public byte[] take(int size) {
        for (int i = 0; i < KEEP; i++) {
            byte[] b = free.get(i);
            if (b != null && b.length >= size && free.compareAndSet(i, b, null)) {
                return b;
            }
        }
        return new byte[size <= MIN_SIZE ? MIN_SIZE : roundUp(size)];
    }

    /** The power of two at or above {@code size}, or {@code size} itself beyond 1 GiB. */
    private static int roundUp(int size) {
        int power = Integer.highestOneBit(size - 1) << 1;
        return power > 0 ? power : size;
    }

    /** Keeps {@code buffer} for a later {@link #take}, unless the pool is full. */
    public void give(byte[] buffer) {
        for (int i = 0; i < KEEP; i++) {
            if (free.get(i) == null && free.compareAndSet(i, null, buffer)) {
                return;
            }
        }
    }
}

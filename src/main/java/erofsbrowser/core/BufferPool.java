package erofsbrowser.core;

import java.util.ArrayList;

/**
 * Scratch arrays for whole-file reads, handed back and reused: decompressing a large image
 * otherwise allocates (and the OS zero-fills) as many bytes as it decodes. Holds a few arrays at
 * most; an array is used by one thread at a time. Sizes are powers of two, so that extents of
 * growing sizes cost a few arrays rather than one each: a checked image once allocated 34 arrays
 * of 0.1 to 1.2 MiB, each of them fresh memory (a page fault per 4 KiB) in a new heap region.
 */
final class BufferPool {
    private static final int KEEP = 16;
    private static final int MIN_SIZE = 128 << 10;

    /** Guarded by itself. */
    private final ArrayList<byte[]> free = new ArrayList<>();

    /** An array of at least {@code size} bytes, with any content. */
    byte[] take(int size) {
        synchronized (free) {
            for (int i = free.size() - 1; i >= 0; i--) {
                if (free.get(i).length >= size) {
                    return free.remove(i);
                }
            }
        }
        return new byte[size <= MIN_SIZE ? MIN_SIZE : roundUp(size)];
    }

    /** The power of two at or above {@code size}, or {@code size} itself beyond 1 GiB. */
    private static int roundUp(int size) {
        int power = Integer.highestOneBit(size - 1) << 1;
        return power > 0 ? power : size;
    }

    void give(byte[] buffer) {
        synchronized (free) {
            if (free.size() < KEEP) {
                free.add(buffer);
            }
        }
    }
}

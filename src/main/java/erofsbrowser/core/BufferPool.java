package erofsbrowser.core;

import java.util.ArrayList;

/**
 * Scratch arrays for whole-file reads, handed back and reused: decompressing a large image
 * otherwise allocates (and the OS zero-fills) as many bytes as it decodes. Holds a few arrays at
 * most; an array is used by one thread at a time.
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
        return new byte[Math.max(size, MIN_SIZE)];
    }

    void give(byte[] buffer) {
        synchronized (free) {
            if (free.size() < KEEP) {
                free.add(buffer);
            }
        }
    }
}

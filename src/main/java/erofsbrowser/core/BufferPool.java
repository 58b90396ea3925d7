package erofsbrowser.core;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Scratch arrays for whole-file reads, handed back and reused: decompressing a large image
 * otherwise allocates (and the OS zero-fills) as many bytes as it decodes. Holds a few arrays at
 * most; an array is used by one thread at a time.
 */
final class BufferPool {
    private static final int KEEP = 16;
    private static final int MIN_SIZE = 128 << 10;

    private final ConcurrentLinkedDeque<byte[]> free = new ConcurrentLinkedDeque<>();

    /** An array of at least {@code size} bytes, with any content. */
    byte[] take(int size) {
        for (var it = free.iterator(); it.hasNext(); ) {
            byte[] b = it.next();
            if (b.length >= size && free.removeFirstOccurrence(b)) {
                return b;
            }
        }
        return new byte[Math.max(size, MIN_SIZE)];
    }

    void give(byte[] buffer) {
        if (free.size() < KEEP) {
            free.addFirst(buffer);
        }
    }
}

package erofsbrowser.core;

import java.nio.ByteBuffer;

/**
 * Recently read 16 KiB chunks of an image, for its small reads: the inodes, dirents and indexes
 * of a walk (hundreds of thousands of reads of a few bytes each, scattered over the image).
 * Thread-safe. A chunk is read whole with one {@code pread}, through {@link Loader}, and kept in
 * the slot of its number modulo the slot count, until another chunk needs that slot.
 *
 * <p>Why not a memory mapping: on the virtual machines measured, a page fault cost 36 µs (the
 * kernel maps 64 KiB around it), and unmapping those pages at exit 5 µs more, where a 16 KiB
 * {@code pread} cost 5 µs. A check of a 600 MB image faulted 2000 times, and so spent 84 ms
 * (12 of them serial, at exit) where these chunks spend about 35 ms in 6500 reads. Mapping the
 * file also cost 5 ms at each start (the JDK sets up method handles for it).
 */
final class ChunkCache {
    static final int CHUNK_BITS = 14;
    static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    /** At most 2048 slots: 32 MiB, enough for the metadata of a 1 GB image to be read about once. */
    static final int MAX_SLOTS = 2048;

    /** Fills {@code into} from its position to its limit with the image's bytes at {@code position}. */
    interface Loader {
        void load(long position, ByteBuffer into) throws ErofsException;
    }

    private final Loader loader;
    private final long length;
    /** Fixed at construction; each slot is guarded by itself. */
    private final Slot[] slots;

    private static final class Slot {
        /** The chunk number held, or -1. */
        long chunk = -1;
        /**
         * Allocated at first use: a small image uses a few slots only. On the heap: direct ones,
         * which the file could be read into with no copy between, each cost 4 page faults more
         * (the heap's pages are huge pages), 8000 more in a check, and so more than the copy.
         */
        ByteBuffer bytes;
    }

    /** A cache of the chunks of {@code length} bytes read through {@code loader}. */
    ChunkCache(Loader loader, long length) {
        this(loader, length, MAX_SLOTS);
    }

    /** As {@link #ChunkCache(Loader, long)}, with at most {@code maxSlots} slots. */
    ChunkCache(Loader loader, long length, int maxSlots) {
        this.loader = loader;
        this.length = length;
        long chunks = (length + CHUNK_SIZE - 1) >>> CHUNK_BITS;
        this.slots = new Slot[(int) Math.max(1, Math.min(maxSlots, chunks))];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    /** Copies {@code len} bytes at {@code position} (checked by the caller to lie in the image). */
    void read(long position, byte[] dst, int off, int len) throws ErofsException {
        long pos = position;
        int done = 0;
        while (done < len) {
            long chunk = pos >>> CHUNK_BITS;
            int inChunk = (int) (pos & (CHUNK_SIZE - 1));
            int n = Math.min(len - done, CHUNK_SIZE - inChunk);
            Slot slot = slots[(int) (chunk % slots.length)];
            synchronized (slot) {
                if (slot.chunk != chunk) {
                    if (slot.bytes == null) {
                        slot.bytes = ByteBuffer.allocate(CHUNK_SIZE);
                    }
                    long start = chunk << CHUNK_BITS;
                    slot.chunk = -1; // a failed load leaves no chunk behind
                    slot.bytes.clear().limit((int) Math.min(CHUNK_SIZE, length - start));
                    loader.load(start, slot.bytes);
                    slot.chunk = chunk;
                }
                slot.bytes.get(inChunk, dst, off + done, n);
            }
            done += n;
            pos += n;
        }
    }
}

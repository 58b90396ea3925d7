package erofsbrowser.image;

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
    /**
     * Slots share arrays of 128 (2 MiB), each allocated when one of its slots is first used: a
     * small image uses a few slots only. Few and large, so that they can live outside the young
     * generation (bin/erofs has the JVM allocate arrays of 1 MiB or more in the old one): 32 MiB
     * of them copied by the first young collection made its pause 15 ms.
     */
    static final int SLOTS_PER_SLAB = 128;

    /** Fills {@code into} from its position to its limit with the image's bytes at {@code position}. */
    interface Loader {
        void load(long position, ByteBuffer into) throws ImageException;
    }

    private final Loader loader;
    private final long length;
    /** Fixed at construction; each slot is guarded by itself. */
    private final Slot[] slots;
    /** Guarded by itself. */
    private final byte[][] slabs;

    private static final class Slot {
        final int index;
        /** The chunk number held, or -1. */
        long chunk = -1;
        /** Its bytes: {@code CHUNK_SIZE} of them from {@link #offset}; null until first used. */
        byte[] slab;
        int offset;

        Slot(int index) {
            this.index = index;
        }
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
            slots[i] = new Slot(i);
        }
        this.slabs = new byte[(slots.length + SLOTS_PER_SLAB - 1) / SLOTS_PER_SLAB][];
    }

    /** Copies {@code len} bytes at {@code position} (checked by the caller to lie in the image). */
    void read(long position, byte[] dst, int off, int len) throws ImageException {
        long pos = position;
        int done = 0;
        while (done < len) {
            long chunk = pos >>> CHUNK_BITS;
            int inChunk = (int) (pos & (CHUNK_SIZE - 1));
            int n = Math.min(len - done, CHUNK_SIZE - inChunk);
            Slot slot = slots[(int) (chunk % slots.length)];
            synchronized (slot) {
                if (slot.chunk != chunk) {
                    load(slot, chunk);
                }
                System.arraycopy(slot.slab, slot.offset + inChunk, dst, off + done, n);
            }
            done += n;
            pos += n;
        }
    }

    /** Reads {@code chunk} into {@code slot}, which the caller holds. */
    private void load(Slot slot, long chunk) throws ImageException {
        if (slot.slab == null) {
            slot.slab = slab(slot.index / SLOTS_PER_SLAB);
            slot.offset = (slot.index % SLOTS_PER_SLAB) * CHUNK_SIZE;
        }
        long start = chunk << CHUNK_BITS;
        slot.chunk = -1; // a failed load leaves no chunk behind
        loader.load(start, ByteBuffer.wrap(slot.slab, slot.offset, (int) Math.min(CHUNK_SIZE, length - start)));
        slot.chunk = chunk;
    }

    private byte[] slab(int number) {
        synchronized (slabs) {
            if (slabs[number] == null) {
                int slotsInSlab = Math.min(SLOTS_PER_SLAB, slots.length - number * SLOTS_PER_SLAB);
                slabs[number] = new byte[slotsInSlab * CHUNK_SIZE];
            }
            return slabs[number];
        }
    }
}

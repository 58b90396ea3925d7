package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

/**
 * The block map of an inode without extents (ext2, ext3, and ext4 files made without them), as
 * the kernel's {@code ext4_ind_map_blocks} reads it: twelve direct pointers in {@code i_block},
 * then a single, a double and a triple indirect block, each holding block size / 4 pointers. A
 * zero pointer is a hole as large as everything below it. Each indirect block is checked as it is
 * read (every pointer inside the filesystem, as {@code ext4_check_indirect_blockref} does, and
 * none pointing back at the blocks above it). Safe for concurrent use.
 */
final class IndirectMap implements BlockMap {
    static final int DIRECT = 12;

    private final Volume volume;
    private final Inode inode;
    private final int perBlockBits;
    /** The indirect block last read at each level (1 to 3 below the root), replaced whole. */
    private final Cached[] cache = new Cached[3];

    private record Cached(long block, int[] pointers) {
    }

    IndirectMap(Volume volume, Inode inode) throws ImageException {
        this.volume = volume;
        this.inode = inode;
        this.perBlockBits = volume.superblock().blockBits() - 2;
    }

    /*
     * Pointers are checked as they are followed, not all at once: a bad one is then a fault of the
     * blocks it maps, and a reader going on past faults reads the rest of the file.
     */

    /** {@code n} blocks from {@code p} as far as they lie in the filesystem; a first block outside it is a fault of {@code what}. */
    private long inside(long p, long n, String what, long field) throws ImageException {
        if (!volume.validBlocks(p, 1)) {
            throw new ImageException(what + " points at block " + p + ", outside the filesystem ("
                    + volume.superblock().blocksCount() + " blocks)", field).atInode("inode", inode.number());
        }
        long k = n;
        while (k > 1 && !volume.validBlocks(p, k)) {
            k--;
        }
        return k;
    }

    /** {@code i_block[i]}. */
    long pointer(int i) {
        return LittleEndian.u32(inode.raw(), Inode.I_BLOCK + 4 * i);
    }

    /** Blocks a pointer at {@code level} answers for: 1 for a data pointer, 2^(bits*level) above. */
    private long span(int level) {
        return 1L << (perBlockBits * level);
    }

    @Override
    public Run map(long block, long limit) throws ImageException {
        if (block < DIRECT) {
            return direct(block, Math.min(limit, DIRECT));
        }
        long rel = block - DIRECT;
        for (int level = 1; level <= 3; level++) {
            long capacity = span(level);
            if (rel < capacity) {
                long subtreeStart = block - rel;
                long end = Math.min(limit, subtreeStart + capacity);
                long field = inode.offset() + Inode.I_BLOCK + 4L * (DIRECT + level - 1);
                return descend(pointer(DIRECT + level - 1), field, level, rel, block, end, new long[3], 0);
            }
            rel -= capacity;
        }
        throw new ImageException("logical block " + block + " is beyond what a triple indirect map can hold",
                inode.offset() + Inode.I_BLOCK + 4L * (DIRECT + 2)).atInode("inode", inode.number());
    }

    private Run direct(long block, long end) throws ImageException {
        long p = pointer((int) block);
        long n = 1;
        if (p == 0) {
            while (block + n < end && pointer((int) (block + n)) == 0) {
                n++;
            }
            return Run.hole(block, n);
        }
        while (block + n < end && pointer((int) (block + n)) == p + n) {
            n++;
        }
        n = inside(p, n, "i_block[" + block + "]", inode.offset() + Inode.I_BLOCK + 4L * block);
        return new Run(block, p, n, false);
    }

    /**
     * Follows {@code pointer} (stored at image offset {@code field}), which answers for
     * {@code span(level)} blocks, to the run at {@code rel} blocks into it (logical {@code block}),
     * up to logical {@code end}; {@code above} holds the indirect blocks passed so far, which a
     * pointer must not name again.
     */
    private Run descend(long pointer, long field, int level, long rel, long block, long end, long[] above, int depth)
            throws ImageException {
        if (pointer == 0) {
            long holeEnd = Math.min(end, block - rel + span(level));
            return Run.hole(block, holeEnd - block);
        }
        inside(pointer, 1, depth == 0 ? "i_block[" + (DIRECT + level - 1) + "]" : "an indirect block's pointer", field);
        for (int i = 0; i < depth; i++) {
            if (above[i] == pointer) {
                throw new ImageException("indirect block " + pointer + " refers to itself (a loop in the block map)",
                        field).atInode("inode", inode.number());
            }
        }
        above[depth] = pointer;
        int[] pointers = indirect(pointer, level - 1);
        long below = span(level - 1);
        int index = (int) (rel >>> (perBlockBits * (level - 1)));
        long within = rel - index * below;
        if (level > 1) {
            long childField = volume.superblock().blockOffset(pointer) + 4L * index;
            return descend(pointers[index] & 0xFFFF_FFFFL, childField, level - 1, within, block, end, above, depth + 1);
        }
        long p = pointers[index] & 0xFFFF_FFFFL;
        for (int i = 0; i <= depth; i++) {
            if (p != 0 && above[i] == p) {
                throw new ImageException("indirect block " + pointer + " maps file data onto the map's own block " + p,
                        volume.superblock().blockOffset(pointer) + 4L * index).atInode("inode", inode.number());
            }
        }
        long n = 1;
        long max = Math.min(end - block, pointers.length - index);
        if (p == 0) {
            while (n < max && pointers[index + (int) n] == 0) {
                n++;
            }
            return Run.hole(block, n);
        }
        while (n < max && (pointers[index + (int) n] & 0xFFFF_FFFFL) == p + n) {
            n++;
        }
        n = inside(p, n, "indirect block " + pointer, volume.superblock().blockOffset(pointer) + 4L * index);
        return new Run(block, p, n, false);
    }

    /** The pointers of indirect block {@code block}, read at {@code slot} of the cache and checked. */
    private int[] indirect(long block, int slot) throws ImageException {
        Cached c = cache[slot];
        if (c != null && c.block == block) {
            return c.pointers;
        }
        byte[] b = volume.block(block);
        int[] pointers = new int[b.length / 4];
        for (int i = 0; i < pointers.length; i++) {
            pointers[i] = LittleEndian.i32(b, 4 * i);
        }
        cache[slot] = new Cached(block, pointers);
        return pointers;
    }
}

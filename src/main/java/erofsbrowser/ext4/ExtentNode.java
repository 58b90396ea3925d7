package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

/**
 * One node of an extent tree: {@code struct ext4_extent_header} followed by {@code eh_entries}
 * index entries ({@code struct ext4_extent_idx}) or leaf extents ({@code struct ext4_extent}),
 * 12 bytes each. The root lies in the inode's {@code i_block}, other nodes in blocks of their own
 * with a {@code struct ext4_extent_tail} checksum after {@code eh_max} entries. Checked on
 * construction as the kernel's {@code __ext4_ext_check} checks it. Immutable.
 */
final class ExtentNode {
    static final int MAGIC = 0xF30A;
    static final int HEADER = 12;
    static final int ENTRY = 12;
    /** EXT4_MAX_EXTENT_DEPTH. */
    static final int MAX_DEPTH = 5;
    /** An ee_len above this marks an unwritten extent of ee_len - 32768 blocks. */
    static final int INIT_MAX_LEN = 32768;

    private final byte[] b;
    private final int base;
    private final long offset;
    private final int depth;
    private final int entries;
    private final int max;

    private ExtentNode(byte[] b, int base, long offset, int depth, int entries, int max) {
        this.b = b;
        this.base = base;
        this.offset = offset;
        this.depth = depth;
        this.entries = entries;
        this.max = max;
    }

    /**
     * Checks and wraps the node in {@code b} at {@code base} (image offset {@code offset}), of
     * {@code size} bytes (60 for the root, the block size otherwise).
     *
     * @param expectedDepth the depth its parent says it has, or -1 for the root
     * @param firstBlock    the logical block its parent index starts at, or -1 for the root
     */
    static ExtentNode check(byte[] b, int base, int size, long offset, int expectedDepth, long firstBlock,
                            Volume volume, long inode) throws ImageException {
        int magic = LittleEndian.u16(b, base);
        if (magic != MAGIC) {
            throw new ImageException(String.format("extent tree node has eh_magic 0x%04x, not 0x%04x", magic, MAGIC),
                    offset).atInode("inode", inode);
        }
        int entries = LittleEndian.u16(b, base + 2);
        int max = LittleEndian.u16(b, base + 4);
        int depth = LittleEndian.u16(b, base + 6);
        int capacity = (size - HEADER) / ENTRY;
        if (expectedDepth < 0 ? depth > MAX_DEPTH : depth != expectedDepth) {
            throw new ImageException("extent tree node has eh_depth " + depth + ", expected "
                    + (expectedDepth < 0 ? "at most " + MAX_DEPTH : Integer.toString(expectedDepth))
                    + (expectedDepth >= 0 ? " (a node that points back up the tree?)" : ""), offset + 6)
                    .atInode("inode", inode);
        }
        if (max == 0 || max > capacity) {
            throw new ImageException("extent tree node has eh_max " + max + ": its node holds 1 to " + capacity,
                    offset + 4).atInode("inode", inode);
        }
        if (entries > max) {
            throw new ImageException("extent tree node has eh_entries " + entries + " above eh_max " + max,
                    offset + 2).atInode("inode", inode);
        }
        if (entries == 0 && depth > 0) {
            throw new ImageException("extent tree index node has no entries", offset + 2).atInode("inode", inode);
        }
        ExtentNode node = new ExtentNode(b, base, offset, depth, entries, max);
        node.checkEntries(firstBlock, volume, inode);
        return node;
    }

    /** Entries in order, without overlap, inside the filesystem (ext4_valid_extent_entries). */
    private void checkEntries(long firstBlock, Volume volume, long inode) throws ImageException {
        long next = 0;
        for (int i = 0; i < entries; i++) {
            long at = entryOffset(i);
            long start = block(i);
            if (i == 0 && firstBlock >= 0 && start != firstBlock) {
                throw new ImageException("extent tree node starts at logical block " + start + " but its parent index "
                        + "says " + firstBlock, at).atInode("inode", inode);
            }
            if (i > 0 && start < next) {
                throw new ImageException("extent tree entries overlap or are out of order at logical block " + start,
                        at).atInode("inode", inode);
            }
            if (depth == 0) {
                int len = length(i);
                if (len == 0) {
                    throw new ImageException("extent of length 0", at + 4).atInode("inode", inode);
                }
                if (start + len - 1 > 0xFFFF_FFFFL) {
                    throw new ImageException("extent runs past the last logical block (2^32 - 1)", at)
                            .atInode("inode", inode);
                }
                if (!volume.validBlocks(physical(i), len)) {
                    throw new ImageException("extent maps blocks " + physical(i) + " to " + (physical(i) + len - 1)
                            + ", outside the filesystem (" + volume.superblock().blocksCount() + " blocks)", at + 6)
                            .atInode("inode", inode);
                }
                next = start + len;
            } else {
                if (!volume.validBlocks(child(i), 1)) {
                    throw new ImageException("extent index points at block " + child(i) + ", outside the filesystem ("
                            + volume.superblock().blocksCount() + " blocks)", at + 4).atInode("inode", inode);
                }
                next = start + 1;
            }
        }
    }

    long offset() {
        return offset;
    }

    int depth() {
        return depth;
    }

    int entries() {
        return entries;
    }

    int max() {
        return max;
    }

    long entryOffset(int i) {
        return offset + HEADER + (long) ENTRY * i;
    }

    /** {@code ee_block} or {@code ei_block}: the first logical block the entry covers. */
    long block(int i) {
        return LittleEndian.u32(b, base + HEADER + ENTRY * i);
    }

    /** A leaf extent's length in blocks, without the unwritten mark. */
    int length(int i) {
        int len = LittleEndian.u16(b, base + HEADER + ENTRY * i + 4);
        return len > INIT_MAX_LEN ? len - INIT_MAX_LEN : len;
    }

    boolean unwritten(int i) {
        return LittleEndian.u16(b, base + HEADER + ENTRY * i + 4) > INIT_MAX_LEN;
    }

    /** A leaf extent's first block in the image ({@code ee_start_hi:ee_start_lo}). */
    long physical(int i) {
        int at = base + HEADER + ENTRY * i;
        return LittleEndian.u32(b, at + 8) | (long) LittleEndian.u16(b, at + 6) << 32;
    }

    /** An index entry's child block ({@code ei_leaf_hi:ei_leaf_lo}). */
    long child(int i) {
        int at = base + HEADER + ENTRY * i;
        return LittleEndian.u32(b, at + 4) | (long) LittleEndian.u16(b, at + 8) << 32;
    }

    /** The last entry starting at or before logical {@code block}, or -1 when all start after it. */
    int find(long block) {
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (block(mid) <= block) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Where the checksum tail lies in a block node: after eh_max entries. */
    int tailOffset() {
        return HEADER + ENTRY * max;
    }

    /** Whether a block node's checksum ({@code et_checksum}) matches; true where there is none. */
    boolean checksumMatches(Volume volume, Inode owner) {
        Superblock sb = volume.superblock();
        int tail = tailOffset();
        if (!sb.metadataCsum() || tail + 4 > sb.blockSize()) {
            return true;
        }
        int computed = Crc32c.update(owner.checksumSeed(sb), b, base, tail);
        return computed == LittleEndian.i32(b, base + tail);
    }
}

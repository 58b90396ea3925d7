package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

/**
 * Reads a directory's entries ({@code struct ext4_dir_entry_2}) in stored order, block after
 * block, or from the inode itself for an inline directory, each checked as the kernel's
 * {@code ext4_check_dir_entry} checks it. Hashed (htree) directories are read the same way: their
 * index blocks look like blocks of one unused entry, as the format intends. The checksum of each
 * leaf block (its {@code ext4_dir_entry_tail}) and index block ({@code dx_tail}) is verified; a
 * mismatch is a warning.
 */
final class Directory {
    /** The smallest entry: 8 bytes of header and a name of 1 to 4 bytes. */
    static final int MIN_REC_LEN = 12;
    static final int TAIL_SIZE = 12;
    static final int TAIL_FILE_TYPE = 0xDE;
    /** Bytes of the parent's inode number at the start of an inline directory. */
    static final int INLINE_DOTDOT = 4;

    /** Receives the entries of a directory. */
    interface Visitor {
        /**
         * An entry in use (inode not 0), "." and ".." included: its name is {@code nameLen} bytes at
         * {@code b[nameAt]}, the entry itself at image {@code offset}. Returns false to stop.
         */
        boolean entry(long inode, byte[] b, int nameAt, int nameLen, int fileType, long offset) throws ImageException;
    }

    private final Volume volume;
    private final Inode dir;
    private final boolean hashInDirent;

    Directory(Volume volume, Inode dir) {
        this.volume = volume;
        this.dir = dir;
        this.hashInDirent = dir.isEncrypted() && dir.hasFlag(Inode.CASEFOLD_FL);
    }

    /** The length of an entry with a name of {@code nameLen} bytes (ext4_dir_rec_len). */
    static int recLen(int nameLen, boolean withHash) {
        return ((nameLen + 8 + 3) & ~3) + (withHash ? 8 : 0);
    }

    /** {@code rec_len} as stored, decoded as ext2fs_get_rec_len does for blocks of 64 KiB. */
    static int decodeRecLen(int stored, int blockSize) {
        if (blockSize < 65536) {
            return stored;
        }
        return stored == 65535 || stored == 0 ? blockSize : (stored & 65532) | ((stored & 3) << 16);
    }

    /** Blocks in a row that fail before a scan past faults gives up (is i_size right?). */
    static final int MAX_BAD_BLOCKS_IN_A_ROW = 16;

    /** Visits every entry in use, in stored order, until the visitor says stop. */
    void scan(Visitor visitor) throws ImageException {
        scan(visitor, null);
    }

    /**
     * As {@link #scan(Visitor)}, going on past faults when {@code faults} is not null: a block that
     * cannot be read, or whose entries break off (a bad rec_len, say), is given to it, and the scan
     * goes on with the next block. A fault that leaves nothing further to read (the block map, too
     * many bad blocks) is thrown. The visitor must not throw.
     */
    void scan(Visitor visitor, java.util.function.Consumer<ImageException> faults) throws ImageException {
        if (dir.hasInlineData()) {
            scanInline(visitor, faults);
            return;
        }
        int bits = volume.superblock().blockBits();
        int bs = 1 << bits;
        long blocks = (dir.size() + bs - 1) >>> bits;
        BlockMap map = Contents.blockMap(volume, dir);
        byte[] b = new byte[bs];
        long read = 0;
        long block = 0;
        int badInARow = 0;
        while (block < blocks) {
            BlockMap.Run run = map.map(block, blocks);
            if (!run.readsAsZeros()) {
                for (long k = 0; k < run.length(); k++) {
                    if (++read > volume.superblock().blocksCount()) {
                        throw new ImageException("directory inode " + dir.number() + " maps more blocks than the "
                                + "filesystem has", dir.offset()).atInode("inode", dir.number());
                    }
                    if (badInARow == MAX_BAD_BLOCKS_IN_A_ROW) {
                        throw new ImageException("directory not read past its block " + (block + k) + ": "
                                + MAX_BAD_BLOCKS_IN_A_ROW + " blocks in a row cannot be read (is i_size " + dir.size()
                                + " right?)", dir.offset()).atInode("inode", dir.number());
                    }
                    long at = volume.superblock().blockOffset(run.physical() + k);
                    try {
                        volume.source().readFully(at, b, 0, bs);
                        verifyBlock(b, block + k, run.physical() + k);
                        if (!scanBuffer(b, 0, bs, at, block + k == 0, visitor)) {
                            return;
                        }
                        badInARow = 0;
                    } catch (ImageException e) {
                        if (faults == null) {
                            throw e;
                        }
                        faults.accept(e);
                        badInARow++;
                    }
                }
            }
            block += run.length();
        }
    }

    private void scanInline(Visitor visitor, java.util.function.Consumer<ImageException> faults) throws ImageException {
        byte[] data = Contents.inlineData(volume, dir);
        long parent = LittleEndian.u32(data, 0);
        long base = dir.offset() + Inode.I_BLOCK;
        if (!visitor.entry(dir.number(), new byte[] {'.'}, 0, 1, 2, -1)) {
            return;
        }
        if (!visitor.entry(parent, new byte[] {'.', '.'}, 0, 2, 2, base)) {
            return;
        }
        try {
            if (!scanBuffer(data, INLINE_DOTDOT, Inode.I_BLOCK_SIZE, base, false, visitor)) {
                return;
            }
        } catch (ImageException e) {
            if (faults == null) {
                throw e;
            }
            faults.accept(e); // the entries in i_block break off; those in the xattr value may still be read
        }
        if (data.length > Inode.I_BLOCK_SIZE) {
            XattrEntry value = new Xattrs(volume).inlineDataEntry(dir);
            try {
                scanBuffer(data, Inode.I_BLOCK_SIZE, data.length, value.valueOffset() - Inode.I_BLOCK_SIZE, false, visitor);
            } catch (ImageException e) {
                if (faults == null) {
                    throw e;
                }
                faults.accept(e);
            }
        }
    }

    /**
     * The entries of {@code b[start, end)}, whose byte {@code b[0]} lies at image offset {@code base}.
     * Returns false when the visitor stopped.
     */
    private boolean scanBuffer(byte[] b, int start, int end, long base, boolean firstBlock, Visitor visitor)
            throws ImageException {
        int bs = volume.blockSize();
        int pos = start;
        while (pos < end) {
            long at = base + pos;
            if (end - pos < 8) {
                throw bad("directory entry overrun: " + (end - pos) + " bytes left for an entry", at);
            }
            long inode = LittleEndian.u32(b, pos);
            int recLen = decodeRecLen(LittleEndian.u16(b, pos + 4), bs);
            int nameLen = LittleEndian.u8(b, pos + 6);
            boolean dot = firstBlock && pos == start && nameLen == 1 && b[pos + 8] == '.';
            boolean dotdot = firstBlock && pos == start + 12 && nameLen == 2 && b[pos + 8] == '.' && b[pos + 9] == '.';
            boolean withHash = hashInDirent && !dot && !dotdot && inode != 0;
            int next = pos + recLen;
            if (recLen < MIN_REC_LEN) {
                throw bad("directory entry has rec_len " + recLen + ", smaller than the minimum of 12", at + 4);
            } else if (recLen % 4 != 0) {
                throw bad("directory entry has rec_len " + recLen + ", not a multiple of 4", at + 4);
            } else if (recLen < recLen(nameLen, withHash)) {
                throw bad("directory entry has rec_len " + recLen + ", too small for name_len " + nameLen, at + 4);
            } else if (next > end) {
                throw bad("directory entry overrun: rec_len " + recLen + " runs past the end of the block", at + 4);
            } else if (next > end - MIN_REC_LEN && next != end) {
                throw bad("directory entry ends too close to the end of the block", at + 4);
            } else if (inode > volume.superblock().inodesCount()) {
                throw bad("directory entry names inode " + inode + ", out of range (1 to "
                        + volume.superblock().inodesCount() + ")", at);
            } else if (next == end && nameLen == 1 && b[pos + 8] == '.' && pos == start) {
                throw bad("the \".\" entry cannot be the last in its block", at);
            }
            if (inode != 0 && !visitor.entry(inode, b, pos + 8, nameLen, LittleEndian.u8(b, pos + 7), at)) {
                return false;
            }
            pos = next;
        }
        return true;
    }

    private ImageException bad(String problem, long offset) {
        return new ImageException(problem, offset).atInode("inode", dir.number());
    }

    /** Whether this directory is hashed (dir_index feature and EXT4_INDEX_FL), so that its index blocks are known. */
    boolean indexed() {
        return volume.superblock().has(Ext4Feature.DIR_INDEX) && dir.hasFlag(Inode.INDEX_FL);
    }

    /** Whether {@code b}, logical block {@code logical}, is an htree index block rather than a leaf (as __ext4_read_dirblock decides). */
    boolean isIndexBlock(byte[] b, long logical) {
        return indexed() && (logical == 0 || decodeRecLen(LittleEndian.u16(b, 4), b.length) == b.length);
    }

    private void verifyBlock(byte[] b, long logical, long physical) {
        Superblock sb = volume.superblock();
        if (!sb.metadataCsum()) {
            return;
        }
        if (isIndexBlock(b, logical)) {
            Integer computed = DxBlock.checksum(b, dir.checksumSeed(sb));
            Integer stored = DxBlock.storedChecksum(b);
            if (computed != null && !computed.equals(stored)) {
                volume.warn("The checksum of htree index block " + logical + " of directory inode " + dir.number()
                        + " (block " + physical + ") does not match.");
            }
            return;
        }
        int tail = b.length - TAIL_SIZE;
        if (!hasTail(b)) {
            volume.warn("Directory block " + logical + " of inode " + dir.number() + " (block " + physical
                    + ") has no checksum tail.");
            return;
        }
        if (Crc32c.update(dir.checksumSeed(sb), b, 0, tail) != LittleEndian.i32(b, tail + 8)) {
            volume.warn("The checksum of directory block " + logical + " of inode " + dir.number() + " (block "
                    + physical + ") does not match.");
        }
    }

    /** Whether a leaf block ends with the fake entry that holds its checksum (ext4_dir_entry_tail). */
    static boolean hasTail(byte[] b) {
        int t = b.length - TAIL_SIZE;
        return LittleEndian.i32(b, t) == 0 && LittleEndian.u16(b, t + 4) == TAIL_SIZE && b[t + 6] == 0
                && (b[t + 7] & 0xFF) == TAIL_FILE_TYPE;
    }
}

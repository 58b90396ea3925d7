package erofsbrowser.ext4;

import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

/**
 * An on-disk inode ({@code struct ext4_inode}, 128 bytes or more) decoded as the kernel's
 * {@code __ext4_iget} decodes it: the 32-bit owner from its two halves, the 64-bit size, times
 * with their extra epoch bits and nanoseconds where the inode is large enough to hold them, the
 * device number in its old or new encoding, {@code i_blocks} with huge_file. Keeps its raw bytes
 * (for {@code i_block}, the in-inode xattrs and the dissector). Immutable.
 */
final class Inode {
    /** {@code i_flags} bits the reader acts on. */
    static final int ENCRYPT_FL = 0x800;
    static final int INDEX_FL = 0x1000;
    static final int HUGE_FILE_FL = 0x40000;
    static final int EXTENTS_FL = 0x80000;
    static final int EA_INODE_FL = 0x200000;
    static final int INLINE_DATA_FL = 0x10000000;
    static final int CASEFOLD_FL = 0x40000000;
    /** Where {@code i_block} starts, and its length (15 words). */
    static final int I_BLOCK = 0x28;
    static final int I_BLOCK_SIZE = 60;
    /** {@code sizeof(struct ext4_inode)} in the kernel: what an inode with {@code i_extra_isize} 0 is taken to hold. */
    static final int KERNEL_INODE_SIZE = 160;

    private final long number;
    private final long offset;
    private final byte[] raw;
    private final FileType type;
    private final int extraIsize;
    private final long size;
    private final int flags;

    private Inode(long number, long offset, byte[] raw, FileType type, int extraIsize, long size) {
        this.number = number;
        this.offset = offset;
        this.raw = raw;
        this.type = type;
        this.extraIsize = extraIsize;
        this.size = size;
        this.flags = LittleEndian.i32(raw, 0x20);
    }

    /**
     * Decodes inode {@code number} from {@code raw} (the whole on-disk slot), read at image {@code offset}.
     *
     * @throws ImageException what the kernel's iget refuses: a mode of no file type, a bad
     *                        {@code i_extra_isize}, a deleted inode, a negative size
     */
    static Inode decode(long number, long offset, byte[] raw, Superblock sb) throws ImageException {
        int mode = LittleEndian.u16(raw, 0);
        FileType type = FileType.ofMode(mode);
        if (type == null) {
            throw new ImageException(String.format("inode %d has a bogus i_mode 0%o: no file type", number, mode), offset)
                    .atInode("inode", number);
        }
        if (LittleEndian.u16(raw, 0x1A) == 0) {
            throw new ImageException("inode " + number + " is deleted (i_links_count is 0) but still referenced", offset + 0x1A)
                    .atInode("inode", number);
        }
        int extra = 0;
        if (raw.length > Superblock.GOOD_OLD_INODE_SIZE) {
            extra = LittleEndian.u16(raw, 0x80);
            if (Superblock.GOOD_OLD_INODE_SIZE + extra > raw.length || (extra & 3) != 0) {
                throw new ImageException("inode " + number + " has a bad i_extra_isize " + extra + " (inodes are "
                        + raw.length + " bytes)", offset + 0x80).atInode("inode", number);
            }
            if (extra == 0) {
                extra = KERNEL_INODE_SIZE - Superblock.GOOD_OLD_INODE_SIZE; // the kernel uses the unused space
            }
        }
        long size = LittleEndian.u32(raw, 4);
        if (type == FileType.FILE || sb.has(Ext4Feature.LARGEDIR)) {
            size |= LittleEndian.u32(raw, 0x6C) << 32;
        }
        if (size < 0) {
            throw new ImageException("inode " + number + " has a negative i_size", offset + 4).atInode("inode", number);
        }
        return new Inode(number, offset, raw, type, extra, size);
    }

    long number() {
        return number;
    }

    /** Where the inode's slot lies in the image. */
    long offset() {
        return offset;
    }

    /** The slot's length (the superblock's inode size). */
    int length() {
        return raw.length;
    }

    /** The raw bytes (shared: never written to). */
    byte[] raw() {
        return raw;
    }

    FileType type() {
        return type;
    }

    int mode() {
        return LittleEndian.u16(raw, 0);
    }

    int permissions() {
        return mode() & 07777;
    }

    long uid() {
        return LittleEndian.u16(raw, 2) | (long) LittleEndian.u16(raw, 0x78) << 16;
    }

    long gid() {
        return LittleEndian.u16(raw, 0x18) | (long) LittleEndian.u16(raw, 0x7A) << 16;
    }

    long size() {
        return size;
    }

    int linksCount() {
        return LittleEndian.u16(raw, 0x1A);
    }

    int flags() {
        return flags;
    }

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    long generation() {
        return LittleEndian.u32(raw, 0x64);
    }

    /** The block of extended attributes ({@code i_file_acl}), or 0. */
    long fileAcl() {
        return LittleEndian.u32(raw, 0x68) | (long) LittleEndian.u16(raw, 0x76) << 32;
    }

    /** {@code i_extra_isize} as the kernel uses it (32 where the inode is large and the field is 0), or 0 for a 128-byte inode. */
    int extraIsize() {
        return extraIsize;
    }

    /** {@code i_extra_isize} as stored (0 for a 128-byte inode): where the in-inode xattrs start, past 128 bytes. */
    int storedExtraIsize() {
        return raw.length > Superblock.GOOD_OLD_INODE_SIZE ? LittleEndian.u16(raw, 0x80) : 0;
    }

    /** Whether a field of the large inode ending at byte {@code end} lies inside {@code i_extra_isize} (EXT4_FITS_IN_INODE). */
    boolean fits(int end) {
        return raw.length > Superblock.GOOD_OLD_INODE_SIZE && end <= Superblock.GOOD_OLD_INODE_SIZE + extraIsize;
    }

    /** Modification time in whole seconds, with the epoch bits of {@code i_mtime_extra}. */
    long mtime() {
        return seconds(0x10, 0x88);
    }

    int mtimeNanos() {
        return nanos(0x88);
    }

    long atime() {
        return seconds(0x08, 0x8C);
    }

    long ctime() {
        return seconds(0x0C, 0x84);
    }

    /** Creation time, or {@code Long.MIN_VALUE} where the inode has no room for it. */
    long crtime() {
        return fits(0x94) ? seconds(0x90, 0x94) : Long.MIN_VALUE;
    }

    /** The seconds at {@code at}, widened by the epoch bits of the extra word at {@code extraAt} (ext4_decode_extra_time). */
    long seconds(int at, int extraAt) {
        long s = LittleEndian.i32(raw, at);
        if (fits(extraAt + 4)) {
            s += (long) (LittleEndian.i32(raw, extraAt) & 3) << 32;
        }
        return s;
    }

    int nanos(int extraAt) {
        return fits(extraAt + 4) ? LittleEndian.i32(raw, extraAt) >>> 2 : 0;
    }

    /** {@code i_blocks} in 512-byte units, as the kernel's {@code ext4_inode_blocks} reads it. */
    long blocks512(Superblock sb) {
        long lo = LittleEndian.u32(raw, 0x1C);
        if (!sb.hugeFile()) {
            return lo;
        }
        long b = lo | (long) LittleEndian.u16(raw, 0x74) << 32;
        return hasFlag(HUGE_FILE_FL) ? b << (sb.blockBits() - 9) : b;
    }

    boolean isDevice() {
        return type == FileType.CHR || type == FileType.BLK;
    }

    /** The device number word: {@code i_block[0]} (old encoding) when set, else {@code i_block[1]} (new). */
    private int deviceWord() {
        int old = LittleEndian.i32(raw, I_BLOCK);
        return old != 0 ? old : LittleEndian.i32(raw, I_BLOCK + 4);
    }

    private boolean oldDeviceEncoding() {
        return LittleEndian.i32(raw, I_BLOCK) != 0;
    }

    int rdevMajor() {
        if (!isDevice()) {
            return 0;
        }
        int d = deviceWord();
        return oldDeviceEncoding() ? (d >>> 8) & 0xFF : (d & 0xFFF00) >>> 8;
    }

    int rdevMinor() {
        if (!isDevice()) {
            return 0;
        }
        int d = deviceWord();
        return oldDeviceEncoding() ? d & 0xFF : (d & 0xFF) | ((d >>> 12) & 0xFFF00);
    }

    boolean hasInlineData() {
        return hasFlag(INLINE_DATA_FL);
    }

    boolean usesExtents() {
        return hasFlag(EXTENTS_FL);
    }

    boolean isEncrypted() {
        return hasFlag(ENCRYPT_FL);
    }

    /**
     * Whether a symlink keeps its target in {@code i_block} (ext4_inode_is_fast_symlink): with
     * ea_inode, any target under 60 bytes; otherwise one with no blocks but an xattr block's.
     */
    boolean isFastSymlink(Superblock sb) {
        if (type != FileType.SYMLINK) {
            return false;
        }
        if (sb.has(Ext4Feature.EA_INODE)) {
            return size > 0 && size < I_BLOCK_SIZE;
        }
        if (hasInlineData()) {
            return false;
        }
        long eaBlocks = fileAcl() != 0 ? (long) sb.blockSize() << sb.clusterBits() >> 9 : 0;
        return blocks512(sb) - eaBlocks == 0;
    }

    /** The inode's checksum as the kernel's {@code ext4_inode_csum} computes it (from the inode's seed). */
    int computedChecksum(Superblock sb) {
        int c = Crc32c.updateInt(sb.checksumSeed(), (int) number);
        c = Crc32c.updateInt(c, (int) generation());
        c = Crc32c.update(c, raw, 0, 0x7C);
        c = Crc32c.updateZeros(c, 2);
        c = Crc32c.update(c, raw, 0x7E, Superblock.GOOD_OLD_INODE_SIZE - 0x7E);
        if (raw.length > Superblock.GOOD_OLD_INODE_SIZE) {
            c = Crc32c.update(c, raw, Superblock.GOOD_OLD_INODE_SIZE, 0x82 - Superblock.GOOD_OLD_INODE_SIZE);
            int next = 0x82;
            if (fits(0x84)) {
                c = Crc32c.updateZeros(c, 2);
                next = 0x84;
            }
            c = Crc32c.update(c, raw, next, raw.length - next);
        }
        return fits(0x84) ? c : c & 0xFFFF;
    }

    /** The stored checksum ({@code i_checksum_lo}, with {@code i_checksum_hi} where it fits). */
    int storedChecksum() {
        int lo = LittleEndian.u16(raw, 0x7C);
        return fits(0x84) ? lo | LittleEndian.u16(raw, 0x82) << 16 : lo;
    }

    /** Whether the checksum matches, or there is none to check (no metadata_csum, or not made by Linux). */
    boolean checksumMatches(Superblock sb) {
        if (!sb.metadataCsum() || sb.creatorOs() != 0) {
            return true;
        }
        return computedChecksum(sb) == storedChecksum();
    }

    /** The seed of this inode's other checksums (extent blocks, directory blocks): crc32c of its number and generation. */
    int checksumSeed(Superblock sb) {
        return Crc32c.updateInt(Crc32c.updateInt(sb.checksumSeed(), (int) number), (int) generation());
    }
}

package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct ext4_super_block}, 1024 bytes at byte 1024 of the image, as the kernel's
 * {@code __ext4_fill_super} reads it: the geometry the reader needs, checked the way the kernel
 * checks it before it mounts. An image the kernel would refuse is refused with an
 * {@link ImageException} naming the field; what the kernel only warns about is kept in
 * {@link #warnings()}.
 */
final class Superblock {
    static final int OFFSET = 1024;
    static final int SIZE = 1024;
    static final int MAGIC = 0xEF53;
    static final int GOOD_OLD_INODE_SIZE = 128;
    static final int GOOD_OLD_FIRST_INO = 11;
    static final int ROOT_INO = 2;
    /** {@code s_state} bits. */
    static final int STATE_VALID = 0x1;
    static final int STATE_ERROR = 0x2;
    static final int OS_HURD = 1;

    private final byte[] raw;
    private final int compat;
    private final int incompat;
    private final int roCompat;
    private final int blockBits;
    private final int clusterBits;
    private final long blocksCount;
    private final long inodesCount;
    private final long firstDataBlock;
    private final long blocksPerGroup;
    private final long inodesPerGroup;
    private final int inodeSize;
    private final long firstIno;
    private final int descSize;
    private final long groupCount;
    private final int checksumSeed;
    private final boolean checksumMatches;
    private final int computedChecksum;
    private final List<String> warnings = new ArrayList<>();

    private Superblock(byte[] raw, long imageLength) throws ImageException {
        this(raw, imageLength, false);
    }

    /**
     * With {@code lenient}, a value that breaks a rule is not refused but replaced by a usable one
     * (blocks of at most 64 KiB, 256-byte inodes, ...), so that a superblock the reader refuses can
     * still be dissected, field by field, with the fault marked where it is.
     */
    private Superblock(byte[] raw, long imageLength, boolean lenient) throws ImageException {
        this.raw = raw;
        if (u16(0x38) != MAGIC) {
            refuse(lenient, new ImageException(String.format("not an ext2/ext3/ext4 image: s_magic is 0x%04x, not 0x%04x",
                    u16(0x38), MAGIC), OFFSET + 0x38));
        }
        compat = i32(0x5C);
        incompat = i32(0x60);
        roCompat = i32(0x64);
        for (Ext4Feature f : Ext4Feature.in(Ext4Feature.Word.INCOMPAT, incompat)) {
            if (!f.readable()) {
                refuse(lenient, new ImageException("the incompatible feature " + f.featureName() + " is set: the Linux kernel "
                        + "cannot read this filesystem, nor can this reader", OFFSET + 0x60));
            }
        }
        int unknown = Ext4Feature.unknownBits(Ext4Feature.Word.INCOMPAT, incompat);
        if (unknown != 0) {
            refuse(lenient, new ImageException(String.format("unknown incompatible feature bits 0x%x in s_feature_incompat: the "
                    + "Linux kernel refuses such a filesystem", unknown), OFFSET + 0x60));
        }
        long logBlock = u32(0x18);
        if (logBlock > 6) {
            refuse(lenient, new ImageException("s_log_block_size " + logBlock + " is invalid: blocks are 1 KiB to 64 KiB "
                    + "(0 to 6)", OFFSET + 0x18));
            logBlock = 2;
        }
        blockBits = 10 + (int) logBlock;
        long logCluster = u32(0x1C);
        int cbits = 0;
        if (has(Ext4Feature.BIGALLOC)) {
            if (logCluster < logBlock || logCluster > 20) {
                refuse(lenient, new ImageException("s_log_cluster_size " + logCluster + " is invalid with bigalloc", OFFSET + 0x1C));
            } else {
                cbits = (int) (logCluster - logBlock);
            }
        } else if (logCluster != logBlock) {
            refuse(lenient, new ImageException("s_log_cluster_size " + logCluster + " differs from s_log_block_size "
                    + logBlock + " without bigalloc", OFFSET + 0x1C));
        }
        clusterBits = cbits;
        int blockSize = 1 << blockBits;
        boolean dynamic = u32(0x4C) != 0;
        int isize = dynamic ? u16(0x58) : GOOD_OLD_INODE_SIZE;
        if (isize < GOOD_OLD_INODE_SIZE || (isize & (isize - 1)) != 0 || isize > blockSize) {
            refuse(lenient, new ImageException("s_inode_size " + isize + " is invalid: a power of two from 128 to the "
                    + "block size (" + blockSize + ")", OFFSET + 0x58));
            isize = Math.min(256, blockSize);
        }
        inodeSize = isize;
        firstIno = dynamic ? u32(0x54) : GOOD_OLD_FIRST_INO;
        if (firstIno < GOOD_OLD_FIRST_INO) {
            refuse(lenient, new ImageException("s_first_ino " + firstIno + " is invalid: at least 11", OFFSET + 0x54));
        }
        int dsize = 32;
        if (has(Ext4Feature.BIT64)) {
            dsize = u16(0xFE);
            if (dsize < 64 || dsize > 1024 || (dsize & (dsize - 1)) != 0) {
                refuse(lenient, new ImageException("s_desc_size " + dsize + " is invalid with 64bit: a power of two from "
                        + "64 to 1024", OFFSET + 0xFE));
                dsize = 64;
            }
        }
        descSize = dsize;
        blocksCount = u32(0x04) | (has(Ext4Feature.BIT64) ? u32(0x150) << 32 : 0);
        inodesCount = u32(0x00);
        firstDataBlock = u32(0x14);
        long clustersPerGroup = u32(0x24);
        long bpg = has(Ext4Feature.BIGALLOC) ? clustersPerGroup << clusterBits : u32(0x20);
        if (bpg == 0 || (has(Ext4Feature.BIGALLOC) ? clustersPerGroup : bpg) > 8L * blockSize) {
            refuse(lenient, new ImageException("s_blocks_per_group " + bpg + " is invalid: 1 to " + 8L * blockSize,
                    OFFSET + 0x20));
            bpg = 8L * blockSize;
        }
        blocksPerGroup = bpg;
        long ipg = u32(0x28);
        long inodesPerBlock = blockSize / inodeSize;
        if (ipg < inodesPerBlock || ipg > 8L * blockSize) {
            refuse(lenient, new ImageException("s_inodes_per_group " + ipg + " is invalid: " + inodesPerBlock
                    + " to " + 8L * blockSize, OFFSET + 0x28));
            ipg = Math.max(inodesPerBlock, Math.min(ipg, 8L * blockSize));
        }
        inodesPerGroup = ipg;
        if (blocksCount <= firstDataBlock) {
            refuse(lenient, new ImageException("s_first_data_block " + firstDataBlock + " is beyond the end of the filesystem ("
                    + blocksCount + " blocks)", OFFSET + 0x14));
        }
        groupCount = blocksCount <= firstDataBlock ? 1 : (blocksCount - firstDataBlock - 1) / blocksPerGroup + 1;
        if (groupCount * inodesPerGroup != inodesCount) {
            refuse(lenient, new ImageException("s_inodes_count " + inodesCount + " is not " + groupCount + " groups of "
                    + inodesPerGroup + " inodes", OFFSET));
        }
        if (has(Ext4Feature.METADATA_CSUM) && u8(0x175) != 1) {
            refuse(lenient, new ImageException("s_checksum_type " + u8(0x175) + " is unknown: metadata_csum takes crc32c (1)",
                    OFFSET + 0x175));
        }
        int seed = 0;
        if (has(Ext4Feature.CSUM_SEED)) {
            seed = i32(0x270);
        } else if (has(Ext4Feature.METADATA_CSUM) || has(Ext4Feature.EA_INODE)) {
            seed = Crc32c.update(~0, raw, 0x68, 16);
        }
        checksumSeed = seed;
        computedChecksum = Crc32c.update(~0, raw, 0, 0x3FC);
        checksumMatches = !has(Ext4Feature.METADATA_CSUM) || computedChecksum == i32(0x3FC);
        collectWarnings(imageLength);
    }

    private static void refuse(boolean lenient, ImageException fault) throws ImageException {
        if (!lenient) {
            throw fault;
        }
    }

    /** The superblock of {@code source} as far as it can be taken, rules broken or not: for a dissection only. */
    static Superblock lenient(ImageSource source) throws ImageException {
        if (source.length() < OFFSET + SIZE) {
            throw new ImageException("the image is " + source.length() + " bytes: too short for an ext4 superblock "
                    + "(bytes 1024 to 2048)", Math.min(source.length(), OFFSET));
        }
        return new Superblock(source.read(OFFSET, SIZE), source.length(), true);
    }

    /** Reads and checks the superblock of {@code source}. */
    static Superblock read(ImageSource source) throws ImageException {
        if (source.length() < OFFSET + SIZE) {
            throw new ImageException("the image is " + source.length() + " bytes: too short for an ext4 superblock "
                    + "(bytes 1024 to 2048)", Math.min(source.length(), OFFSET));
        }
        return new Superblock(source.read(OFFSET, SIZE), source.length());
    }

    private void collectWarnings(long imageLength) {
        if (!checksumMatches) {
            warnings.add(String.format("The superblock checksum does not match (stored 0x%08x, computed 0x%08x): "
                    + "the image may be damaged. It is shown as it is.", i32(0x3FC), computedChecksum));
        }
        if (has(Ext4Feature.RECOVER)) {
            warnings.add("The journal needs recovery (needs_recovery is set): the kernel would replay it before "
                    + "mounting. The image is shown as it is on disk, before the replay: the latest changes may be "
                    + "missing.");
        }
        if ((state() & STATE_ERROR) != 0) {
            warnings.add("The superblock says errors were detected in this filesystem (s_state); e2fsck was not "
                    + "run since.");
        } else if ((state() & STATE_VALID) == 0 && !has(Ext4Feature.HAS_JOURNAL)) {
            warnings.add("The filesystem was not cleanly unmounted (s_state): it may be inconsistent.");
        }
        if (u32(0xE8) != 0) {
            warnings.add("Orphan inodes are listed (s_last_orphan " + u32(0xE8) + "): the kernel would delete them "
                    + "when mounting; they are not in the tree.");
        }
        int unknownRo = Ext4Feature.unknownBits(Ext4Feature.Word.RO_COMPAT, roCompat);
        if (unknownRo != 0) {
            warnings.add(String.format("Unknown read-only-compatible feature bits 0x%x: the kernel would mount the "
                    + "image read-only, as it is read here.", unknownRo));
        }
        long fsBytes = blocksCount << blockBits;
        if (fsBytes > imageLength) {
            warnings.add("The image is shorter than the filesystem (" + imageLength + " of " + fsBytes
                    + " bytes): it was cut short; what lies past its end cannot be read.");
        }
    }

    byte[] raw() {
        return raw.clone();
    }

    int u8(int at) {
        return LittleEndian.u8(raw, at);
    }

    int u16(int at) {
        return LittleEndian.u16(raw, at);
    }

    int i32(int at) {
        return LittleEndian.i32(raw, at);
    }

    long u32(int at) {
        return LittleEndian.u32(raw, at);
    }

    boolean has(Ext4Feature f) {
        int word = switch (f.word()) {
            case COMPAT -> compat;
            case INCOMPAT -> incompat;
            case RO_COMPAT -> roCompat;
        };
        return (word & f.bit()) != 0;
    }

    int compat() {
        return compat;
    }

    int incompat() {
        return incompat;
    }

    int roCompat() {
        return roCompat;
    }

    int blockBits() {
        return blockBits;
    }

    int blockSize() {
        return 1 << blockBits;
    }

    /** log2 of blocks per cluster (0 without bigalloc). */
    int clusterBits() {
        return clusterBits;
    }

    long blocksCount() {
        return blocksCount;
    }

    long inodesCount() {
        return inodesCount;
    }

    long firstDataBlock() {
        return firstDataBlock;
    }

    long blocksPerGroup() {
        return blocksPerGroup;
    }

    long inodesPerGroup() {
        return inodesPerGroup;
    }

    int inodeSize() {
        return inodeSize;
    }

    long firstIno() {
        return firstIno;
    }

    int descSize() {
        return descSize;
    }

    long groupCount() {
        return groupCount;
    }

    int state() {
        return u16(0x3A);
    }

    long creatorOs() {
        return u32(0x48);
    }

    long journalInum() {
        return has(Ext4Feature.HAS_JOURNAL) ? u32(0xE0) : 0;
    }

    long firstMetaBg() {
        return u32(0x104);
    }

    int reservedGdtBlocks() {
        return u16(0xCE);
    }

    /** Group numbers with backup superblocks under sparse_super2 ({@code s_backup_bgs}). */
    long backupGroup(int i) {
        return u32(0x24C + 4 * i);
    }

    /** The seed every metadata checksum starts from ({@code s_csum_seed} in the kernel). */
    int checksumSeed() {
        return checksumSeed;
    }

    boolean metadataCsum() {
        return has(Ext4Feature.METADATA_CSUM);
    }

    boolean checksumMatches() {
        return checksumMatches;
    }

    int computedChecksum() {
        return computedChecksum;
    }

    /** Whether i_blocks has its high bits, and may count filesystem blocks rather than sectors (huge_file). */
    boolean hugeFile() {
        return has(Ext4Feature.HUGE_FILE);
    }

    /** Block number {@code block}'s first byte. */
    long blockOffset(long block) {
        return block << blockBits;
    }

    /** Whether group {@code group} holds a backup superblock (and group descriptors), as ext4_bg_has_super says. */
    boolean groupHasSuper(long group) {
        if (group == 0) {
            return true;
        }
        if (has(Ext4Feature.SPARSE_SUPER2)) {
            return group == backupGroup(0) || group == backupGroup(1);
        }
        if (group <= 1 || !has(Ext4Feature.SPARSE_SUPER)) {
            return true;
        }
        if ((group & 1) == 0) {
            return false;
        }
        return isPowerOf(group, 3) || isPowerOf(group, 5) || isPowerOf(group, 7);
    }

    private static boolean isPowerOf(long n, int base) {
        long p = base;
        while (p < n) {
            p *= base;
        }
        return p == n;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The UUID as text. */
    String uuid() {
        return Ext4Text.uuid(raw, 0x68);
    }
}

package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * The block group descriptor table ({@code struct ext4_group_desc}, 32 or 64 bytes each), read
 * once when the image opens and kept in primitive columns: every inode lookup needs its group's
 * inode table. Where the descriptors lie follows the kernel's {@code descriptor_loc} (after the
 * superblock, or with meta_bg at the start of each meta group). A group whose tables lie outside
 * the filesystem, or whose checksum does not match, is noted: the kernel refuses to mount such an
 * image read-write; here only the inodes of that group are refused, with the descriptor's offset.
 */
final class GroupDescriptors {
    /** {@code bg_flags} bits. */
    static final int INODE_UNINIT = 0x1;
    static final int BLOCK_UNINIT = 0x2;
    static final int INODE_ZEROED = 0x4;

    private final Superblock sb;
    private final long[] descOffsets;
    private final long[] blockBitmap;
    private final long[] inodeBitmap;
    private final long[] inodeTable;
    private final int[] flags;
    /** Why each group cannot be used (its tables lie outside the filesystem), or null. */
    private final String[] faults;
    private final boolean[] checksumBad;
    private final List<String> warnings = new ArrayList<>();

    private GroupDescriptors(Superblock sb, int groups) {
        this.sb = sb;
        descOffsets = new long[groups];
        blockBitmap = new long[groups];
        inodeBitmap = new long[groups];
        inodeTable = new long[groups];
        flags = new int[groups];
        faults = new String[groups];
        checksumBad = new boolean[groups];
    }

    static GroupDescriptors read(ImageSource source, Superblock sb) throws ImageException {
        long groups = sb.groupCount();
        int descSize = sb.descSize();
        if (groups * descSize > source.length()) {
            throw new ImageException("the group descriptor table (" + groups + " groups of " + descSize
                    + " bytes) is larger than the image (" + source.length() + " bytes)", Superblock.OFFSET);
        }
        GroupDescriptors table = new GroupDescriptors(sb, (int) groups);
        int perBlock = sb.blockSize() / descSize;
        byte[] block = new byte[sb.blockSize()];
        for (long nr = 0; nr * perBlock < groups; nr++) {
            long blockNo = table.descriptorBlock(nr);
            long at = sb.blockOffset(blockNo);
            if (blockNo >= sb.blocksCount() || at + block.length > source.length()) {
                throw new ImageException("group descriptor block " + nr + " (block " + blockNo + ") lies past the end "
                        + "of the image", Math.min(at, source.length()));
            }
            source.readFully(at, block, 0, block.length);
            for (int i = 0; i < perBlock && nr * perBlock + i < groups; i++) {
                table.parse((int) (nr * perBlock + i), block, i * descSize, at + (long) i * descSize);
            }
        }
        return table;
    }

    /** The block holding descriptor block {@code nr}, as the kernel's {@code descriptor_loc} finds it. */
    long descriptorBlock(long nr) {
        long superBlock = sb.blockSize() == 1024 ? 1 : 0;
        if (!sb.has(Ext4Feature.META_BG) || nr < sb.firstMetaBg()) {
            return superBlock + nr + 1;
        }
        long group = (sb.blockSize() / sb.descSize()) * nr;
        int hasSuper = sb.groupHasSuper(group) ? 1 : 0;
        if (sb.blockSize() == 1024 && nr == 0 && sb.firstDataBlock() == 0) {
            hasSuper++;
        }
        return groupFirstBlock(group) + hasSuper;
    }

    private void parse(int g, byte[] b, int at, long offset) {
        boolean wide = sb.descSize() >= 64;
        descOffsets[g] = offset;
        blockBitmap[g] = LittleEndian.u32(b, at) | (wide ? LittleEndian.u32(b, at + 32) << 32 : 0);
        inodeBitmap[g] = LittleEndian.u32(b, at + 4) | (wide ? LittleEndian.u32(b, at + 36) << 32 : 0);
        inodeTable[g] = LittleEndian.u32(b, at + 8) | (wide ? LittleEndian.u32(b, at + 40) << 32 : 0);
        flags[g] = LittleEndian.u16(b, at + 18);
        int stored = LittleEndian.u16(b, at + 30);
        Integer computed = checksum(g, b, at);
        if (computed != null && computed != stored) {
            checksumBad[g] = true;
            if (warnings.size() < 20) {
                warnings.add(String.format("The checksum of group descriptor %d does not match (stored 0x%04x, "
                        + "computed 0x%04x).", g, stored, computed));
            }
        }
        long first = sb.has(Ext4Feature.FLEX_BG) ? sb.firstDataBlock() : groupFirstBlock(g);
        long last = sb.has(Ext4Feature.FLEX_BG) ? sb.blocksCount() - 1 : groupLastBlock(g);
        long tableBlocks = inodeTableBlocks();
        String fault = null;
        if (blockBitmap[g] < first || blockBitmap[g] > last) {
            fault = "its block bitmap (block " + blockBitmap[g] + ") lies outside blocks " + first + " to " + last;
        } else if (inodeBitmap[g] < first || inodeBitmap[g] > last) {
            fault = "its inode bitmap (block " + inodeBitmap[g] + ") lies outside blocks " + first + " to " + last;
        } else if (inodeTable[g] < first || inodeTable[g] > last || inodeTable[g] + tableBlocks - 1 > last) {
            fault = "its inode table (blocks " + inodeTable[g] + " to " + (inodeTable[g] + tableBlocks - 1)
                    + ") lies outside blocks " + first + " to " + last;
        }
        if (fault != null) {
            faults[g] = fault;
            if (warnings.size() < 20) {
                warnings.add("Group descriptor " + g + " is damaged: " + fault + ". Its inodes cannot be read.");
            }
        }
    }

    /** The descriptor's checksum as the kernel's {@code ext4_group_desc_csum} computes it, or null when there is none. */
    Integer checksum(long g, byte[] b, int at) {
        int size = sb.descSize();
        if (sb.metadataCsum()) {
            int c = Crc32c.updateInt(sb.checksumSeed(), (int) g);
            c = Crc32c.update(c, b, at, 30);
            c = Crc32c.updateZeros(c, 2);
            c = Crc32c.update(c, b, at + 32, size - 32);
            return c & 0xFFFF;
        }
        if (!sb.has(Ext4Feature.GDT_CSUM)) {
            return null;
        }
        byte[] raw = sb.raw();
        int c = Crc16.update(~0, raw, 0x68, 16);
        byte[] group = {(byte) g, (byte) (g >>> 8), (byte) (g >>> 16), (byte) (g >>> 24)};
        c = Crc16.update(c, group, 0, 4);
        c = Crc16.update(c, b, at, 30);
        if (sb.has(Ext4Feature.BIT64) && size > 32) {
            c = Crc16.update(c, b, at + 32, size - 32);
        }
        return c;
    }

    int count() {
        return descOffsets.length;
    }

    /** Where descriptor {@code g} lies in the image. */
    long descriptorOffset(int g) {
        return descOffsets[g];
    }

    long blockBitmap(int g) {
        return blockBitmap[g];
    }

    long inodeBitmap(int g) {
        return inodeBitmap[g];
    }

    long inodeTable(int g) {
        return inodeTable[g];
    }

    int flags(int g) {
        return flags[g];
    }

    boolean checksumBad(int g) {
        return checksumBad[g];
    }

    /** Why group {@code g}'s tables cannot be used, or null when they can. */
    String fault(int g) {
        return faults[g];
    }

    /** Blocks each group's inode table takes. */
    long inodeTableBlocks() {
        return (sb.inodesPerGroup() * sb.inodeSize() + sb.blockSize() - 1) / sb.blockSize();
    }

    long groupFirstBlock(long g) {
        return sb.firstDataBlock() + g * sb.blocksPerGroup();
    }

    long groupLastBlock(long g) {
        return g == sb.groupCount() - 1 ? sb.blocksCount() - 1 : groupFirstBlock(g) + sb.blocksPerGroup() - 1;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}

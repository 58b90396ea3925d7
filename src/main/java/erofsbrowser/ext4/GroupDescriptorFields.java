package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * The dissector of {@code struct ext4_group_desc}: the 32 bytes every filesystem has, the 32 more
 * of 64bit filesystems (high halves and bitmap checksums), and padding up to {@code s_desc_size}.
 * The descriptor's checksum and its bitmaps' checksums are verified.
 */
final class GroupDescriptorFields {
    private GroupDescriptorFields() {
    }

    static Field dissect(Volume volume, int g) throws ImageException {
        Superblock sb = volume.superblock();
        GroupDescriptors groups = volume.groups();
        int size = sb.descSize();
        long offset = groups.descriptorOffset(g);
        byte[] b = volume.source().read(offset, size);
        FieldBuilder f = FieldBuilder.littleEndian("ext4_group_desc " + g, offset, b, 0, size);
        long first = groups.groupFirstBlock(g);
        f.meaning("block group " + g + ": blocks " + first + " to " + groups.groupLastBlock(g));
        boolean wide = size >= 64;
        String fault = groups.fault(g);
        f.u32("bg_block_bitmap_lo", v -> "block bitmap at block " + groups.blockBitmap(g));
        if (fault != null && fault.startsWith("its block bitmap")) {
            f.problemOnLast(Problem.error(fault));
        }
        f.u32("bg_inode_bitmap_lo", v -> "inode bitmap at block " + groups.inodeBitmap(g));
        if (fault != null && fault.startsWith("its inode bitmap")) {
            f.problemOnLast(Problem.error(fault));
        }
        f.u32("bg_inode_table_lo", v -> "inode table at block " + groups.inodeTable(g) + ", "
                + groups.inodeTableBlocks() + " blocks");
        if (fault != null && fault.startsWith("its inode table")) {
            f.problemOnLast(Problem.error(fault));
        }
        f.u16("bg_free_blocks_count_lo", v -> "free blocks (low 16 bits)");
        f.u16("bg_free_inodes_count_lo", v -> "free inodes (low 16 bits)");
        f.u16("bg_used_dirs_count_lo", v -> "directories (low 16 bits)");
        f.flags("bg_flags", 2, GroupDescriptorFields::flags, List.of(
                BitField.flag("EXT4_BG_INODE_UNINIT", 0, "inode table and bitmap not in use"),
                BitField.flag("EXT4_BG_BLOCK_UNINIT", 1, "block bitmap not in use"),
                BitField.flag("EXT4_BG_INODE_ZEROED", 2, "inode table zeroed")));
        f.u32("bg_exclude_bitmap_lo", v -> "snapshot exclude bitmap (unused)");
        Integer blockCsum = bitmapChecksum(volume, g, true);
        Integer inodeCsum = bitmapChecksum(volume, g, false);
        bitmapCsum(f, "bg_block_bitmap_csum_lo", blockCsum, 0xFFFF, 0);
        bitmapCsum(f, "bg_inode_bitmap_csum_lo", inodeCsum, 0xFFFF, 0);
        f.u16("bg_itable_unused_lo", v -> "unused inodes at the end of the table (low 16 bits)");
        Integer computed = groups.checksum(g, b, 0);
        long stored = f.u16("bg_checksum", v -> computed == null ? "not used (no metadata_csum nor uninit_bg)"
                : (sb.metadataCsum() ? "crc32c" : "crc16") + " of the descriptor: "
                + (v == computed ? "matches" : String.format("computed 0x%04x", computed)));
        if (computed != null && stored != computed) {
            f.problemOnLast(Problem.warning(String.format("checksum mismatch: stored 0x%04x, computed 0x%04x", stored,
                    computed)));
        }
        if (wide) {
            f.u32("bg_block_bitmap_hi", v -> "block bitmap block (high 32 bits)");
            f.u32("bg_inode_bitmap_hi", v -> "inode bitmap block (high 32 bits)");
            f.u32("bg_inode_table_hi", v -> "inode table block (high 32 bits)");
            f.u16("bg_free_blocks_count_hi", v -> "free blocks: " + (LittleEndian.u16(b, 12) | v << 16));
            f.u16("bg_free_inodes_count_hi", v -> "free inodes: " + (LittleEndian.u16(b, 14) | v << 16));
            f.u16("bg_used_dirs_count_hi", v -> "directories: " + (LittleEndian.u16(b, 16) | v << 16));
            f.u16("bg_itable_unused_hi", v -> "unused inodes: " + (LittleEndian.u16(b, 28) | v << 16));
            f.u32("bg_exclude_bitmap_hi");
            bitmapCsum(f, "bg_block_bitmap_csum_hi", blockCsum, 0xFFFF, 16);
            bitmapCsum(f, "bg_inode_bitmap_csum_hi", inodeCsum, 0xFFFF, 16);
            f.u32("bg_reserved", v -> "padding");
            if (f.remaining() > 0) {
                f.bytes("(padding to s_desc_size)", f.remaining(), "");
            }
        }
        return f.build();
    }

    private static String flags(long v) {
        List<String> s = new ArrayList<>();
        if ((v & GroupDescriptors.INODE_UNINIT) != 0) {
            s.add("INODE_UNINIT");
        }
        if ((v & GroupDescriptors.BLOCK_UNINIT) != 0) {
            s.add("BLOCK_UNINIT");
        }
        if ((v & GroupDescriptors.INODE_ZEROED) != 0) {
            s.add("ITABLE_ZEROED");
        }
        return s.isEmpty() ? "none" : String.join(", ", s);
    }

    private static void bitmapCsum(FieldBuilder f, String name, Integer computed, int mask, int shift) {
        long stored = f.u16(name, v -> computed == null ? "" : "crc32c of the bitmap (bits " + shift + "-" + (shift + 15)
                + "): " + (v == ((computed >>> shift) & mask) ? "matches" : String.format("computed 0x%04x",
                (computed >>> shift) & mask)));
        if (computed != null && stored != ((computed >>> shift) & mask)) {
            f.problemOnLast(Problem.warning("bitmap checksum mismatch"));
        }
    }

    /**
     * The checksum of group {@code g}'s block or inode bitmap (ext4_block_bitmap_csum_verify): crc32c of
     * clusters-per-group or inodes-per-group bits; null without metadata_csum, for an uninitialised
     * bitmap, or for a bitmap outside the image.
     */
    static Integer bitmapChecksum(Volume volume, int g, boolean blocks) throws ImageException {
        Superblock sb = volume.superblock();
        GroupDescriptors groups = volume.groups();
        int flag = blocks ? GroupDescriptors.BLOCK_UNINIT : GroupDescriptors.INODE_UNINIT;
        if (!sb.metadataCsum() || (groups.flags(g) & flag) != 0 || groups.fault(g) != null) {
            return null;
        }
        long bits = blocks ? sb.blocksPerGroup() >> sb.clusterBits() : sb.inodesPerGroup();
        long at = sb.blockOffset(blocks ? groups.blockBitmap(g) : groups.inodeBitmap(g));
        int len = (int) Math.min(bits / 8, sb.blockSize());
        if (at + len > volume.source().length()) {
            return null;
        }
        byte[] bitmap = volume.source().read(at, len);
        return Crc32c.update(sb.checksumSeed(), bitmap, 0, len);
    }
}

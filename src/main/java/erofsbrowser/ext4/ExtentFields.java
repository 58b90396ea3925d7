package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

/**
 * The dissector of extent tree nodes: {@code struct ext4_extent_header}, then {@code struct
 * ext4_extent_idx} (index nodes) or {@code struct ext4_extent} (leaves), and in a block of its own
 * the {@code struct ext4_extent_tail} checksum. Reads what is there, sound or not.
 */
final class ExtentFields {
    private ExtentFields() {
    }

    /** The root node in {@code i_block}: header and four entry slots, into {@code f}. */
    static void root(FieldBuilder f, byte[] b, int base) {
        node(f, b, base, Inode.I_BLOCK_SIZE, null);
    }

    /** An extent tree block: {@code bytes} of block {@code block} at image {@code offset}. */
    static Field block(byte[] bytes, long offset, long block, Volume volume, Inode owner) {
        FieldBuilder f = FieldBuilder.littleEndian("extent tree block " + block, offset, bytes, 0, bytes.length);
        int depth = LittleEndian.u16(bytes, 6);
        f.meaning((depth == 0 ? "leaf" : "index node at depth " + depth) + " of inode " + owner.number());
        node(f, bytes, 0, bytes.length, new TailCheck(volume, owner));
        return f.build();
    }

    private record TailCheck(Volume volume, Inode owner) {
    }

    private static void node(FieldBuilder f, byte[] b, int base, int size, TailCheck tail) {
        int capacity = (size - ExtentNode.HEADER) / ExtentNode.ENTRY;
        int entries = LittleEndian.u16(b, base + 2);
        int max = LittleEndian.u16(b, base + 4);
        int depth = LittleEndian.u16(b, base + 6);
        FieldBuilder h = f.sub("ext4_extent_header", ExtentNode.HEADER).meaning(depth == 0
                ? entries + " extents" : entries + " index entries, depth " + depth);
        if (h.u16("eh_magic", v -> v == ExtentNode.MAGIC ? "EXT4_EXT_MAGIC" : "not an extent node") != ExtentNode.MAGIC) {
            h.problemOnLast(Problem.error("the magic must be 0xf30a"));
        }
        h.u16("eh_entries", v -> v + " entries in use");
        if (entries > max) {
            h.problemOnLast(Problem.error("more entries than eh_max"));
        }
        h.u16("eh_max", v -> "room for " + v + " entries");
        if (max > capacity || max == 0) {
            h.problemOnLast(Problem.error("the node holds 1 to " + capacity + " entries"));
        }
        h.u16("eh_depth", v -> v == 0 ? "leaf: entries are extents" : v + " levels above the leaves: entries are indexes");
        if (depth > ExtentNode.MAX_DEPTH) {
            h.problemOnLast(Problem.error("deeper than " + ExtentNode.MAX_DEPTH));
        }
        h.u32("eh_generation");
        f.nested(h.build());
        int slots = tail == null ? capacity : Math.min(Math.max(max, 0), capacity);
        for (int i = 0; i < slots; i++) {
            boolean used = i < entries;
            if (!used) {
                f.bytes(tail == null ? "(unused slot " + i + ")" : "(unused entry " + i + ")", ExtentNode.ENTRY, "");
                continue;
            }
            FieldBuilder e = f.sub(depth == 0 ? "ext4_extent " + i : "ext4_extent_idx " + i, ExtentNode.ENTRY);
            int at = base + ExtentNode.HEADER + ExtentNode.ENTRY * i;
            if (depth == 0) {
                long start = LittleEndian.u32(b, at);
                int len = LittleEndian.u16(b, at + 4);
                int actual = len > ExtentNode.INIT_MAX_LEN ? len - ExtentNode.INIT_MAX_LEN : len;
                long phys = LittleEndian.u32(b, at + 8) | (long) LittleEndian.u16(b, at + 6) << 32;
                e.meaning("logical blocks " + start + "-" + (start + actual - 1) + " at blocks " + phys + "-"
                        + (phys + actual - 1) + (len > ExtentNode.INIT_MAX_LEN ? ", unwritten" : ""));
                e.u32("ee_block", v -> "first logical block " + v);
                e.u16("ee_len", v -> v > ExtentNode.INIT_MAX_LEN ? (v - ExtentNode.INIT_MAX_LEN)
                        + " blocks, unwritten (read as zeros)" : v + " blocks");
                if (actual == 0) {
                    e.problemOnLast(Problem.error("an extent of no blocks"));
                }
                e.u16("ee_start_hi", v -> "first block (high 16 bits)");
                e.u32("ee_start_lo", v -> "first block " + phys);
            } else {
                long child = LittleEndian.u32(b, at + 4) | (long) LittleEndian.u16(b, at + 8) << 32;
                e.meaning("logical blocks from " + LittleEndian.u32(b, at) + " in block " + child);
                e.u32("ei_block", v -> "first logical block " + v);
                e.u32("ei_leaf_lo", v -> "child node at block " + child);
                e.u16("ei_leaf_hi", v -> "child block (high 16 bits)");
                e.u16("ei_unused");
            }
            f.nested(e.build());
        }
        if (tail != null && f.remaining() >= 4) {
            Superblock sb = tail.volume.superblock();
            int tailAt = ExtentNode.HEADER + ExtentNode.ENTRY * slots;
            if (sb.metadataCsum()) {
                int computed = Crc32c.update(tail.owner.checksumSeed(sb), b, base, tailAt);
                long stored = f.u32("et_checksum", v -> (int) v == computed ? "crc32c of the block: matches"
                        : String.format("crc32c of the block: computed 0x%08x", computed));
                if ((int) stored != computed) {
                    f.problemOnLast(Problem.warning(String.format("checksum mismatch: stored 0x%08x, computed 0x%08x",
                            stored, computed)));
                }
            }
        }
        if (f.remaining() > 0) {
            f.bytes("(unused)", f.remaining(), "");
        }
    }
}

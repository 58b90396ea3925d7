package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

/**
 * The dissector of htree index blocks: {@code struct dx_root} (the fake "." and ".." entries,
 * {@code struct dx_root_info}, then {@code dx_countlimit} and {@code dx_entry} pairs) and
 * {@code struct dx_node} (one fake unused entry, then the same), with the {@code struct dx_tail}
 * checksum after {@code limit} entries under metadata_csum.
 */
final class DxFields {
    private DxFields() {
    }

    static String hashName(int version) {
        return switch (version) {
            case 0 -> "DX_HASH_LEGACY";
            case 1 -> "DX_HASH_HALF_MD4";
            case 2 -> "DX_HASH_TEA";
            case 3 -> "DX_HASH_LEGACY_UNSIGNED";
            case 4 -> "DX_HASH_HALF_MD4_UNSIGNED";
            case 5 -> "DX_HASH_TEA_UNSIGNED";
            case 6 -> "DX_HASH_SIPHASH";
            default -> "unknown hash";
        };
    }

    /** Index block {@code logical} of a hashed directory, {@code b} at image {@code offset}; null when it is not one. */
    static Field block(byte[] b, long offset, long logical, int seed, Superblock sb) {
        int countOffset = DxBlock.countOffset(b);
        if (countOffset < 0) {
            return null;
        }
        boolean root = countOffset == DxBlock.ROOT_COUNT_OFFSET;
        FieldBuilder f = FieldBuilder.littleEndian(root ? "dx_root" : "dx_node", offset, b, 0, b.length);
        f.meaning((root ? "htree root" : "htree index node") + ", directory block " + logical);
        if (root) {
            FieldBuilder dot = f.sub("dot (ext4_dir_entry)", 12);
            dot.u32("inode", v -> "this directory, inode " + v);
            dot.u16("rec_len", v -> v + " bytes");
            dot.u8("name_len");
            dot.u8("file_type");
            dot.bytes("name", 4, "\".\" and padding");
            f.nested(dot.build());
            FieldBuilder dotdot = f.sub("dotdot (ext4_dir_entry)", 12);
            dotdot.u32("inode", v -> "parent directory, inode " + v);
            dotdot.u16("rec_len", v -> v + " bytes: the rest of the block");
            dotdot.u8("name_len");
            dotdot.u8("file_type");
            dotdot.bytes("name", 4, "\"..\" and padding");
            f.nested(dotdot.build());
            FieldBuilder info = f.sub("dx_root_info", 8);
            info.u32("reserved_zero");
            info.u8("hash_version", v -> hashName((int) v));
            info.u8("info_length", v -> v + " bytes");
            long levels = info.u8("indirect_levels", v -> v == 0 ? "the root points at leaves" : v + " levels of index nodes below");
            if (levels > 2 && !sb.has(Ext4Feature.LARGEDIR) || levels > 3) {
                info.problemOnLast(Problem.error("too many levels"));
            }
            info.u8("unused_flags");
            f.nested(info.build());
        } else {
            FieldBuilder fake = f.sub("fake (ext4_dir_entry)", 8).meaning("an unused entry over the whole block");
            fake.u32("inode", v -> "0: unused");
            fake.u16("rec_len", v -> "the whole block");
            fake.u8("name_len");
            fake.u8("file_type");
            f.nested(fake.build());
        }
        int limit = LittleEndian.u16(b, countOffset);
        int count = LittleEndian.u16(b, countOffset + 2);
        int room = (b.length - countOffset) / DxBlock.ENTRY;
        FieldBuilder cl = f.sub("dx_countlimit", 4);
        cl.u16("limit", v -> "room for " + v + " entries");
        if (limit > room) {
            cl.problemOnLast(Problem.error("more than the block holds"));
        }
        cl.u16("count", v -> v + " entries in use");
        if (count > limit) {
            cl.problemOnLast(Problem.error("more entries than the limit"));
        }
        f.nested(cl.build());
        f.u32("block", v -> "entry 0: hashes below the next entry's are in directory block " + v);
        int used = Math.min(Math.min(count, limit), room);
        for (int i = 1; i < used; i++) {
            FieldBuilder e = f.sub("dx_entry " + i, DxBlock.ENTRY);
            e.u32("hash", v -> String.format("hashes from 0x%08x", v));
            e.u32("block", v -> "in directory block " + (v & 0x0FFF_FFFF));
            f.nested(e.build());
        }
        int slots = Math.min(limit, room);
        if (slots > Math.max(used, 1)) {
            f.bytes("(unused entries)", (slots - Math.max(used, 1)) * DxBlock.ENTRY, "");
        }
        if (sb.metadataCsum() && f.remaining() >= DxBlock.TAIL) {
            Integer computed = DxBlock.checksum(b, seed);
            FieldBuilder t = f.sub("dx_tail", DxBlock.TAIL);
            t.u32("dt_reserved");
            long stored = t.u32("dt_checksum", v -> computed == null ? "" : (int) v == computed
                    ? "crc32c of the index: matches" : String.format("crc32c of the index: computed 0x%08x", computed));
            if (computed != null && (int) stored != computed) {
                t.problemOnLast(Problem.warning(String.format("checksum mismatch: stored 0x%08x, computed 0x%08x",
                        stored, computed)));
            }
            f.nested(t.build());
        }
        if (f.remaining() > 0) {
            f.bytes("(unused)", f.remaining(), "");
        }
        return f.build();
    }
}

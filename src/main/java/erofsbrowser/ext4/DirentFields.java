package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FileType;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

/**
 * The dissector of directory entries ({@code struct ext4_dir_entry_2}: inode, rec_len, name_len,
 * file_type, the name, and for encrypted casefolded directories the name's hashes), of the
 * checksum tail of a leaf block ({@code struct ext4_dir_entry_tail}), and of whole leaf blocks.
 */
final class DirentFields {
    private DirentFields() {
    }

    /**
     * The entry at {@code b[at]} (image offset {@code offset}), no longer than {@code end - at}
     * bytes; {@code seed} is the directory's checksum seed, for a tail.
     */
    static Field dirent(byte[] b, int at, int end, long offset, boolean withHash, Integer seed, Superblock sb) {
        int stored = LittleEndian.u16(b, at + 4);
        int recLen = Directory.decodeRecLen(stored, sb.blockSize());
        int len = Math.min(Math.max(recLen, 8), end - at);
        long inode = LittleEndian.u32(b, at);
        int nameLen = LittleEndian.u8(b, at + 6);
        int type = LittleEndian.u8(b, at + 7);
        if (inode == 0 && recLen == Directory.TAIL_SIZE && nameLen == 0 && type == Directory.TAIL_FILE_TYPE
                && at + Directory.TAIL_SIZE == end) {
            return tail(b, at, offset, seed, sb);
        }
        FieldBuilder f = FieldBuilder.littleEndian("ext4_dir_entry_2", offset, b, at, len);
        int shown = Math.min(nameLen, len - 8);
        byte[] name = java.util.Arrays.copyOfRange(b, at + 8, at + 8 + shown);
        f.meaning(inode == 0 ? "unused entry (" + len + " bytes)"
                : "\"" + Ext4Text.printable(name) + "\" → inode " + inode);
        f.u32("inode", v -> v == 0 ? "unused" : "inode " + v);
        if (inode > sb.inodesCount()) {
            f.problemOnLast(Problem.error("inode number out of range (1 to " + sb.inodesCount() + ")"));
        }
        f.u16("rec_len", v -> recLen + " bytes to the next entry");
        if (recLen < Directory.MIN_REC_LEN || recLen % 4 != 0 || recLen < Directory.recLen(nameLen, false)
                || recLen > end - at) {
            f.problemOnLast(Problem.error("invalid rec_len: the kernel stops reading this block here"));
        }
        f.u8("name_len", v -> v + " bytes of name");
        f.u8("file_type", v -> {
            FileType t = FileType.ofDirentType((int) v);
            return t == null ? (v == 0 ? "unknown (EXT4_FT_UNKNOWN)" : "invalid") : t.label();
        });
        f.bytes("name", shown, u -> "\"" + Ext4Text.printable(u) + "\"");
        if (withHash && inode != 0 && f.remaining() >= 8 + ((4 - (8 + shown) % 4) % 4)) {
            int pad = (4 - (8 + shown) % 4) % 4;
            if (pad > 0) {
                f.bytes("(name padding)", pad, "");
            }
            f.u32("hash", v -> "major hash of the name");
            f.u32("minor_hash", v -> "minor hash of the name");
        }
        if (f.remaining() > 0) {
            f.bytes("(unused)", f.remaining(), "padding, or room for entries to come");
        }
        return f.build();
    }

    private static Field tail(byte[] b, int at, long offset, Integer seed, Superblock sb) {
        FieldBuilder f = FieldBuilder.littleEndian("ext4_dir_entry_tail", offset, b, at, Directory.TAIL_SIZE);
        f.meaning("the block's checksum, in the shape of an unused entry");
        f.u32("det_reserved_zero1");
        f.u16("det_rec_len", v -> "12");
        f.u8("det_reserved_zero2");
        f.u8("det_reserved_ft", v -> "0xde: marks the tail");
        if (seed != null && sb.metadataCsum()) {
            int computed = Crc32c.update(seed, b, 0, at);
            long stored = f.u32("det_checksum", v -> (int) v == computed ? "crc32c of the block: matches"
                    : String.format("crc32c of the block: computed 0x%08x", computed));
            if ((int) stored != computed) {
                f.problemOnLast(Problem.warning(String.format("checksum mismatch: stored 0x%08x, computed 0x%08x",
                        stored, computed)));
            }
        } else {
            f.u32("det_checksum");
        }
        return f.build();
    }

    /** A whole leaf block (or the dirents of an inline area): its entries one after another. */
    static Field leafBlock(String name, byte[] b, int start, int end, long offset, boolean withHash, Integer seed,
                           Superblock sb) {
        FieldBuilder f = FieldBuilder.littleEndian(name, offset + start, b, start, end - start);
        int at = start;
        int count = 0;
        while (at < end) {
            if (end - at < 8) {
                f.bytes("(truncated entry)", end - at, "");
                f.problemOnLast(Problem.error("too short for an entry"));
                break;
            }
            int recLen = Directory.decodeRecLen(LittleEndian.u16(b, at + 4), sb.blockSize());
            Field d = dirent(b, at, end, offset + at, withHash, seed, sb);
            f.nested(d);
            count++;
            if (recLen < 8 || recLen % 4 != 0 || recLen > end - at) {
                if (f.remaining() > 0) {
                    f.bytes("(not reachable)", f.remaining(), "");
                    f.problemOnLast(Problem.error("a bad rec_len before these bytes stops the kernel"));
                }
                break;
            }
            at += recLen;
        }
        f.meaning(count + " entries");
        return f.build();
    }
}

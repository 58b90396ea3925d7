package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The dissector of extended attribute areas: the in-inode one ({@code struct
 * ext4_xattr_ibody_header}, then entries) and the xattr block ({@code struct ext4_xattr_header},
 * then entries); each {@code struct ext4_xattr_entry} with its name, and each value where
 * {@code e_value_offs} puts it, decoded where its name says how (SELinux label, capabilities,
 * POSIX ACL, inline data). Space between the pieces is shown as unused. Reads what is there,
 * sound or not.
 */
final class XattrFields {
    private XattrFields() {
    }

    private record Value(int start, int size, String name) {
    }

    /** The xattr block of {@code owner}: its header, entries and values. */
    static Field block(byte[] b, long offset, long block, Volume volume) {
        FieldBuilder f = FieldBuilder.littleEndian("xattr block " + block, offset, b, 0, b.length);
        f.meaning("extended attributes shared by " + LittleEndian.u32(b, 4) + " inode(s)");
        FieldBuilder h = f.sub("ext4_xattr_header", Xattrs.BLOCK_HEADER);
        if (h.u32("h_magic", v -> (int) v == Xattrs.MAGIC ? "EXT4_XATTR_MAGIC" : "not an xattr block") != (Xattrs.MAGIC & 0xFFFF_FFFFL)) {
            h.problemOnLast(Problem.error("the magic must be 0xea020000"));
        }
        h.u32("h_refcount", v -> v + " inodes use this block");
        if (h.u32("h_blocks", v -> v + " block(s)") != 1) {
            h.problemOnLast(Problem.error("the kernel only knows xattr blocks of one block"));
        }
        h.u32("h_hash", v -> "hash of all entries");
        Superblock sb = volume.superblock();
        if (sb.metadataCsum()) {
            int computed = new Xattrs(volume).blockChecksum(b, block);
            long stored = h.u32("h_checksum", v -> (int) v == computed ? "crc32c of the block: matches"
                    : String.format("crc32c of the block: computed 0x%08x", computed));
            if ((int) stored != computed) {
                h.problemOnLast(Problem.warning(String.format("checksum mismatch: stored 0x%08x, computed 0x%08x",
                        stored, computed)));
            }
        } else {
            h.u32("h_checksum", v -> "not used (no metadata_csum)");
        }
        h.bytes("h_reserved", 12, "");
        f.nested(h.build());
        entriesAndValues(f, b, Xattrs.BLOCK_HEADER, b.length, 0);
        return f.build();
    }

    /** The in-inode area of {@code raw} from {@code start} to its end, into {@code f} (positioned at {@code start}). */
    static void body(FieldBuilder f, byte[] raw, int start) {
        FieldBuilder area = f.sub("in-inode xattrs", raw.length - start).meaning("extended attributes in the inode");
        area.u32("h_magic", v -> (int) v == Xattrs.MAGIC ? "EXT4_XATTR_MAGIC (ext4_xattr_ibody_header)" : "");
        entriesAndValues(area, raw, start + 4, raw.length, start + 4);
        f.nested(area.build());
    }

    private static void entriesAndValues(FieldBuilder f, byte[] b, int first, int end, int valueBase) {
        List<Value> values = new ArrayList<>();
        int e = first;
        int n = 0;
        boolean broken = false;
        while (e + 4 <= end && LittleEndian.i32(b, e) != 0) {
            int nameLen = LittleEndian.u8(b, e);
            int len = XattrEntry.entryLength(nameLen);
            if (e + len > end) {
                f.problem(Problem.error("an entry runs past the end of the area"));
                broken = true;
                break;
            }
            int index = LittleEndian.u8(b, e + 1);
            byte[] suffix = Arrays.copyOfRange(b, e + 16, e + 16 + nameLen);
            String name = XattrName.display(index, suffix);
            FieldBuilder x = f.sub("ext4_xattr_entry " + n++, len).meaning(name);
            x.u8("e_name_len", v -> v + " bytes of name");
            x.u8("e_name_index", v -> XattrName.prefix((int) v) == null ? "unknown prefix"
                    : "prefix \"" + XattrName.prefix((int) v) + "\"");
            long offs = x.u16("e_value_offs", v -> "value at byte " + v + " of the area");
            long inum = x.u32("e_value_inum", v -> v == 0 ? "value stored here" : "value in xattr inode " + v);
            long size = x.u32("e_value_size", v -> v + " bytes of value");
            x.u32("e_hash");
            x.bytes("e_name", nameLen, u -> "\"" + Ext4Text.printable(u) + "\"");
            if (x.remaining() > 0) {
                x.bytes("(padding)", x.remaining(), "");
            }
            f.nested(x.build());
            if (inum == 0 && size > 0) {
                values.add(new Value((int) Math.min(Integer.MAX_VALUE, valueBase + offs), (int) Math.min(size, end), name));
            }
            e += len;
        }
        int cursor = e;
        if (!broken && e + 4 <= end) {
            f.u32("(end of entries)", v -> "four zero bytes");
            cursor += 4;
        }
        values.sort(Comparator.comparingInt(Value::start));
        for (Value v : values) {
            long padded = (v.size + 3L) & ~3L;
            if (v.start < cursor || v.start + padded > end) {
                f.problem(Problem.error("the value of " + v.name + " overlaps other data or runs past the area"));
                continue;
            }
            if (v.start > cursor) {
                f.bytes("(unused)", v.start - cursor, "");
            }
            f.bytes("value of " + v.name, v.size, bytes -> meaning(v.name, bytes));
            if (padded > v.size) {
                f.bytes("(value padding)", (int) (padded - v.size), "");
            }
            cursor = (int) (v.start + padded);
        }
        if (f.remaining() > 0) {
            f.bytes("(unused)", f.remaining(), "");
        }
    }

    /** A value decoded by what its name says it holds. */
    static String meaning(String name, byte[] v) {
        if (name.equals("security.selinux")) {
            return "SELinux label \"" + Ext4Text.cString(v) + "\"";
        }
        if (name.equals("security.capability") && v.length >= 12) {
            long permitted = LittleEndian.u32(v, 4) | (v.length >= 20 ? LittleEndian.u32(v, 12) << 32 : 0);
            return String.format("vfs_cap_data revision 0x%08x, permitted 0x%x", LittleEndian.u32(v, 0), permitted);
        }
        if (name.startsWith("system.posix_acl")) {
            return "POSIX ACL in ext4's format, " + v.length + " bytes";
        }
        if (name.equals("system.data")) {
            return "inline data past i_block, " + v.length + " bytes";
        }
        for (byte c : v) {
            if ((c & 0xFF) < 0x20 && c != '\n' && c != '\t') {
                return v.length + " bytes";
            }
        }
        return "\"" + new String(v, StandardCharsets.UTF_8) + "\"";
    }
}

package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;
import erofsbrowser.image.XattrValues;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The dissector of extended attributes: the inline area after an inode
 * ({@code struct erofs_xattr_ibody_header}, the shared ids, the inline {@code struct
 * erofs_xattr_entry}s) and a shared entry in the shared xattr area.
 */
public final class XattrFields {
    private static final int ENTRY_HEADER_SIZE = 4;
    private static final int LONG_PREFIX = 0x80;

    private XattrFields() {
    }

    /**
     * The inline xattr area of {@code inode}, whose bytes ({@link Inode#xattrAreaSize()} of them)
     * are {@code area}. Entries that run past the area are shown as far as they go, and marked.
     */
    public static Field dissectArea(Inode inode, byte[] area, List<XattrPrefix> prefixes) {
        FieldBuilder f = FieldBuilder.littleEndian("xattrs", inode.xattrAreaRange().offset(), area, 0, area.length);
        if (area.length < XattrArea.HEADER_SIZE) {
            f.bytes("(too short for a header)", area.length, "");
            return f.problem(Problem.error("an xattr area of " + area.length + " bytes cannot hold its 12-byte header")).build();
        }
        FieldBuilder h = f.sub("erofs_xattr_ibody_header", XattrArea.HEADER_SIZE);
        h.u32("h_name_filter", v -> v == 0 ? "no bloom filter bits" : String.format("bloom filter 0x%08x (a set bit: that name hash is absent)", v));
        long shared = h.u8("h_shared_count", v -> v + " shared xattrs");
        h.bytes("h_reserved2", 7, "");
        f.nested(h.build());
        int ids = (int) Math.min(shared, (area.length - XattrArea.HEADER_SIZE) / 4);
        for (int i = 0; i < ids; i++) {
            f.u32("h_shared_xattrs[" + i + "]", v -> "shared xattr id " + v);
        }
        if (ids < shared) {
            f.problem(Problem.error(shared + " shared ids do not fit the xattr area"));
        }
        int k = 0;
        while (f.remaining() > 0) {
            int at = area.length - f.remaining();
            if (f.remaining() < ENTRY_HEADER_SIZE) {
                f.bytes("(truncated entry)", f.remaining(), "");
                f.problemOnLast(Problem.error("too short for an xattr entry header"));
                break;
            }
            int size = entrySize(area, at);
            if (size > f.remaining()) {
                f.bytes("erofs_xattr_entry[" + k + "]", f.remaining(), "");
                f.problemOnLast(Problem.error("the entry runs " + (size - f.remaining()) + " bytes past the xattr area"));
                break;
            }
            f.nested(entry(f.sub("erofs_xattr_entry[" + k + "]", size), area, at, prefixes));
            k++;
        }
        return f.build();
    }

    /** The size of the entry at {@code at} of {@code bytes}, padding included (its header must be there). */
    public static int entrySize(byte[] bytes, int at) {
        return (ENTRY_HEADER_SIZE + LittleEndian.u8(bytes, at) + LittleEndian.u16(bytes, at + 2) + 3) & ~3;
    }

    /** A shared entry, id {@code id}, whose {@link #entrySize} bytes are {@code bytes} at image {@code offset}. */
    public static Field dissectShared(long id, long offset, byte[] bytes, List<XattrPrefix> prefixes) {
        FieldBuilder f = FieldBuilder.littleEndian("erofs_xattr_entry (shared #" + id + ")", offset, bytes, 0, bytes.length);
        return entry(f, bytes, 0, prefixes);
    }

    private static Field entry(FieldBuilder f, byte[] b, int at, List<XattrPrefix> prefixes) {
        int nameLen = LittleEndian.u8(b, at);
        int index = LittleEndian.u8(b, at + 1);
        int valueLen = LittleEndian.u16(b, at + 2);
        byte[] prefix = prefix(index, prefixes);
        byte[] suffix = Arrays.copyOfRange(b, at + 4, at + 4 + nameLen);
        String name = prefix == null ? null : new String(concat(prefix, suffix), StandardCharsets.UTF_8);
        byte[] value = Arrays.copyOfRange(b, at + 4 + nameLen, at + 4 + nameLen + valueLen);
        f.meaning(name == null ? "ignored: no namespace for name index " + index : name + " = " + XattrValues.text(value));
        f.u8("e_name_len", v -> v + " bytes of name after the prefix");
        f.u8("e_name_index", v -> prefixMeaning((int) v, prefix));
        if (prefix == null) {
            f.problemOnLast(Problem.warning("the kernel lists no attribute for this name index"));
        }
        f.u16("e_value_size", v -> v + " bytes of value");
        f.bytes("e_name", nameLen, "\"" + new String(suffix, StandardCharsets.UTF_8) + "\"");
        String decoded = name == null ? "" : XattrValues.decode(name, value);
        f.bytes("value", valueLen, decoded.isEmpty() ? XattrValues.text(value) : decoded);
        if (f.remaining() > 0) {
            f.bytes("padding", f.remaining(), "to a 4-byte boundary");
        }
        return f.build();
    }

    private static byte[] prefix(int index, List<XattrPrefix> prefixes) {
        if ((index & LONG_PREFIX) != 0) {
            int k = index & ~LONG_PREFIX;
            return k < prefixes.size() ? prefixes.get(k).nameBytes() : null;
        }
        return XattrArea.shortPrefix(index);
    }

    private static String prefixMeaning(int index, byte[] prefix) {
        String p = prefix == null ? "unknown" : "\"" + new String(prefix, StandardCharsets.UTF_8) + "\"";
        return (index & LONG_PREFIX) != 0 ? "long prefix " + (index & ~LONG_PREFIX) + ": " + p : "prefix " + p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

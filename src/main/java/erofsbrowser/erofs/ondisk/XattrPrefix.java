package erofsbrowser.erofs.ondisk;

import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A long xattr name prefix ({@code struct erofs_xattr_long_prefix}): a short prefix by index plus
 * an infix, so that entries whose names share a long start (e.g. {@code trusted.overlay.}) store
 * only the rest.
 */
public record XattrPrefix(int index, ByteRange range, int baseIndex, byte[] infix) {

    @Override
    public byte[] infix() {
        return infix.clone();
    }

    /** The whole prefix as name bytes, or null when the base index names no known namespace. */
    public byte[] nameBytes() {
        byte[] base = XattrArea.shortPrefix(baseIndex);
        if (base == null) {
            return null;
        }
        byte[] all = java.util.Arrays.copyOf(base, base.length + infix.length);
        System.arraycopy(infix, 0, all, base.length, infix.length);
        return all;
    }

    public String name() {
        byte[] b = nameBytes();
        return b == null ? "(unknown base " + baseIndex + ")" + new String(infix, StandardCharsets.UTF_8)
                : new String(b, StandardCharsets.UTF_8);
    }

    /** The table of {@code count} records starting at {@code start}, read through {@code reader}. */
    public static List<XattrPrefix> readTable(MetadataReader reader, long start, int count) throws ImageException {
        List<XattrPrefix> list = new ArrayList<>(count);
        long pos = start;
        for (int i = 0; i < count; i++) {
            pos = (pos + 3) & ~3L;
            int len = Short.toUnsignedInt(reader.buffer(pos, 2).getShort(0));
            if (len < 1) {
                throw new ImageException("empty long xattr prefix " + i, pos);
            }
            byte[] body = reader.read(pos + 2, len);
            list.add(new XattrPrefix(i, new ByteRange(pos, 2 + len), body[0] & 0xFF,
                    java.util.Arrays.copyOfRange(body, 1, len)));
            pos += 2 + len;
        }
        return List.copyOf(list);
    }
}

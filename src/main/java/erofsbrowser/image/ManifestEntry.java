package erofsbrowser.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * One line of an image listing in the fixture format (see {@code shared/fixtures/README.md}): what
 * the kernel shows of an entry. Made from an image by {@link Manifest}, and by tests from an
 * extracted tree, so the two can be compared line by line.
 *
 * @param mtime  whole seconds; null for directories and symlinks
 * @param size   content length; null except for regular files
 * @param sha256 content digest as lowercase hex; null except for regular files
 * @param nlink  link count; null except for regular files with more than one link
 * @param target symlink target bytes; null except for symlinks
 * @param rdev   {major, minor}; null except for device files
 * @param xattrs name bytes (sorted as bytes) to value bytes; empty when there are none
 */
public record ManifestEntry(
        byte[] path,
        FileType type,
        int mode,
        long uid,
        long gid,
        Long mtime,
        Long size,
        String sha256,
        Long nlink,
        byte[] target,
        int[] rdev,
        SortedMap<byte[], byte[]> xattrs) {

    /** Orders xattr names as the listings do (Python sorts str keys; for UTF-8 that is byte order). */
    public static java.util.Comparator<byte[]> NAME_ORDER = Arrays::compareUnsigned;

    /** The entry as one JSON line, exactly as Python's {@code json.dumps(obj, sort_keys=True, ensure_ascii=False)} writes it, with "\n". */
    public byte[] toJsonLine() {
        Json j = new Json();
        j.raw("{\"gid\": ").raw(Long.toString(gid));
        j.raw(", \"mode\": \"0o").raw(Integer.toOctalString(mode)).raw("\"");
        if (mtime != null) {
            j.raw(", \"mtime\": ").raw(mtime.toString());
        }
        if (nlink != null) {
            j.raw(", \"nlink\": ").raw(nlink.toString());
        }
        j.raw(", \"path\": ").string(path);
        if (rdev != null) {
            j.raw(", \"rdev\": [").raw(Integer.toString(rdev[0])).raw(", ").raw(Integer.toString(rdev[1])).raw("]");
        }
        if (sha256 != null) {
            j.raw(", \"sha256\": \"").raw(sha256).raw("\"");
        }
        if (size != null) {
            j.raw(", \"size\": ").raw(size.toString());
        }
        if (target != null) {
            j.raw(", \"target\": \"").raw(HexFormat.of().formatHex(target)).raw("\"");
        }
        j.raw(", \"type\": \"").raw(type.label()).raw("\"");
        j.raw(", \"uid\": ").raw(Long.toString(uid));
        if (!xattrs.isEmpty()) {
            j.raw(", \"xattrs\": {");
            boolean first = true;
            for (Map.Entry<byte[], byte[]> x : xattrs.entrySet()) {
                if (!first) {
                    j.raw(", ");
                }
                first = false;
                j.string(x.getKey()).raw(": \"").raw(HexFormat.of().formatHex(x.getValue())).raw("\"");
            }
            j.raw("}");
        }
        j.raw("}\n");
        return j.bytes();
    }

    /** Minimal JSON text builder that works on bytes, so names that are not UTF-8 pass through unchanged. */
    private static final class Json {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Json raw(String ascii) {
            out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Json string(byte[] s) {
            out.write('"');
            for (byte b : s) {
                int c = b & 0xFF;
                switch (c) {
                    case '"' -> raw("\\\"");
                    case '\\' -> raw("\\\\");
                    case '\n' -> raw("\\n");
                    case '\r' -> raw("\\r");
                    case '\t' -> raw("\\t");
                    case '\b' -> raw("\\b");
                    case '\f' -> raw("\\f");
                    default -> {
                        if (c < 0x20) {
                            raw(String.format("\\u%04x", c));
                        } else {
                            out.write(c);
                        }
                    }
                }
            }
            out.write('"');
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}

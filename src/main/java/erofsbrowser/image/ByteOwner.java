package erofsbrowser.image;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one byte of an image belongs to: the structure or data run that holds it, the entry it
 * belongs to, and the fields from that structure down to the byte, as its dissector gives them.
 *
 * @param range       the structure or data run holding the byte
 * @param description who owns it, for people ("inode of /bin/sh (nid 1234, compact)")
 * @param path        the owning entry's path, or null when it belongs to no entry of the tree
 *                    (superblock, shared xattrs, hidden inodes)
 * @param fields      the fields covering the byte, outermost (the structure) first; empty for
 *                    bytes no field describes (file data)
 */
public record ByteOwner(ByteRange range, String description, byte[] path, List<Field> fields) {
    public ByteOwner {
        path = path == null ? null : path.clone();
        fields = List.copyOf(fields);
    }

    @Override
    public byte[] path() {
        return path == null ? null : path.clone();
    }

    public String pathString() {
        return path == null ? null : new String(path, StandardCharsets.UTF_8);
    }

    /** The deepest field covering the byte, or null. */
    public Field field() {
        return fields.isEmpty() ? null : fields.get(fields.size() - 1);
    }

    /** The structure holding the byte (the outermost field), or null. */
    public Field structure() {
        return fields.isEmpty() ? null : fields.get(0);
    }
}

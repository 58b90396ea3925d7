package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;
import java.nio.charset.StandardCharsets;

/**
 * One extended attribute of an inode: an entry ({@code struct erofs_xattr_entry}) of its inline
 * area or of the shared area, with its full name.
 *
 * @param name     the full name, prefix included ({@code user.foo})
 * @param value    the value bytes
 * @param range    where the entry lives (for an inline entry in the metabox data when the inode is)
 * @param sharedId the id in the shared xattr area, or -1 for an inline entry
 */
public record Xattr(byte[] name, byte[] value, ByteRange range, long sharedId) {

    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    public boolean isShared() {
        return sharedId >= 0;
    }

    public int valueLength() {
        return value.length;
    }
}

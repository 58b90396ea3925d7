package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The inline xattr area after an inode: the header ({@code struct erofs_xattr_ibody_header}: name
 * filter, shared xattr ids) and the inline entries, plus the shared entries it refers to. Read by
 * the image, which resolves shared entries and long name prefixes.
 */
public record XattrArea(ByteRange range, int nameFilter, long[] sharedIds, List<Xattr> xattrs) {
    public static final int HEADER_SIZE = 12;

    private static final byte[][] SHORT_PREFIXES = {
        null,
        "user.".getBytes(StandardCharsets.US_ASCII),
        "system.posix_acl_access".getBytes(StandardCharsets.US_ASCII),
        "system.posix_acl_default".getBytes(StandardCharsets.US_ASCII),
        "trusted.".getBytes(StandardCharsets.US_ASCII),
        null, // lustre: defined, but the kernel maps no handler to it
        "security.".getBytes(StandardCharsets.US_ASCII),
    };

    @Override
    public long[] sharedIds() {
        return sharedIds.clone();
    }

    /** The prefix a short name index stands for, or null for an index the kernel ignores. */
    public static byte[] shortPrefix(int index) {
        return index > 0 && index < SHORT_PREFIXES.length ? SHORT_PREFIXES[index] : null;
    }
}

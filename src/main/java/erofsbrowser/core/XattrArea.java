package erofsbrowser.core;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The inline xattr area after an inode: the header ({@code struct erofs_xattr_ibody_header}: name
 * filter, shared xattr ids) and the inline entries, plus the shared entries it refers to.
 */
public record XattrArea(ByteRange range, int nameFilter, long[] sharedIds, List<Xattr> xattrs) {
    static final int HEADER_SIZE = 12;
    private static final int ENTRY_HEADER_SIZE = 4;
    private static final int LONG_PREFIX = 0x80;

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
    static byte[] shortPrefix(int index) {
        return index > 0 && index < SHORT_PREFIXES.length ? SHORT_PREFIXES[index] : null;
    }

    static XattrArea read(ErofsImage image, Inode inode) throws ImageException {
        ByteRange range = inode.xattrAreaRange();
        List<Xattr> xattrs = new ArrayList<>();
        if (inode.xattrCount() == 0) {
            return new XattrArea(range, 0, new long[0], xattrs);
        }
        MetadataReader meta = image.metadata(inode);
        long start = range.offset();
        long end = range.end();
        if (range.length() < HEADER_SIZE) {
            throw new ImageException("xattr area too small", start, inode.nid());
        }
        ByteBuffer header = meta.buffer(start, HEADER_SIZE);
        int filter = header.getInt(0);
        int sharedCount = header.get(4) & 0xFF;
        long pos = start + HEADER_SIZE;
        if (pos + 4L * sharedCount > end) {
            throw new ImageException(sharedCount + " shared xattr ids do not fit the xattr area", start + 4, inode.nid());
        }
        long[] ids = new long[sharedCount];
        if (sharedCount > 0) {
            ByteBuffer idBuf = meta.buffer(pos, 4 * sharedCount);
            for (int i = 0; i < sharedCount; i++) {
                ids[i] = Integer.toUnsignedLong(idBuf.getInt(4 * i));
            }
            pos += 4L * sharedCount;
        }
        while (pos < end) {
            if (end - pos < ENTRY_HEADER_SIZE) {
                throw new ImageException("truncated xattr entry", pos, inode.nid());
            }
            Entry e = readEntry(meta, pos, end, inode.nid());
            addResolved(image, xattrs, e, -1);
            pos += e.size();
        }
        for (long id : ids) {
            long shared = image.sharedXattrPosition(id);
            Entry e = readEntry(image.sharedXattrReader(), shared, Long.MAX_VALUE, inode.nid());
            addResolved(image, xattrs, e, id);
        }
        return new XattrArea(range, filter, ids, List.copyOf(xattrs));
    }

    private record Entry(long pos, int nameIndex, byte[] suffix, byte[] value) {
        long size() {
            return (ENTRY_HEADER_SIZE + suffix.length + value.length + 3) & ~3L;
        }
    }

    private static Entry readEntry(MetadataReader meta, long pos, long limit, long nid) throws ImageException {
        ByteBuffer h = meta.buffer(pos, ENTRY_HEADER_SIZE);
        int nameLen = h.get(0) & 0xFF;
        int index = h.get(1) & 0xFF;
        int valueSize = Short.toUnsignedInt(h.getShort(2));
        if (pos + ENTRY_HEADER_SIZE + nameLen + valueSize > limit) {
            throw new ImageException("xattr entry runs past the end of the xattr area", pos, nid);
        }
        byte[] body = meta.read(pos + ENTRY_HEADER_SIZE, nameLen + valueSize);
        return new Entry(pos, index, java.util.Arrays.copyOf(body, nameLen),
                java.util.Arrays.copyOfRange(body, nameLen, nameLen + valueSize));
    }

    private static void addResolved(ErofsImage image, List<Xattr> out, Entry e, long sharedId) throws ImageException {
        byte[] prefix;
        if ((e.nameIndex() & LONG_PREFIX) != 0) {
            List<XattrPrefix> table = image.xattrPrefixes();
            int k = e.nameIndex() & ~LONG_PREFIX;
            prefix = k < table.size() ? table.get(k).nameBytes() : null;
        } else {
            prefix = shortPrefix(e.nameIndex());
        }
        if (prefix == null) {
            return; // the kernel lists no attribute for an index it has no handler for
        }
        byte[] name = java.util.Arrays.copyOf(prefix, prefix.length + e.suffix().length);
        System.arraycopy(e.suffix(), 0, name, prefix.length, e.suffix().length);
        out.add(new Xattr(name, e.value(), new ByteRange(e.pos(), e.size()), sharedId));
    }
}

package erofsbrowser.erofs;

import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.erofs.ondisk.XattrArea;
import erofsbrowser.erofs.ondisk.XattrPrefix;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reading extended attributes: an inode's inline xattr area (header, shared ids, entries), the
 * shared entries it refers to, and the long name prefixes wherever the image keeps them.
 */
final class Xattrs {
    private static final int ENTRY_HEADER_SIZE = 4;
    private static final int LONG_PREFIX = 0x80;

    private final ErofsImage image;
    private final Storage storage;
    private volatile List<XattrPrefix> prefixes;

    Xattrs(ErofsImage image, Storage storage) {
        this.image = image;
        this.storage = storage;
    }

    XattrArea area(Inode inode) throws ImageException {
        ByteRange range = inode.xattrAreaRange();
        List<Xattr> xattrs = new ArrayList<>();
        if (inode.xattrCount() == 0) {
            return new XattrArea(range, 0, new long[0], xattrs);
        }
        MetadataReader meta = storage.metadata(inode);
        long start = range.offset();
        long end = range.end();
        if (range.length() < XattrArea.HEADER_SIZE) {
            throw new ImageException("xattr area too small", start, inode.nid());
        }
        ByteBuffer header = meta.buffer(start, XattrArea.HEADER_SIZE);
        int filter = header.getInt(0);
        int sharedCount = header.get(4) & 0xFF;
        long pos = start + XattrArea.HEADER_SIZE;
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
            RawEntry e = readEntry(meta, pos, end, inode.nid());
            addResolved(xattrs, e, -1);
            pos += e.size();
        }
        for (long id : ids) {
            RawEntry e = readEntry(sharedReader(), sharedPosition(id), Long.MAX_VALUE, inode.nid());
            addResolved(xattrs, e, id);
        }
        return new XattrArea(range, filter, ids, List.copyOf(xattrs));
    }

    /** An entry as stored: its name index and suffix, and its value. */
    private record RawEntry(long pos, int nameIndex, byte[] suffix, byte[] value) {
        long size() {
            return (ENTRY_HEADER_SIZE + suffix.length + value.length + 3) & ~3L;
        }
    }

    private static RawEntry readEntry(MetadataReader meta, long pos, long limit, long nid) throws ImageException {
        ByteBuffer h = meta.buffer(pos, ENTRY_HEADER_SIZE);
        int nameLen = h.get(0) & 0xFF;
        int index = h.get(1) & 0xFF;
        int valueSize = Short.toUnsignedInt(h.getShort(2));
        if (pos + ENTRY_HEADER_SIZE + nameLen + valueSize > limit) {
            throw new ImageException("xattr entry runs past the end of the xattr area", pos, nid);
        }
        byte[] body = meta.read(pos + ENTRY_HEADER_SIZE, nameLen + valueSize);
        return new RawEntry(pos, index, Arrays.copyOf(body, nameLen), Arrays.copyOfRange(body, nameLen, nameLen + valueSize));
    }

    private void addResolved(List<Xattr> out, RawEntry e, long sharedId) throws ImageException {
        byte[] prefix;
        if ((e.nameIndex() & LONG_PREFIX) != 0) {
            List<XattrPrefix> table = prefixes();
            int k = e.nameIndex() & ~LONG_PREFIX;
            prefix = k < table.size() ? table.get(k).nameBytes() : null;
        } else {
            prefix = XattrArea.shortPrefix(e.nameIndex());
        }
        if (prefix == null) {
            return; // the kernel lists no attribute for an index it has no handler for
        }
        byte[] name = Arrays.copyOf(prefix, prefix.length + e.suffix().length);
        System.arraycopy(e.suffix(), 0, name, prefix.length, e.suffix().length);
        out.add(new Xattr(name, e.value(), new ByteRange(e.pos(), e.size()), sharedId));
    }

    /** Where shared xattr {@code id} starts: in the shared area, or in the metabox. */
    long sharedPosition(long id) {
        Superblock sb = storage.superblock();
        long base = sb.has(Feature.SHARED_EA_IN_METABOX) ? 0 : sb.blockOffset(sb.xattrBlkaddr());
        return base + 4 * id;
    }

    MetadataReader sharedReader() throws ImageException {
        return storage.superblock().has(Feature.SHARED_EA_IN_METABOX) ? storage.metabox() : storage.primaryMetadata();
    }

    /** The long xattr name prefixes, read from wherever the image keeps them. */
    List<XattrPrefix> prefixes() throws ImageException {
        List<XattrPrefix> table = prefixes;
        if (table != null) {
            return table;
        }
        Superblock sb = storage.superblock();
        int count = sb.xattrPrefixCount();
        if (count == 0 || !sb.has(Feature.XATTR_PREFIXES)) {
            table = List.of();
        } else {
            MetadataReader reader;
            if (sb.has(Feature.PLAIN_XATTR_PFX)) {
                reader = storage.primaryMetadata();
            } else if (sb.has(Feature.METABOX)) {
                reader = storage.metabox();
            } else if (sb.packedNid() != 0) {
                reader = storage.fileReader(image.inode(sb.packedNid()), false);
            } else {
                reader = storage.primaryMetadata();
            }
            table = XattrPrefix.readTable(reader, sb.xattrPrefixStart() * 4, count);
        }
        prefixes = table;
        return table;
    }
}

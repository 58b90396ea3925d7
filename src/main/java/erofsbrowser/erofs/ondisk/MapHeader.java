package erofsbrowser.erofs.ondisk;

import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import java.nio.ByteBuffer;

/**
 * The map header of a compressed inode ({@code struct z_erofs_map_header}), 8 bytes at the first
 * 8-byte boundary after the inode and its xattrs.
 *
 * @param range        where the header lives
 * @param word0        the union at offset 0: h_fragmentoff, h_idata_size (high half), or h_extents_lo
 * @param advise       h_advise flags
 * @param algorithms   h_algorithmtype: HEAD1 algorithm in bits 0-3, HEAD2 in bits 4-7
 * @param clusterBits  h_clusterbits: lclusterbits minus blkszbits in bits 0-3, bit 7 = whole-file fragment
 */
public record MapHeader(ByteRange range, long word0, int advise, int algorithms, int clusterBits) {
    static final int SIZE = 8;

    public static final int ADVISE_COMPACTED_2B = 0x01;
    public static final int ADVISE_EXTENTS = 0x01;
    public static final int ADVISE_BIG_PCLUSTER_1 = 0x02;
    public static final int ADVISE_BIG_PCLUSTER_2 = 0x04;
    public static final int ADVISE_INLINE_PCLUSTER = 0x08;
    public static final int ADVISE_INTERLACED_PCLUSTER = 0x10;
    public static final int ADVISE_FRAGMENT_PCLUSTER = 0x20;
    private static final int FRAGMENT_INODE_BIT = 0x80;

    public static MapHeader read(MetadataReader meta, Inode inode) throws ImageException {
        long pos = (inode.end() + 7) & ~7L;
        ByteBuffer b = meta.buffer(pos, SIZE);
        return new MapHeader(new ByteRange(pos, SIZE), Integer.toUnsignedLong(b.getInt(0)),
                Short.toUnsignedInt(b.getShort(4)), b.get(6) & 0xFF, b.get(7) & 0xFF);
    }

    /** The whole file lives in the packed inode; nothing else in the header applies. */
    public boolean wholeFileFragment() {
        return (clusterBits & FRAGMENT_INODE_BIT) != 0;
    }

    /** For a whole-file fragment: where the file starts in the packed inode (63 bits over the whole header). */
    public long wholeFileFragmentOffset() {
        return word0 | ((long) advise << 32) | ((long) algorithms << 48) | ((long) (clusterBits & 0x7F) << 56);
    }

    public boolean has(int flag) {
        return (advise & flag) != 0;
    }

    /** h_idata_size: length of the inline tail pcluster (ztailpacking). */
    public int inlineDataSize() {
        return (int) (word0 >>> 16);
    }

    public long fragmentOffset() {
        return word0;
    }

    /** Number of extent records (encoded extents): h_extents_lo with h_extents_hi in bytes 6-7. */
    public long extentCount() {
        return word0 | ((long) (algorithms | (clusterBits << 8)) << 32);
    }

    public int lclusterBits(int blkszbits) {
        return blkszbits + (clusterBits & 15);
    }

    /** Where the map (indexes or extent records) ends its header: the first byte after it. */
    public long end() {
        return range.end();
    }
}

package erofsbrowser.erofs.data;

import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.DataLayout;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.LclusterIndex;
import erofsbrowser.erofs.ondisk.MapHeader;
import erofsbrowser.image.ImageException;
import java.nio.ByteBuffer;

/**
 * Where each extent of a compressed file is, as the kernel's {@code zmap.c} finds it: the file is
 * cut into logical clusters, and an index entry per lcluster (or, in the 48-bit layout, an extent
 * record) tells where each extent starts and which pcluster holds it. {@link CompressedData}
 * reads and decodes what this maps.
 *
 * <p>Tail special cases: with ztailpacking the last extent's pcluster is stored inline after the
 * indexes; with fragments the last extent (or the whole file) lives in the packed inode.
 */
final class CompressedMap {
    /** Largest pcluster and largest decompressed extent the format allows. */
    static final int MAX_PCLUSTER = 1 << 20;
    static final int MAX_EXTENT = 12 << 20;
    private static final int EXTENT_PLEN_MASK = (MAX_PCLUSTER << 1) - 1;
    private static final int EXTENT_PLEN_PARTIAL = 1 << 27;

    /** How an extent's bytes are stored. */
    enum Encoding { COMPRESSED, SHIFTED, INTERLACED, FRAGMENT, HOLE }

    /**
     * One extent: logical range, and where and how its bytes are stored: for a FRAGMENT,
     * {@code pa} is where the extent starts in the packed inode.
     */
    record Extent(long la, long llen, Encoding encoding, CompressionAlgorithm algorithm, boolean inline,
                  long pa, int plen, boolean partialReference) {
        long end() {
            return la + llen;
        }

        /** Whether the extent's bytes are a pcluster in the image's blocks (not inline, not a hole or fragment). */
        boolean inBlocks() {
            return !inline && encoding != Encoding.HOLE && encoding != Encoding.FRAGMENT;
        }
    }

    private final DataContext image;
    private final Inode inode;
    private final MetadataReader meta;
    private final MapHeader header;
    private final int blkszbits;
    private final int lclusterBits;
    private final long totalLclusters;
    private final boolean compact;
    private final boolean extentRecords;
    private final boolean fragment;
    private final boolean interlaced;
    private long fragmentOffset;
    private long tailHeadLcn = -1;
    private long inlinePosition;
    private final int inlineSize;
    /**
     * 4-byte extent records store only lengths: a record's address is the sum of those before it.
     * The last sum reached is kept, so that reading a file front to back adds each length once.
     */
    private volatile RunningAddress lastRunningAddress;

    /** Record {@code lstart}'s pcluster starts at {@code address}; it is read at {@code pos}. */
    private record RunningAddress(long lstart, long pos, long address) {
    }

    CompressedMap(DataContext image, Inode inode, MetadataReader meta) throws ImageException {
        this.image = image;
        this.inode = inode;
        this.meta = meta;
        this.header = MapHeader.read(meta, inode);
        this.blkszbits = image.superblock().blkszbits();
        this.compact = inode.layout() == DataLayout.COMPRESSED_COMPACT;
        if (header.wholeFileFragment()) {
            this.lclusterBits = blkszbits;
            this.totalLclusters = 0;
            this.extentRecords = false;
            this.fragment = true;
            this.interlaced = false;
            this.fragmentOffset = header.wholeFileFragmentOffset();
            this.tailHeadLcn = 0;
            this.inlineSize = 0;
            return;
        }
        this.lclusterBits = header.lclusterBits(blkszbits);
        if (lclusterBits > 30) {
            throw corrupt("logical cluster size 2^" + lclusterBits + " is out of range", header.range().offset());
        }
        this.extentRecords = !compact && header.has(MapHeader.ADVISE_EXTENTS);
        this.interlaced = header.has(MapHeader.ADVISE_INTERLACED_PCLUSTER);
        this.fragment = header.has(MapHeader.ADVISE_FRAGMENT_PCLUSTER);
        long size = inode.size();
        this.totalLclusters = compact ? (size + (1L << blkszbits) - 1) >>> blkszbits
                : (size + (1L << lclusterBits) - 1) >>> lclusterBits;
        if (extentRecords) {
            this.inlineSize = 0;
            return;
        }
        if (fragment) {
            this.fragmentOffset = header.fragmentOffset();
            this.inlineSize = 0;
        } else {
            this.inlineSize = header.has(MapHeader.ADVISE_INLINE_PCLUSTER) ? header.inlineDataSize() : 0;
        }
        if (compact && header.has(MapHeader.ADVISE_BIG_PCLUSTER_1) != header.has(MapHeader.ADVISE_BIG_PCLUSTER_2)) {
            throw corrupt("big pcluster flags of compact indexes disagree", header.range().offset());
        }
        if ((inlineSize > 0 || fragment) && size > 0) {
            findTail();
        }
    }


    MapHeader header() {
        return header;
    }

    int lclusterBits() {
        return lclusterBits;
    }

    /** Bytes of the tail pcluster stored inline after the indexes; 0 without one. */
    int inlineSize() {
        return inlineSize;
    }

    /** Whether some of the file (its tail, or all of it) lives in the packed inode. */
    boolean hasFragment() {
        return fragment;
    }

    /** Whether all of the file lives in the packed inode. */
    boolean wholeFileIsFragment() {
        return fragment && tailHeadLcn == 0;
    }

    // ---- index access -----------------------------------------------------------------------

    private LclusterIndex load(long lcn, boolean lookahead) throws ImageException {
        if (lcn < 0 || lcn >= totalLclusters) {
            throw corrupt("lcluster " + lcn + " is outside the file's " + totalLclusters, header.range().offset());
        }
        LclusterIndex index;
        if (compact) {
            index = LclusterIndex.readCompact(meta, header.end(), lcn, totalLclusters, lclusterBits,
                    header.has(MapHeader.ADVISE_COMPACTED_2B), header.has(MapHeader.ADVISE_BIG_PCLUSTER_1),
                    lookahead, inode.nid());
        } else {
            index = LclusterIndex.readFull(meta, header.end() + 8, lcn, lclusterBits,
                    header.has(MapHeader.ADVISE_BIG_PCLUSTER_1) || header.has(MapHeader.ADVISE_BIG_PCLUSTER_2),
                    inode.nid());
        }
        if (index.isHead() && index.clusterOffset() >= (1 << lclusterBits)) {
            throw corrupt("cluster offset " + index.clusterOffset() + " of lcluster " + lcn
                    + " is beyond the lcluster size", index.range().offset());
        }
        return index;
    }

    /** Walks back from a NONHEAD entry to the head of its extent. */
    private LclusterIndex lookback(LclusterIndex from, int distance) throws ImageException {
        long lcn = from.lcn();
        long d = distance;
        while (d > 0 && lcn >= d) {
            lcn -= d;
            LclusterIndex index = load(lcn, false);
            if (index.isHead()) {
                return index;
            }
            d = index.delta0();
        }
        throw corrupt("bogus lookback distance " + d + " at lcluster " + lcn, from.range().offset());
    }

    /** The head entry of the extent holding {@code ofs}, and the first entry loaded (for the tail position). */
    private LclusterIndex[] headOf(long ofs) throws ImageException {
        long lcn = ofs >>> lclusterBits;
        long endoff = ofs & ((1L << lclusterBits) - 1);
        LclusterIndex first = load(lcn, false);
        LclusterIndex head;
        if (first.isHead()) {
            if (endoff >= first.clusterOffset()) {
                head = first;
            } else {
                if (lcn == 0) {
                    throw corrupt("logical cluster 0 starts past offset 0", first.range().offset());
                }
                head = lookback(first, 1);
            }
        } else {
            head = lookback(first, first.delta0());
        }
        return new LclusterIndex[] {first, head};
    }

    private void findTail() throws ImageException {
        LclusterIndex[] found = headOf(inode.size() - 1);
        if (inlineSize > 0) {
            inlinePosition = found[0].nextPackOffset();
        }
        tailHeadLcn = found[1].lcn();
        if (fragment && !compact) {
            fragmentOffset |= found[1].blockAddress() << 32;
            if (fragmentOffset < 0) {
                throw corrupt("fragment offset " + Long.toUnsignedString(fragmentOffset) + " is out of range",
                        found[1].range().offset());
            }
        }
    }

    // ---- mapping ----------------------------------------------------------------------------

    /** The extent holding file offset {@code ofs}, checked against the format's limits. */
    Extent map(long ofs) throws ImageException {
        Extent m = extentRecords ? mapExtentRecord(ofs) : mapIndexed(ofs);
        if (m.encoding() != Encoding.FRAGMENT && m.encoding() != Encoding.HOLE) {
            if (m.plen() > MAX_PCLUSTER || m.plen() <= 0) {
                throw corrupt("pcluster of " + m.plen() + " bytes at " + m.pa() + " is out of range", m.pa());
            }
            if (m.algorithm() != null && !image.declaredAlgorithms().contains(m.algorithm())) {
                throw corrupt(m.algorithm().formatName() + " is used but not declared in the superblock", m.pa());
            }
        }
        if (m.llen() > MAX_EXTENT || m.llen() <= 0 || m.la() > ofs || m.end() <= ofs) {
            throw corrupt("extent " + m.la() + "+" + m.llen() + " for file offset " + ofs + " is out of range",
                    header.range().offset());
        }
        return m;
    }

    private Extent mapIndexed(long ofs) throws ImageException {
        long size = inode.size();
        if (fragment && tailHeadLcn == 0) {
            return new Extent(0, size, Encoding.FRAGMENT, null, false, fragmentOffset, 0, false);
        }
        LclusterIndex head = headOf(ofs)[1];
        long la = (head.lcn() << lclusterBits) | head.clusterOffset();
        long llen = decompressedLength(head, la);
        if (fragment && head.lcn() == tailHeadLcn) {
            return new Extent(la, size - la, Encoding.FRAGMENT, null, false, fragmentOffset, 0, false);
        }
        Encoding encoding;
        CompressionAlgorithm algorithm = null;
        switch (head.type()) {
            case PLAIN -> encoding = interlaced ? Encoding.INTERLACED : Encoding.SHIFTED;
            case HEAD2 -> {
                encoding = Encoding.COMPRESSED;
                algorithm = algorithm(header.algorithms() >>> 4, head);
            }
            default -> {
                encoding = Encoding.COMPRESSED;
                algorithm = algorithm(header.algorithms() & 15, head);
            }
        }
        if (inlineSize > 0 && head.lcn() == tailHeadLcn) {
            long inBlock = inlinePosition & ((1L << blkszbits) - 1);
            if (inBlock + inlineSize > (1L << blkszbits)) {
                throw corrupt("inline tail pcluster of " + inlineSize + " bytes crosses a block boundary", inlinePosition);
            }
            return new Extent(la, llen, encoding, algorithm, true, inlinePosition, inlineSize, head.partialReference());
        }
        int blocks = compressedBlocks(head);
        return new Extent(la, llen, encoding, algorithm, false, head.blockAddress() << blkszbits, blocks << blkszbits,
                head.partialReference());
    }

    private CompressionAlgorithm algorithm(int id, LclusterIndex head) throws ImageException {
        CompressionAlgorithm a = CompressionAlgorithm.byId(id);
        if (a == null) {
            throw corrupt("unknown compression algorithm " + id, head.range().offset());
        }
        return a;
    }

    /** The pcluster's block count: 1, or the CBLKCNT of the first NONHEAD after a big pcluster's head. */
    private int compressedBlocks(LclusterIndex head) throws ImageException {
        boolean big = head.type() == LclusterIndex.Type.HEAD1 ? header.has(MapHeader.ADVISE_BIG_PCLUSTER_1)
                : header.has(MapHeader.ADVISE_BIG_PCLUSTER_2);
        long next = head.lcn() + 1;
        if (!big || (next << lclusterBits) >= inode.size()) {
            return 1;
        }
        LclusterIndex n = load(next, false);
        if (n.isHead()) {
            return 1;
        }
        if (n.delta0() != 1 || n.compressedBlocks() == 0) {
            throw corrupt("missing compressed block count after the head at lcluster " + head.lcn(), n.range().offset());
        }
        return n.compressedBlocks();
    }

    /** The extent's real length: up to the next head, or to the end of the file. */
    private long decompressedLength(LclusterIndex head, long la) throws ImageException {
        long lcn = head.lcn();
        while (true) {
            if ((lcn << lclusterBits) >= inode.size()) {
                return inode.size() - la;
            }
            LclusterIndex index = load(lcn, true);
            if (index.isHead()) {
                if (lcn != head.lcn()) {
                    return (lcn << lclusterBits) + index.clusterOffset() - la;
                }
                lcn += 1;
            } else {
                lcn += Math.max(1, index.delta1());
            }
        }
    }

    /** The 48-bit layout's extent records ({@code struct z_erofs_extent}). */
    private Extent mapExtentRecord(long ofs) throws ImageException {
        int recsz = 4 << ((header.advise() >>> 1) & 3);
        long pos = (header.end() + recsz - 1) & -(long) recsz;
        long lcsize = 1L << lclusterBits;
        long lend = inode.size();
        long lstart;
        long pa = 0;
        int plen = 0;
        boolean last;
        if (recsz <= 8) {
            long running = -1;
            if (recsz == 4) {
                RunningAddress known = lastRunningAddress;
                if (known != null && known.lstart() <= ofs) {
                    running = known.address();
                    pos = known.pos();
                    lstart = known.lstart();
                } else {
                    running = meta.buffer(pos, 8).getLong(0);
                    if (running < 0) {
                        throw corrupt("extent base address " + Long.toUnsignedString(running) + " is out of range", pos);
                    }
                    pos += 8;
                    lstart = 0;
                }
            } else {
                lstart = ofs & -lcsize;
                pos += (lstart >>> lclusterBits) * recsz;
            }
            for (; lstart <= ofs; lstart += lcsize) {
                ByteBuffer r = meta.buffer(pos, recsz);
                plen = r.getInt(0);
                if (running >= 0) {
                    pa = running;
                    lastRunningAddress = new RunningAddress(lstart, pos, running);
                    running += plen & EXTENT_PLEN_MASK;
                } else {
                    pa = Integer.toUnsignedLong(r.getInt(4));
                }
                pos += recsz;
            }
            last = lstart >= ((lend + lcsize - 1) & -lcsize);
            lend = Math.min(lstart, lend);
            lstart -= lcsize;
        } else {
            long count = header.extentCount();
            lstart = lend;
            long l = 0;
            long r = count;
            while (l < r) {
                long mid = l + (r - l) / 2;
                ByteBuffer rec = meta.buffer(pos + mid * recsz, recsz);
                long la = Integer.toUnsignedLong(rec.getInt(12));
                long p = Integer.toUnsignedLong(rec.getInt(4)) | Integer.toUnsignedLong(rec.getInt(8)) << 32;
                if (recsz > 16) {
                    la |= Integer.toUnsignedLong(rec.getInt(16)) << 32;
                }
                if (la > ofs) {
                    r = mid;
                    if (la > lend) {
                        throw corrupt("extent records out of order", pos + mid * recsz);
                    }
                    lend = la;
                } else {
                    l = mid + 1;
                    if (ofs == la) {
                        r = Math.min(l + 1, r);
                    }
                    lstart = la;
                    plen = rec.getInt(0);
                    pa = p;
                }
            }
            last = l >= count;
        }
        if (lstart >= lend) {
            throw corrupt("no extent record covers file offset " + ofs, pos);
        }
        if (pa < 0) {
            throw corrupt("pcluster address " + Long.toUnsignedString(pa) + " is out of range", pos);
        }
        if (last && fragment) {
            long offset = Integer.toUnsignedLong(plen) | (recsz > 4 ? pa << 32 : 0);
            if (offset < 0) {
                throw corrupt("fragment offset " + Long.toUnsignedString(offset) + " is out of range", pos);
            }
            return new Extent(lstart, lend - lstart, Encoding.FRAGMENT, null, false, offset, 0, false);
        }
        int length = plen & EXTENT_PLEN_MASK;
        if (length == 0) {
            return new Extent(lstart, lend - lstart, Encoding.HOLE, null, false, 0, 0, false);
        }
        int fmt = plen >>> 28;
        Encoding encoding;
        CompressionAlgorithm algorithm = null;
        if (fmt != 0) {
            encoding = Encoding.COMPRESSED;
            algorithm = CompressionAlgorithm.byId(fmt - 1);
            if (algorithm == null) {
                throw corrupt("unknown compression format " + fmt, pos);
            }
        } else if (interlaced && ((pa | length) & ((1L << blkszbits) - 1)) == 0) {
            encoding = Encoding.INTERLACED;
        } else {
            encoding = Encoding.SHIFTED;
        }
        return new Extent(lstart, lend - lstart, encoding, algorithm, false, pa, length, (plen & EXTENT_PLEN_PARTIAL) != 0);
    }

    // ---- reading ----------------------------------------------------------------------------


    private ImageException corrupt(String problem, long offset) {
        return new ImageException(problem, offset, inode.nid());
    }
}

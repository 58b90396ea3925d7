package erofsbrowser.erofs.data;

import erofsbrowser.erofs.data.CompressedMap.Encoding;
import erofsbrowser.erofs.data.CompressedMap.Extent;
import erofsbrowser.erofs.io.BufferPool;
import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.erofs.io.PclusterCache;
import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.MapHeader;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import java.util.ArrayList;
import java.util.List;

/**
 * COMPRESSED_FULL and COMPRESSED_COMPACT data. Reading maps the requested range to extents
 * ({@link CompressedMap}), decompresses only the pclusters that cover it, and keeps the results in
 * the image's {@link PclusterCache}.
 */
public final class CompressedData implements FileData {
    private final DataContext image;
    private final Inode inode;
    private final MetadataReader meta;
    private final CompressedMap map;
    private final int blkszbits;

    public CompressedData(DataContext image, Inode inode) throws ImageException {
        this.image = image;
        this.inode = inode;
        this.meta = image.metadata(inode);
        this.map = new CompressedMap(image, inode, meta);
        this.blkszbits = image.superblock().blkszbits();
    }

    @Override
    public Inode inode() {
        return inode;
    }

    public MapHeader header() {
        return map.header();
    }

    /** Bytes of the image the file's data takes: its compressed blocks, and an inline tail pcluster. */
    public long storedInImage() {
        return (inode.blockAddress() << blkszbits) + map.inlineSize();
    }

    /** Whether some of the file (its tail, or all of it) lives in the packed inode. */
    public boolean hasFragment() {
        return map.hasFragment();
    }

    /** Whether all of the file lives in the packed inode. */
    public boolean wholeFileIsFragment() {
        return map.wholeFileIsFragment();
    }

    @Override
    public int readRun(long position, byte[] dst, int off, int len) throws ImageException {
        Extent m = map.map(position);
        int part = (int) Math.min(len, m.end() - position);
        switch (m.encoding()) {
            case HOLE -> java.util.Arrays.fill(dst, off, off + part, (byte) 0);
            case FRAGMENT -> readFragment(m.pa() + (position - m.la()), dst, off, part);
            default -> {
                if (position == m.la() && part == m.llen()) {
                    decodeInto(m, dst, off); // the whole extent is wanted: no copy, no cache
                } else {
                    System.arraycopy(decoded(m), (int) (position - m.la()), dst, off, part);
                }
            }
        }
        return part;
    }

    /**
     * Pclusters of a file that lie back to back in the image are read together, up to this many
     * bytes: of a check's 17 000 reads of pclusters, 10 000 began where the one before ended.
     */
    private static final int READ_AHEAD = 256 << 10;

    @Override
    public void transferTo(Sink sink) throws ImageException, java.io.IOException {
        transfer(sink, null);
    }

    /**
     * Past faults: an extent that cannot be decoded is a hole and a fault; where the map itself
     * cannot be read, the rest of that logical cluster is.
     */
    @Override
    public void transferPast(Sink sink, FaultHandler faults) throws java.io.IOException {
        try {
            transfer(sink, faults);
        } catch (ImageException e) {
            faults.fault(e); // not reached: every failure in transfer goes to faults
        }
    }

    /** The whole file to {@code sink}; past faults when {@code faults} is not null. */
    private void transfer(Sink sink, FaultHandler faults) throws ImageException, java.io.IOException {
        BufferPool pool = image.buffers();
        byte[] buf = pool.take(0);
        List<Extent> run = new ArrayList<>();
        Extent ahead = null; // the extent that ended the last run: mapped already
        try {
            long pos = 0;
            while (pos < inode.size()) {
                Extent m;
                try {
                    m = ahead != null ? ahead : map.map(pos);
                } catch (ImageException e) {
                    if (faults == null) {
                        throw e;
                    }
                    long next = Math.min(inode.size(), ((pos >>> map.lclusterBits()) + 1) << map.lclusterBits());
                    faults.fault(e);
                    sink.hole(next - pos);
                    pos = next;
                    continue;
                }
                ahead = null;
                if (!m.inBlocks()) {
                    int len = (int) m.llen();
                    buf = atLeast(pool, buf, len);
                    try {
                        switch (m.encoding()) {
                            case HOLE -> java.util.Arrays.fill(buf, 0, len, (byte) 0);
                            case FRAGMENT -> readFragment(m.pa(), buf, 0, len);
                            default -> decodeInto(m, buf, 0);
                        }
                        sink.accept(buf, 0, len);
                    } catch (ImageException e) {
                        if (faults == null) {
                            throw e;
                        }
                        faults.fault(e);
                        sink.hole(len);
                    }
                    pos = m.end();
                    continue;
                }
                run.clear();
                run.add(m);
                long runEnd = m.pa() + m.plen();
                pos = m.end();
                // Extra devices are left out: a run could cross from one into another.
                while (pos < inode.size() && image.deviceSlots().isEmpty()) {
                    Extent next;
                    try {
                        next = map.map(pos);
                    } catch (ImageException e) {
                        break; // mapped again, alone, at the next turn, where a fault is handled
                    }
                    if (!next.inBlocks() || next.pa() != runEnd || runEnd + next.plen() - m.pa() > READ_AHEAD) {
                        ahead = next;
                        break;
                    }
                    run.add(next);
                    runEnd += next.plen();
                    pos = next.end();
                }
                byte[] raw = pool.take((int) (runEnd - m.pa()));
                try {
                    boolean read = readTogether(m.pa(), raw, (int) (runEnd - m.pa()), run.size());
                    for (Extent r : run) {
                        int len = (int) r.llen();
                        buf = atLeast(pool, buf, len);
                        try {
                            if (read) {
                                decodeInto(r, raw, (int) (r.pa() - m.pa()), buf, 0);
                            } else {
                                decodeInto(r, buf, 0);
                            }
                        } catch (ImageException e) {
                            if (faults == null) {
                                throw e;
                            }
                            faults.fault(e);
                            sink.hole(len);
                            continue;
                        }
                        sink.accept(buf, 0, len);
                    }
                } finally {
                    pool.give(raw);
                }
            }
        } finally {
            pool.give(buf);
        }
    }

    /** {@code buf} if it holds {@code len} bytes, else a larger array from {@code pool}, to which buf goes back. */
    private static byte[] atLeast(BufferPool pool, byte[] buf, int len) {
        if (buf.length >= len) {
            return buf;
        }
        pool.give(buf);
        return pool.take(len);
    }

    private void readFragment(long packedOffset, byte[] dst, int off, int len) throws ImageException {
        if (inode.nid() == image.superblock().packedNid()) {
            throw corrupt("the packed inode refers to a fragment of itself", map.header().range().offset());
        }
        FileData packed = image.packedData();
        if (packedOffset < 0 || packed.read(packedOffset, dst, off, len) != len) {
            throw corrupt("fragment at " + packedOffset + "+" + len + " lies beyond the packed inode ("
                    + packed.size() + " bytes)", map.header().range().offset());
        }
    }

    /** The extent's decompressed bytes, from the cache or decoded now (and then cached). */
    private byte[] decoded(Extent m) throws ImageException {
        PclusterCache.Key key = new PclusterCache.Key(inode.nid(), m.la());
        byte[] cached = image.pclusterCache().get(key);
        if (cached != null) {
            return cached;
        }
        byte[] out = new byte[(int) m.llen()];
        decodeInto(m, out, 0);
        image.pclusterCache().put(key, out);
        return out;
    }

    /** Decodes the whole extent into {@code out[outOff, outOff + llen)}. */
    private void decodeInto(Extent m, byte[] out, int outOff) throws ImageException {
        byte[] raw = image.buffers().take(m.plen());
        try {
            if (m.inline()) {
                try {
                    meta.readFully(m.pa(), raw, 0, m.plen());
                } catch (ImageException e) {
                    throw e.atNid(inode.nid());
                }
            } else {
                readPhysical(m.pa(), raw, m.plen());
            }
            decodeInto(m, raw, 0, out, outOff);
        } finally {
            image.buffers().give(raw);
        }
    }

    /**
     * Reads a run of {@code pclusters} pclusters at once, or says it could not: then each is read on
     * its own, and a failure names the pcluster at fault, as it would have without the run.
     */
    private boolean readTogether(long pa, byte[] raw, int len, int pclusters) throws ImageException {
        if (pclusters == 1) {
            readPhysical(pa, raw, len);
            return true;
        }
        try {
            readPhysical(pa, raw, len);
            return true;
        } catch (ImageException e) {
            return false;
        }
    }

    private void readPhysical(long pa, byte[] raw, int len) throws ImageException {
        try {
            image.readPhysical(0, pa, raw, 0, len);
        } catch (ImageException e) {
            throw e.atNid(inode.nid());
        }
    }

    /** Decodes the extent whose pcluster is {@code raw[rawOff, rawOff + plen)}. */
    private void decodeInto(Extent m, byte[] raw, int rawOff, byte[] out, int outOff) throws ImageException {
        int want = (int) m.llen();
        switch (m.encoding()) {
            case SHIFTED -> {
                if (want > m.plen()) {
                    throw corrupt("uncompressed pcluster of " + m.plen() + " bytes is shorter than its extent of "
                            + want, m.pa());
                }
                System.arraycopy(raw, rawOff, out, outOff, want);
            }
            case INTERLACED -> {
                int blksz = 1 << blkszbits;
                if (want > m.plen() || m.plen() > blksz) {
                    throw corrupt("interlaced pcluster does not fit its extent", m.pa());
                }
                int skip = (int) (m.la() & (blksz - 1));
                int right = Math.min(blksz - skip, want);
                System.arraycopy(raw, rawOff + skip, out, outOff, right);
                System.arraycopy(raw, rawOff, out, outOff + right, want - right);
            }
            default -> {
                boolean partial = m.partialReference()
                        || (m.algorithm() == CompressionAlgorithm.LZ4 && !image.superblock().has(Feature.ZERO_PADDING));
                Decompressor.decode(m.algorithm(), raw, rawOff, m.plen(), out, outOff, want, partial, m.pa(),
                        inode.nid());
            }
        }
    }

    @Override
    public List<DataExtent> extents() throws ImageException {
        List<DataExtent> list = new ArrayList<>();
        long pos = 0;
        while (pos < inode.size()) {
            Extent m = map.map(pos);
            list.add(switch (m.encoding()) {
                case HOLE -> new DataExtent(m.la(), m.llen(), DataExtent.Storage.HOLE, 0, new ByteRange(0, 0));
                case FRAGMENT -> new DataExtent(m.la(), m.llen(), DataExtent.Storage.FRAGMENT, 0,
                        new ByteRange(m.pa(), m.llen()));
                default -> new DataExtent(m.la(), m.llen(),
                        m.inline() ? DataExtent.Storage.INLINE : DataExtent.Storage.BLOCKS, 0,
                        new ByteRange(m.pa(), m.plen()), m.algorithm(), m.partialReference());
            });
            pos = m.end();
        }
        return list;
    }

    private ImageException corrupt(String problem, long offset) {
        return new ImageException(problem, offset, inode.nid());
    }
}

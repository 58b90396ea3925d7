package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;

/**
 * Where a compressed inode's map lies after its {@link MapHeader}, and how it is laid out: compact
 * index packs, full 8-byte lcluster indexes (after an 8-byte gap), or encoded extent records. The
 * map's readers, its dissector and the byte ownership map all take the layout from here.
 *
 * @param layout       how the map is stored
 * @param range        the bytes it takes (the full layout's gap and the 4-byte records' base included)
 * @param count        lclusters (indexes) or extent records
 * @param lclusterBits log2 of the logical cluster size
 * @param recordSize   bytes per extent record (4, 8, 16 or 32); 0 otherwise
 * @param compacted2B  compact layout: whether 2-byte packs are used
 */
public record IndexArea(Layout layout, ByteRange range, long count, int lclusterBits, int recordSize, boolean compacted2B) {

    public enum Layout {
        /** No map after the header: the whole file is a fragment, or it is empty. */
        NONE,
        /** {@code z_erofs_lcluster_index} entries, 8 bytes each, after an 8-byte gap. */
        FULL,
        /** Packs of 2 entries in 8 bytes or 16 entries in 32 bytes, each pack ending with a base block address. */
        COMPACT,
        /** {@code z_erofs_extent} records (48-bit layout). */
        EXTENTS
    }

    /** Bytes between the map header and the first full index: mkfs leaves them, the kernel skips them. */
    public static final int FULL_GAP = 8;

    /** The map of {@code inode}, whose header is {@code h}, in an image of {@code blkszbits}. */
    public static IndexArea of(Inode inode, MapHeader h, int blkszbits) {
        long start = h.end();
        long size = inode.size();
        int lclusterBits = h.lclusterBits(blkszbits);
        if (h.wholeFileFragment() || size == 0) {
            return new IndexArea(Layout.NONE, new ByteRange(start, 0), 0, lclusterBits, 0, false);
        }
        if (inode.layout() == DataLayout.COMPRESSED_COMPACT) {
            // Compact indexes count blocks; the area ends with the pack that holds the last one.
            long count = ceilShift(size, blkszbits);
            boolean two = h.has(MapHeader.ADVISE_COMPACTED_2B);
            return new IndexArea(Layout.COMPACT, new ByteRange(start, compactEnd(start, count, two) - start), count,
                    lclusterBits, 0, two);
        }
        long lclusters = ceilShift(size, Math.min(lclusterBits, 62));
        if (h.has(MapHeader.ADVISE_EXTENTS)) {
            int recordSize = 4 << ((h.advise() >>> 1) & 3);
            long first = (start + recordSize - 1) & -(long) recordSize;
            long count = recordSize <= 8 ? lclusters : h.extentCount();
            long bytes = recordSize == 4 ? 8 + 4 * count : recordSize * count; // 4-byte records follow a u64 base
            return new IndexArea(Layout.EXTENTS, new ByteRange(start, first - start + bytes), count, lclusterBits,
                    recordSize, false);
        }
        return new IndexArea(Layout.FULL, new ByteRange(start, FULL_GAP + LclusterIndex.FULL_SIZE * lclusters),
                lclusters, lclusterBits, 0, false);
    }

    /** Entries in 4-byte packs before the 2-byte region, which starts 32-byte aligned. */
    public static long initial4B(long ebase) {
        return ((32 - ebase % 32) / 4) & 7;
    }

    /** Entries in 2-byte packs (a multiple of 16). */
    public static long count2B(long ebase, long count, boolean compacted2B) {
        long init = initial4B(ebase);
        return compacted2B && init < count ? (count - init) / 16 * 16 : 0;
    }

    private static long compactEnd(long ebase, long count, boolean compacted2B) {
        long init = initial4B(ebase);
        long two = count2B(ebase, count, compacted2B);
        long lastLcn = count - 1;
        long pos;
        int packSize;
        if (lastLcn < init) {
            pos = ebase + 4 * lastLcn;
            packSize = 8;
        } else if (lastLcn - init < two) {
            pos = ebase + 4 * init + 2 * (lastLcn - init);
            packSize = 32;
        } else {
            pos = ebase + 4 * init + 2 * two + 4 * (lastLcn - init - two);
            packSize = 8;
        }
        return (pos & -(long) packSize) + packSize;
    }

    private static long ceilShift(long value, int bits) {
        return (value + (1L << bits) - 1) >>> bits;
    }
}

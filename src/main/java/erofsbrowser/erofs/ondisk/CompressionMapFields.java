package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.LazyFields;
import erofsbrowser.image.LittleEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * The dissector of a compressed inode's map: {@code struct z_erofs_map_header}, then the lcluster
 * indexes (full {@code struct z_erofs_lcluster_index}, or compact packs) or the encoded
 * {@code struct z_erofs_extent} records. Index arrays are dissected entry by entry as they are
 * looked at: a large file has hundreds of thousands.
 */
public final class CompressionMapFields {
    private static final String[] TYPES = {"PLAIN", "HEAD1", "NONHEAD", "HEAD2"};
    private static final int D0_CBLKCNT = 1 << 11;

    private CompressionMapFields() {
    }

    /** The 8-byte map header, whose bytes are {@code b}. */
    public static Field header(MapHeader h, byte[] b, int blkszbits) {
        FieldBuilder f = FieldBuilder.littleEndian("z_erofs_map_header", h.range().offset(), b, 0, MapHeader.SIZE);
        if (h.wholeFileFragment()) {
            f.meaning("the whole file is a fragment of the packed inode, at byte " + h.wholeFileFragmentOffset());
            f.u64("h_fragmentoff (whole file)", v -> "bit 63 set: offset " + (v & Long.MAX_VALUE) + " in the packed inode");
            return f.build();
        }
        f.meaning("lclusters of " + (1L << h.lclusterBits(blkszbits)) + " bytes");
        if (h.has(MapHeader.ADVISE_FRAGMENT_PCLUSTER)) {
            f.u32("h_fragmentoff", v -> "the tail is at byte " + v + " of the packed inode");
        } else if (h.has(MapHeader.ADVISE_INLINE_PCLUSTER)) {
            f.u16("h_reserved1");
            f.u16("h_idata_size", v -> "the tail pcluster, " + v + " bytes, is inline after the indexes");
        } else {
            f.u32("h_extents_lo / h_reserved", v -> "");
        }
        f.flags("h_advise", 2, v -> "", List.of(
                BitField.flag("COMPACTED_2B / EXTENTS", 0, "set"),
                BitField.flag("BIG_PCLUSTER_1", 1, "HEAD1 pclusters may span several blocks"),
                BitField.flag("BIG_PCLUSTER_2", 2, "HEAD2 and PLAIN pclusters may span several blocks"),
                BitField.flag("INLINE_PCLUSTER", 3, "ztailpacking: the tail pcluster is inline"),
                BitField.flag("INTERLACED_PCLUSTER", 4, "uncompressed pclusters are stored rotated"),
                BitField.flag("FRAGMENT_PCLUSTER", 5, "the tail is a fragment of the packed inode")));
        f.flags("h_algorithmtype", 1, v -> "", List.of(
                new BitField("HEAD1 algorithm", 0, 4, CompressionMapFields::algorithm),
                new BitField("HEAD2 algorithm", 4, 4, CompressionMapFields::algorithm)));
        f.flags("h_clusterbits", 1, v -> "", List.of(
                new BitField("lclusterbits - blkszbits", 0, 4, v -> "lclusters of " + (1L << (blkszbits + v)) + " bytes"),
                BitField.flag("whole file is a fragment", 7, "set")));
        return f.build();
    }

    private static String algorithm(long id) {
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            if (a.id() == id) {
                return a.formatName();
            }
        }
        return "unknown";
    }

    /** The map after the header, whose bytes ({@code area.range()}) are {@code b}. */
    public static Field indexes(IndexArea area, byte[] b) {
        long at = area.range().offset();
        return switch (area.layout()) {
            case NONE -> Field.structure("(no map)", at, 0, "", List.of());
            case FULL -> full(area, b);
            case COMPACT -> compact(area, b);
            case EXTENTS -> extents(area, b);
        };
    }

    private static Field full(IndexArea area, byte[] b) {
        long at = area.range().offset();
        List<Field> parts = new ArrayList<>();
        FieldBuilder gap = FieldBuilder.littleEndian("(gap)", at, b, 0, IndexArea.FULL_GAP);
        gap.bytes("reserved", IndexArea.FULL_GAP, "skipped before the first full index");
        parts.add(gap.build());
        int count = (int) area.count();
        parts.add(Field.structure("z_erofs_lcluster_index[" + count + "]", at + IndexArea.FULL_GAP,
                (long) count * LclusterIndex.FULL_SIZE, count + " lclusters",
                new LazyFields(count, i -> fullIndex(at, b, i, area.lclusterBits()))));
        return Field.structure("lcluster indexes (full)", at, b.length, count + " indexes of 8 bytes", parts);
    }

    private static Field fullIndex(long at, byte[] b, int lcn, int lclusterBits) {
        int start = IndexArea.FULL_GAP + lcn * LclusterIndex.FULL_SIZE;
        FieldBuilder f = FieldBuilder.littleEndian("lcluster " + lcn, at + start, b, start, LclusterIndex.FULL_SIZE);
        int advise = LittleEndian.u16(b, start);
        int type = advise & 3;
        f.meaning(TYPES[type] + ", logical " + ((long) lcn << lclusterBits));
        f.flags("di_advise", 2, v -> TYPES[(int) (v & 3)], List.of(
                new BitField("type", 0, 2, v -> TYPES[(int) v]),
                BitField.flag("PARTIAL_REF", 15, "the extent uses only a prefix of the pcluster")));
        if (type == 2) {
            f.u16("di_clusterofs", v -> "");
            f.u16("delta[0]", v -> (v & D0_CBLKCNT) != 0 ? "CBLKCNT: the pcluster takes " + (v & ~D0_CBLKCNT) + " blocks"
                    : v + " lclusters back to the head");
            f.u16("delta[1]", v -> v + " lclusters forward to the next head");
        } else {
            f.u16("di_clusterofs", v -> "the extent starts at byte " + v + " of the lcluster");
            f.u32("di_blkaddr", v -> "pcluster at block " + v);
        }
        return f.build();
    }

    private static Field compact(IndexArea area, byte[] b) {
        long ebase = area.range().offset();
        long init = IndexArea.initial4B(ebase);
        long two = IndexArea.count2B(ebase, area.count(), area.compacted2B());
        int lobits = Math.max(area.lclusterBits(), 12);
        // Packs in order: the initial 4-byte ones (2 entries each), the 2-byte ones (16), the rest (2).
        long init4Packs = (init + 1) / 2;
        long twoPacks = two / 16;
        List<Field> parts = new ArrayList<>();
        int total = countPacks(b.length, init4Packs, twoPacks);
        parts.add(Field.structure("packs", ebase, b.length, total + " packs",
                new LazyFields(total, k -> pack(ebase, b, k, init4Packs, twoPacks, lobits, area.count(), init, two))));
        return Field.structure("lcluster indexes (compact)", ebase, b.length,
                area.count() + " lclusters in " + total + " packs", parts);
    }

    /** How many packs the area's bytes hold: the initial 8-byte ones, the 32-byte ones, then 8-byte ones. */
    private static int countPacks(int bytes, long init4Packs, long twoPacks) {
        if (bytes <= 8 * init4Packs) {
            return bytes / 8;
        }
        long rest = bytes - 8 * init4Packs - 32 * twoPacks;
        return (int) (init4Packs + twoPacks + Math.max(0, rest / 8));
    }

    /** Pack {@code k}: where it starts, how many entries, and the first lcn in it. */
    private static Field pack(long ebase, byte[] b, int k, long init4Packs, long twoPacks, int lobits, long count,
                              long init, long two) {
        int start;
        int size;
        long firstLcn;
        if (k < init4Packs) {
            start = 8 * k;
            size = 8;
            firstLcn = 2L * k;
        } else if (k < init4Packs + twoPacks) {
            start = (int) (8 * init4Packs + 32 * (k - init4Packs));
            size = 32;
            firstLcn = init + 16 * (k - init4Packs);
        } else {
            start = (int) (8 * init4Packs + 32 * twoPacks + 8 * (k - init4Packs - twoPacks));
            size = 8;
            firstLcn = init + two + 2 * (k - init4Packs - twoPacks);
        }
        int entries = size == 8 ? 2 : 16;
        int encodeBits = (size - 4) * 8 / entries;
        FieldBuilder f = FieldBuilder.littleEndian("pack " + k, ebase + start, b, start, size);
        f.meaning("lclusters " + firstLcn + ".." + (firstLcn + entries - 1) + (size == 8 ? ", 4-byte" : ", 2-byte"));
        List<BitField> bits = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            long lcn = firstLcn + i;
            String name = lcn < count ? "lcluster " + lcn : "unused";
            boolean last = i == entries - 1;
            bits.add(new BitField(name + " lo", i * encodeBits, lobits, v -> v + (last ? " (clusterofs, or delta[1] when NONHEAD)"
                    : (v & D0_CBLKCNT) != 0 ? " (clusterofs, or CBLKCNT " + (v & ~D0_CBLKCNT) + " when NONHEAD)"
                    : " (clusterofs, or delta[0] when NONHEAD)")));
            bits.add(new BitField(name + " type", i * encodeBits + lobits, 2, v -> TYPES[(int) v]));
        }
        f.packedBits("entries", size - 4, entries + " entries of " + encodeBits + " bits", bits);
        f.u32("blkaddr", v -> "base block of the pclusters that start in this pack");
        return f.build();
    }

    private static Field extents(IndexArea area, byte[] b) {
        long at = area.range().offset();
        int recordSize = area.recordSize();
        int first = (int) (((at + recordSize - 1) & -(long) recordSize) - at);
        List<Field> parts = new ArrayList<>();
        if (first > 0) {
            FieldBuilder pad = FieldBuilder.littleEndian("(padding)", at, b, 0, first);
            pad.bytes("reserved", first, "aligns the records to their size");
            parts.add(pad.build());
        }
        int recordsAt = first;
        if (recordSize == 4) {
            FieldBuilder base = FieldBuilder.littleEndian("physical base", at + first, b, first, 8);
            base.u64("pstart", v -> "the first pcluster starts at byte " + v);
            parts.add(base.build());
            recordsAt += 8;
        }
        int count = (int) area.count();
        int from = recordsAt;
        parts.add(Field.structure("z_erofs_extent[" + count + "]", at + from, (long) count * recordSize, count + " records",
                new LazyFields(count, i -> extent(at, b, from + i * recordSize, recordSize, i))));
        return Field.structure("extent records", at, b.length, count + " records of " + recordSize + " bytes", parts);
    }

    private static Field extent(long at, byte[] b, int start, int recordSize, int i) {
        FieldBuilder f = FieldBuilder.littleEndian("extent " + i, at + start, b, start, recordSize);
        f.flags("plen", 4, v -> (v & 0x1FFFFF) == 0 ? "hole" : (v & 0x1FFFFF) + " bytes", List.of(
                new BitField("length", 0, 21, v -> v + " bytes"),
                BitField.flag("PARTIAL_REF", 27, "the extent uses only a prefix of the pcluster"),
                new BitField("format", 28, 4, v -> v == 0 ? "uncompressed" : algorithm(v - 1))));
        if (recordSize >= 8) {
            f.u32("pstart_lo", v -> "");
        }
        if (recordSize >= 16) {
            f.u32("pstart_hi", v -> "");
            f.u32("lstart_lo", v -> "");
        }
        if (recordSize >= 32) {
            f.u32("lstart_hi", v -> "");
            f.bytes("reserved", 12, "");
        }
        return f.build();
    }
}

package erofsbrowser.erofs.ondisk;

import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One logical cluster's index entry of a compressed file, decoded from a full index
 * ({@code struct z_erofs_lcluster_index}, 8 bytes) or from a compact 2- or 4-byte pack.
 *
 * @param lcn              the logical cluster number
 * @param type             PLAIN, HEAD1, NONHEAD or HEAD2
 * @param clusterOffset    HEAD/PLAIN: where the extent starts inside the lcluster; NONHEAD: the lcluster size
 * @param delta0           NONHEAD: lclusters back to the head
 * @param delta1           NONHEAD: lclusters forward to the next head (compact: only when looked ahead)
 * @param blockAddress     HEAD/PLAIN: first block of the pcluster
 * @param compressedBlocks NONHEAD carrying CBLKCNT: the pcluster's block count; else 0
 * @param partialReference HEAD: the extent uses only a prefix of the pcluster's output
 * @param range            where the entry (compact: its pack) lives
 * @param nextPackOffset   the first byte after the entry or its pack (where an inline tail pcluster follows)
 */
public record LclusterIndex(long lcn, Type type, int clusterOffset, int delta0, int delta1, long blockAddress,
                            int compressedBlocks, boolean partialReference, ByteRange range, long nextPackOffset) {

    public enum Type { PLAIN, HEAD1, NONHEAD, HEAD2 }

    /** By their on-disk value (values() would copy the array on every entry read). */
    private static final Type[] TYPES = Type.values();

    public static final int FULL_SIZE = 8;
    private static final int D0_CBLKCNT = 1 << 11;
    private static final int PARTIAL_REF = 1 << 15;

    public boolean isHead() {
        return type != Type.NONHEAD;
    }

    /** The entry of {@code lcn} in a full index, which starts 8 bytes after the map header. */
    public static LclusterIndex readFull(MetadataReader meta, long indexStart, long lcn, int lclusterBits, boolean bigPcluster,
                                  long nid) throws ImageException {
        long pos = indexStart + lcn * FULL_SIZE;
        ByteBuffer b = meta.buffer(pos, FULL_SIZE);
        int advise = Short.toUnsignedInt(b.getShort(0));
        Type type = TYPES[advise & 3];
        ByteRange range = new ByteRange(pos, FULL_SIZE);
        if (type == Type.NONHEAD) {
            int d0 = Short.toUnsignedInt(b.getShort(4));
            int d1 = Short.toUnsignedInt(b.getShort(6));
            int blocks = 0;
            if ((d0 & D0_CBLKCNT) != 0) {
                if (!bigPcluster) {
                    throw new ImageException("CBLKCNT in lcluster " + lcn + " of a file without big pclusters", pos, nid);
                }
                blocks = d0 & ~D0_CBLKCNT;
                d0 = 1;
            }
            return new LclusterIndex(lcn, type, 1 << lclusterBits, d0, d1, 0, blocks, false, range, pos + FULL_SIZE);
        }
        return new LclusterIndex(lcn, type, Short.toUnsignedInt(b.getShort(2)), 0, 0,
                Integer.toUnsignedLong(b.getInt(4)), 0, (advise & PARTIAL_REF) != 0, range, pos + FULL_SIZE);
    }

    /**
     * The entry of {@code lcn} in compact indexes starting at {@code ebase}: an initial run of 4-byte
     * packs up to 32-byte alignment, then (with COMPACTED_2B) 2-byte packs of 16 entries, then
     * 4-byte packs of 2 entries. Each pack ends with a u32 base block address.
     */
    public static LclusterIndex readCompact(MetadataReader meta, long ebase, long lcn, long totalLclusters, int lclusterBits,
                                     boolean compacted2B, boolean bigPcluster, boolean lookahead, long nid)
            throws ImageException {
        if (lcn >= totalLclusters) {
            throw new ImageException("lcluster " + lcn + " is past the last of " + totalLclusters, ebase, nid);
        }
        if (lclusterBits > 14) {
            throw new ImageException("compact indexes with lcluster size 2^" + lclusterBits + " are not supported", ebase, nid);
        }
        long initial4B = ((32 - ebase % 32) / 4) & 7;
        long count2B = 0;
        if (compacted2B && initial4B < totalLclusters) {
            count2B = (totalLclusters - initial4B) / 16 * 16;
        }
        long pos = ebase;
        long i = lcn;
        int amortizedShift = 2;
        if (i >= initial4B) {
            pos += initial4B * 4;
            i -= initial4B;
            if (i < count2B) {
                amortizedShift = 1;
            } else {
                pos += count2B * 2;
                i -= count2B;
            }
        }
        pos += i << amortizedShift;
        int vcnt;
        if (amortizedShift == 2) {
            vcnt = 2;
        } else if (lclusterBits <= 12) {
            vcnt = 16;
        } else {
            throw new ImageException("2-byte compact indexes with lcluster size 2^" + lclusterBits
                    + " are not supported", pos, nid);
        }
        int packSize = vcnt << amortizedShift;
        long packStart = pos & -(long) packSize;
        byte[] in = new byte[packSize + 4];
        meta.readFully(packStart, in, 0, packSize);
        int lobits = Math.max(lclusterBits, 12);
        int encodeBits = ((packSize - 4) * 8) / vcnt;
        int k = (int) ((pos - packStart) >> amortizedShift);
        ByteRange range = new ByteRange(packStart, packSize);
        long next = packStart + packSize;

        int v = bits(in, encodeBits * k, lobits);
        int lo = v & ((1 << lobits) - 1);
        Type type = TYPES[(v >>> lobits) & 3];
        if (type == Type.NONHEAD) {
            int d1 = lookahead ? lookaheadDistance(in, lobits, encodeBits, vcnt, k) : 0;
            if ((lo & D0_CBLKCNT) != 0) {
                if (!bigPcluster) {
                    throw new ImageException("CBLKCNT in lcluster " + lcn + " of a file without big pclusters", packStart, nid);
                }
                return new LclusterIndex(lcn, type, 1 << lclusterBits, 1, d1, 0, lo & ~D0_CBLKCNT, false, range, next);
            }
            if (k + 1 != vcnt) {
                return new LclusterIndex(lcn, type, 1 << lclusterBits, lo, d1, 0, 0, false, range, next);
            }
            // The last entry of a pack stores delta[1]; delta[0] follows from the entry before it.
            int pv = bits(in, encodeBits * (k - 1), lobits);
            int plo = pv & ((1 << lobits) - 1);
            Type ptype = TYPES[(pv >>> lobits) & 3];
            int d0;
            if (ptype != Type.NONHEAD) {
                d0 = 1;
            } else if ((plo & D0_CBLKCNT) != 0) {
                d0 = 2;
            } else {
                d0 = plo + 1;
            }
            return new LclusterIndex(lcn, type, 1 << lclusterBits, d0, d1, 0, 0, false, range, next);
        }
        // A head's block: the pack's base plus the blocks of the pclusters that start before it in the pack.
        long blocks;
        int j = k;
        if (!bigPcluster) {
            blocks = 1;
            while (j > 0) {
                --j;
                int w = bits(in, encodeBits * j, lobits);
                if (((w >>> lobits) & 3) == Type.NONHEAD.ordinal()) {
                    j -= w & ((1 << lobits) - 1);
                }
                if (j >= 0) {
                    ++blocks;
                }
            }
        } else {
            blocks = 0;
            while (j > 0) {
                --j;
                int w = bits(in, encodeBits * j, lobits);
                int wlo = w & ((1 << lobits) - 1);
                if (((w >>> lobits) & 3) == Type.NONHEAD.ordinal()) {
                    if ((wlo & D0_CBLKCNT) != 0) {
                        --j;
                        blocks += wlo & ~D0_CBLKCNT;
                        continue;
                    }
                    if (wlo <= 1) {
                        throw new ImageException("bad delta " + wlo + " in compact index pack", packStart, nid);
                    }
                    j -= wlo - 2;
                    continue;
                }
                ++blocks;
            }
        }
        long base = LittleEndian.u32(in, packSize - 4);
        return new LclusterIndex(lcn, type, lo, 0, 0, base + blocks, 0, false, range, next);
    }

    private static int lookaheadDistance(byte[] in, int lobits, int encodeBits, int vcnt, int k) {
        int d1 = 0;
        int lo = 0;
        int i = k;
        do {
            int v = bits(in, encodeBits * i, lobits);
            lo = v & ((1 << lobits) - 1);
            if (((v >>> lobits) & 3) != Type.NONHEAD.ordinal()) {
                return d1;
            }
            ++d1;
        } while (++i < vcnt);
        if ((lo & D0_CBLKCNT) == 0) {
            d1 += lo - 1;
        }
        return d1;
    }

    /** The little-endian 32-bit word at bit {@code bitPos} of {@code in}, shifted to that bit. */
    private static int bits(byte[] in, int bitPos, int lobits) {
        return LittleEndian.i32(in, bitPos >>> 3) >>> (bitPos & 7);
    }
}

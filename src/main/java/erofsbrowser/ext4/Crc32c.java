package erofsbrowser.ext4;

/**
 * CRC32C (Castagnoli) as ext4's {@code ext4_chksum} computes it: the raw register, chained from a
 * seed, with no final inversion. Every ext4 checksum starts from a seed (the filesystem's, or an
 * inode's), which {@link java.util.zip.CRC32C} cannot be given; but it can be led to any register
 * by four bytes, found by running the CRC backwards from it. So runs of some length go through the
 * JDK's CRC32C (the processor's crc32 instruction, from the first call on), short ones through
 * tables here, eight bytes a step.
 */
final class Crc32c {
    private static final int POLY = 0x82F63B78;
    private static final int[][] TABLES = tables();
    /** {@code INVERSE[t]}: the table index whose entry's top byte is {@code t} (a permutation for this polynomial). */
    private static final int[] INVERSE = inverse();
    /** Below this many bytes the tables beat setting up the JDK's CRC32C. */
    private static final int JDK_THRESHOLD = 64;

    private Crc32c() {
    }

    private static int[][] tables() {
        int[][] t = new int[8][256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            t[0][i] = c;
        }
        for (int i = 0; i < 256; i++) {
            for (int s = 1; s < 8; s++) {
                t[s][i] = (t[s - 1][i] >>> 8) ^ t[0][t[s - 1][i] & 0xFF];
            }
        }
        return t;
    }

    private static int[] inverse() {
        int[] inv = new int[256];
        java.util.Arrays.fill(inv, -1);
        for (int i = 0; i < 256; i++) {
            int top = TABLES[0][i] >>> 24;
            if (inv[top] >= 0) {
                throw new IllegalStateException("CRC32C table top bytes are not a permutation");
            }
            inv[top] = i;
        }
        return inv;
    }

    /**
     * The four bytes that take the JDK's CRC32C (whose register starts at ~0) to register {@code state}:
     * each step back from {@code state} names the table entry the step used, by its top byte; what
     * is left of the register is the bytes' doing.
     */
    static byte[] prefixFor(int state) {
        int[] j = new int[4];
        int x = state;
        for (int k = 3; k >= 0; k--) {
            j[k] = INVERSE[x >>> 24];
            x = (x ^ TABLES[0][j[k]]) << 8;
        }
        int u = x ^ ~0;
        byte[] p = new byte[4];
        for (int k = 0; k < 4; k++) {
            p[k] = (byte) (j[k] ^ (u >>> (8 * k)));
        }
        return p;
    }

    /** The register after {@code crc} has taken {@code b[off, off+len)}. */
    static int update(int crc, byte[] b, int off, int len) {
        if (len >= JDK_THRESHOLD) {
            java.util.zip.CRC32C c = new java.util.zip.CRC32C();
            c.update(prefixFor(crc));
            c.update(b, off, len);
            return ~(int) c.getValue();
        }
        return updateByTable(crc, b, off, len);
    }

    /** As {@link #update}, through the tables only. */
    static int updateByTable(int crc, byte[] b, int off, int len) {
        int[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        int[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        int c = crc;
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            int lo = c ^ ((b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24);
            c = t7[lo & 0xFF] ^ t6[(lo >>> 8) & 0xFF] ^ t5[(lo >>> 16) & 0xFF] ^ t4[lo >>> 24]
                    ^ t3[b[i + 4] & 0xFF] ^ t2[b[i + 5] & 0xFF] ^ t1[b[i + 6] & 0xFF] ^ t0[b[i + 7] & 0xFF];
            i += 8;
        }
        while (i < end) {
            c = (c >>> 8) ^ t0[(c ^ b[i++]) & 0xFF];
        }
        return c;
    }

    /** The register after {@code crc} has taken the four bytes of {@code value}, little-endian. */
    static int updateInt(int crc, int value) {
        int[] t0 = TABLES[0];
        int c = crc;
        for (int k = 0; k < 4; k++) {
            c = (c >>> 8) ^ t0[(c ^ (value >>> (8 * k))) & 0xFF];
        }
        return c;
    }

    /** The register after {@code crc} has taken {@code count} zero bytes (a checksum field read as zero). */
    static int updateZeros(int crc, int count) {
        int[] t0 = TABLES[0];
        int c = crc;
        for (int k = 0; k < count; k++) {
            c = (c >>> 8) ^ t0[c & 0xFF];
        }
        return c;
    }
}

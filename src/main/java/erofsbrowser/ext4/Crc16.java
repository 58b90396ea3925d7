package erofsbrowser.ext4;

/**
 * The CRC16 of group descriptor checksums without metadata_csum ({@code gdt_csum}): the kernel's
 * {@code crc16} (polynomial 0x8005, bit-reversed), chained from a seed.
 */
final class Crc16 {
    private static final int[] TABLE = table();

    private Crc16() {
    }

    private static int[] table() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xA001 : c >>> 1;
            }
            t[i] = c;
        }
        return t;
    }

    static int update(int crc, byte[] b, int off, int len) {
        int c = crc & 0xFFFF;
        for (int i = off; i < off + len; i++) {
            c = (c >>> 8) ^ TABLE[(c ^ b[i]) & 0xFF];
        }
        return c;
    }
}

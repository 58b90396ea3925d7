package erofsbrowser.image;

/**
 * Little-endian fields read straight from a byte array, as EROFS and ext4 structures store them.
 * Used where millions of small structures are decoded (inodes, dirents): a ByteBuffer per
 * structure costs an allocation and a much larger body for the JIT to compile.
 */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    public static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    public static int i32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    public static long u32(byte[] b, int at) {
        return i32(b, at) & 0xFFFF_FFFFL;
    }

    public static long i64(byte[] b, int at) {
        return u32(b, at) | (long) i32(b, at + 4) << 32;
    }
}

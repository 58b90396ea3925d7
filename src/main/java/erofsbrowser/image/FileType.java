package erofsbrowser.image;

/** The seven POSIX file types an EROFS inode can have, with their mode and dirent encodings. */
public enum FileType {
    FILE("file", 0100000, 1, '-'),
    DIR("dir", 0040000, 2, 'd'),
    CHR("chr", 0020000, 3, 'c'),
    BLK("blk", 0060000, 4, 'b'),
    FIFO("fifo", 0010000, 5, 'p'),
    SOCK("sock", 0140000, 6, 's'),
    SYMLINK("symlink", 0120000, 7, 'l');

    public static final int S_IFMT = 0170000;

    private final String label;
    private final int modeBits;
    private final int direntType;
    private final char lsChar;

    FileType(String label, int modeBits, int direntType, char lsChar) {
        this.label = label;
        this.modeBits = modeBits;
        this.direntType = direntType;
        this.lsChar = lsChar;
    }

    /** Short lowercase name, as in the fixture listings ({@code file}, {@code dir}, ...). */
    public String label() {
        return label;
    }

    /** The S_IFMT bits of this type. */
    public int modeBits() {
        return modeBits;
    }

    /** The file_type byte a dirent stores for this type. */
    public int direntType() {
        return direntType;
    }

    /** Every type; values() would copy its array on each of the millions of lookups a walk makes. */
    private static final FileType[] ALL = values();

    /** The first character of {@code ls -l}. */
    public char lsChar() {
        return lsChar;
    }

    /** The type of a full i_mode, or null when the type bits name no POSIX type. */
    public static FileType ofMode(int mode) {
        int bits = mode & S_IFMT;
        for (FileType t : ALL) {
            if (t.modeBits == bits) {
                return t;
            }
        }
        return null;
    }

    /** The type a dirent's file_type byte names, or null for 0 (unknown) and invalid values. */
    public static FileType ofDirentType(int type) {
        for (FileType t : ALL) {
            if (t.direntType == type) {
                return t;
            }
        }
        return null;
    }

    /** Permission bits (with setuid, setgid, sticky) as {@code rwxr-xr-x}, as {@code ls -l} shows them. */
    public static String permissionString(int mode) {
        byte[] c = new byte[9];
        writePermissions(mode, c, 0);
        return new String(c, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** As {@link #permissionString}, as 9 ASCII bytes into {@code dst} at {@code off}. */
    public static void writePermissions(int mode, byte[] dst, int off) {
        for (int i = 0; i < 9; i++) {
            dst[off + i] = (mode & (1 << (8 - i))) == 0 ? (byte) '-' : (byte) "rwx".charAt(i % 3);
        }
        if ((mode & 04000) != 0) {
            dst[off + 2] = (byte) (dst[off + 2] == 'x' ? 's' : 'S');
        }
        if ((mode & 02000) != 0) {
            dst[off + 5] = (byte) (dst[off + 5] == 'x' ? 's' : 'S');
        }
        if ((mode & 01000) != 0) {
            dst[off + 8] = (byte) (dst[off + 8] == 'x' ? 't' : 'T');
        }
    }
}

package erofsbrowser.ext4;

import erofsbrowser.image.FileType;
import erofsbrowser.image.Node;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A named place in an ext4 image's tree: a path, the inode it leads to, and where the directory
 * entry that names it lies.
 *
 * @param path         the absolute path's raw bytes ({@code /} for the root); in an encrypted
 *                     directory the name is the stored (encrypted) name as hex
 * @param inode        the inode the path leads to
 * @param direntOffset where the {@code ext4_dir_entry_2} naming it lies in the image, or -1 (the root)
 * @param parent       the inode number of the directory holding it (the root's is its own)
 */
record Ext4Entry(byte[] path, Inode inode, long direntOffset, long parent) implements Node {
    static final byte[] ROOT_PATH = {'/'};

    /** Entries of one directory by name, as unsigned bytes. */
    static final Comparator<Ext4Entry> BY_NAME = (a, b) -> Arrays.compareUnsigned(a.path, a.nameStart(), a.path.length,
            b.path, b.nameStart(), b.path.length);

    @Override
    public long location() {
        return direntOffset >= 0 ? direntOffset : inode.offset();
    }

    @Override
    public byte[] path() {
        return path.clone();
    }

    @Override
    public int pathLength() {
        return path.length;
    }

    @Override
    public void copyPath(byte[] dst, int off) {
        System.arraycopy(path, 0, dst, off, path.length);
    }

    @Override
    public String pathString() {
        return new String(path, StandardCharsets.UTF_8);
    }

    private int nameStart() {
        int i = path.length;
        while (i > 0 && path[i - 1] != '/') {
            i--;
        }
        return i;
    }

    @Override
    public byte[] name() {
        return isRoot() ? ROOT_PATH.clone() : Arrays.copyOfRange(path, nameStart(), path.length);
    }

    @Override
    public String nameString() {
        return isRoot() ? "/" : new String(path, nameStart(), path.length - nameStart(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean isRoot() {
        return direntOffset < 0 && path.length == 1;
    }

    @Override
    public FileType type() {
        return inode.type();
    }

    @Override
    public long inodeNumber() {
        return inode.number();
    }

    @Override
    public int permissions() {
        return inode.permissions();
    }

    @Override
    public long uid() {
        return inode.uid();
    }

    @Override
    public long gid() {
        return inode.gid();
    }

    @Override
    public long size() {
        return inode.size();
    }

    @Override
    public long mtime() {
        return inode.mtime();
    }

    @Override
    public int mtimeNanos() {
        return inode.mtimeNanos();
    }

    @Override
    public long nlink() {
        return inode.linksCount();
    }

    @Override
    public int rdevMajor() {
        return inode.rdevMajor();
    }

    @Override
    public int rdevMinor() {
        return inode.rdevMinor();
    }

    /** The path of {@code name} inside this entry. */
    byte[] childPath(byte[] b, int off, int len) {
        int base = isRoot() ? 0 : path.length;
        byte[] p = Arrays.copyOf(path, base + 1 + len);
        p[base] = '/';
        System.arraycopy(b, off, p, base + 1, len);
        return p;
    }

    /** How many directories deep the entry lies (0 for the root). */
    int depth() {
        if (isRoot()) {
            return 0;
        }
        int d = 0;
        for (byte c : path) {
            if (c == '/') {
                d++;
            }
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ext4Entry e && Arrays.equals(path, e.path) && inode.number() == e.inode.number()
                && direntOffset == e.direntOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(path) * 31 + Long.hashCode(inode.number());
    }

    @Override
    public String toString() {
        return pathString() + " (inode " + inode.number() + ")";
    }
}

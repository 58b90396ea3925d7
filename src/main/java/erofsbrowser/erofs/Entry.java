package erofsbrowser.erofs;

import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.image.FileType;
import erofsbrowser.image.Node;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A named place in the image's tree: a path, the inode it leads to, and the dirent that names it.
 *
 * @param path   the absolute path's raw bytes ({@code /} for the root)
 * @param inode  the inode the path leads to
 * @param dirent the entry in the parent directory, or null for the root
 * @param parentNid the nid of the directory holding it (the root's parent is the root)
 */
public record Entry(byte[] path, Inode inode, Dirent dirent, long parentNid) implements Node {
    static final byte[] ROOT_PATH = {'/'};

    /**
     * The order of {@link ErofsImage#walk}: depth first, each directory's entries in name order.
     * That is the order of the paths compared component by component, names as unsigned bytes, as
     * EROFS sorts them.
     */
    public static final Comparator<Entry> WALK_ORDER = (a, b) -> compareInWalkOrder(a.path, b.path);

    /** {@link #WALK_ORDER} for paths as {@link #path()} gives them. */
    public static int compareInWalkOrder(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                // A '/' ends a component, so it comes before any byte of a name (a name holds no NUL).
                return Integer.compare(a[i] == '/' ? 0 : a[i] & 0xFF, b[i] == '/' ? 0 : b[i] & 0xFF);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public byte[] path() {
        return path.clone();
    }

    @Override
    public int pathLength() {
        return path.length;
    }

    /** Copies the path's raw bytes into {@code dst} at {@code off} (a listing writes millions of them). */
    @Override
    public void copyPath(byte[] dst, int off) {
        System.arraycopy(path, 0, dst, off, path.length);
    }

    /** The path for display (UTF-8; other bytes replaced). */
    @Override
    public String pathString() {
        return new String(path, StandardCharsets.UTF_8);
    }

    /** The last path component's raw bytes; {@code /} for the root. */
    @Override
    public byte[] name() {
        return dirent == null ? ROOT_PATH.clone() : dirent.name();
    }

    @Override
    public String nameString() {
        return dirent == null ? "/" : dirent.nameString();
    }

    @Override
    public boolean isRoot() {
        return dirent == null;
    }

    public long nid() {
        return inode.nid();
    }

    @Override
    public FileType type() {
        return inode.type();
    }

    @Override
    public long location() {
        return dirent != null ? dirent.offsetOr(inode.offset()) : inode.offset();
    }

    @Override
    public long inodeNumber() {
        return inode.nid();
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
        return inode.mtimeNsec();
    }

    @Override
    public long nlink() {
        return inode.nlink();
    }

    @Override
    public int rdevMajor() {
        return inode.rdevMajor();
    }

    @Override
    public int rdevMinor() {
        return inode.rdevMinor();
    }

    /** The path of {@code childName} inside this entry. */
    byte[] childPath(byte[] childName) {
        int base = isRoot() ? 0 : path.length;
        byte[] p = Arrays.copyOf(path, base + 1 + childName.length);
        p[base] = '/';
        System.arraycopy(childName, 0, p, base + 1, childName.length);
        return p;
    }

    int depth() {
        int d = 0;
        for (byte c : path) {
            if (c == '/') {
                d++;
            }
        }
        return isRoot() ? 0 : d;
    }
}

package erofsbrowser.erofs.map;

import java.util.Arrays;

/**
 * The owners regions can point to: each path the walk found (a hard-linked inode has one entry
 * per path), plus the hidden packed and metabox inodes, which have no path. Numbered in the order
 * they were added, so a smaller number means found earlier.
 */
final class EntryTable {
    private byte[][] paths = new byte[256][];
    private long[] nids = new long[256];
    private int size;

    /** Adds an entry and returns its number; {@code path} is null for a hidden inode. */
    int add(byte[] path, long nid) {
        if (size == nids.length) {
            paths = Arrays.copyOf(paths, size * 2);
            nids = Arrays.copyOf(nids, size * 2);
        }
        paths[size] = path;
        nids[size] = nid;
        return size++;
    }

    int size() {
        return size;
    }

    /** The entry's path bytes (shared, not copied), or null for a hidden inode. */
    byte[] path(int entry) {
        return paths[entry];
    }

    long nid(int entry) {
        return nids[entry];
    }

    /** Drops the spare capacity once the walk is done. */
    EntryTable trimmed() {
        EntryTable t = new EntryTable();
        t.paths = Arrays.copyOf(paths, size);
        t.nids = Arrays.copyOf(nids, size);
        t.size = size;
        return t;
    }
}

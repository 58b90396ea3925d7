package erofsbrowser.image;

/**
 * A set of inode numbers (EROFS nids, ext4 inode numbers) held as plain longs. A walk adds every
 * directory it enters (to stop at a loop) and a check adds every file (to read each hard-linked
 * inode once): as a {@code HashSet<Long>} that cost two objects per number and a good share of
 * the JIT's work in a short run. Not thread-safe.
 */
public final class InodeSet {
    /** Marks a free slot; nid 0 itself is kept in {@link #containsZero}. */
    private static final long FREE = 0;

    private long[] slots = new long[64];
    private int size;
    private boolean containsZero;

    /** Adds {@code nid}; false when it was in the set already. */
    public boolean add(long nid) {
        if (nid == FREE) {
            boolean added = !containsZero;
            containsZero = true;
            return added;
        }
        int mask = slots.length - 1;
        int i = home(nid, mask);
        while (slots[i] != FREE) {
            if (slots[i] == nid) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = nid;
        if (++size * 2 > slots.length) {
            grow();
        }
        return true;
    }

    public boolean contains(long nid) {
        if (nid == FREE) {
            return containsZero;
        }
        int mask = slots.length - 1;
        for (int i = home(nid, mask); slots[i] != FREE; i = (i + 1) & mask) {
            if (slots[i] == nid) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return size + (containsZero ? 1 : 0);
    }

    public void clear() {
        java.util.Arrays.fill(slots, FREE);
        size = 0;
        containsZero = false;
    }

    /** Nids are slot numbers, often consecutive: spread them over the table. */
    private static int home(long nid, int mask) {
        return (int) ((nid * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long nid : old) {
            if (nid != FREE) {
                int i = home(nid, mask);
                while (slots[i] != FREE) {
                    i = (i + 1) & mask;
                }
                slots[i] = nid;
            }
        }
    }
}

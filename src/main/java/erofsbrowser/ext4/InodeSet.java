package erofsbrowser.ext4;

import java.util.BitSet;

/** A set of inode numbers (1 to 2^32 - 1), as bits: a BitSet alone stops at 2^31. */
final class InodeSet {
    private final BitSet low = new BitSet();
    private final BitSet high = new BitSet();

    /** Adds {@code inode}; false when it was there already. */
    boolean add(long inode) {
        BitSet bits = inode < (1L << 31) ? low : high;
        int i = (int) (inode & 0x7FFF_FFFFL);
        if (bits.get(i)) {
            return false;
        }
        bits.set(i);
        return true;
    }

    boolean contains(long inode) {
        return (inode < (1L << 31) ? low : high).get((int) (inode & 0x7FFF_FFFFL));
    }
}

package erofsbrowser.erofs.map;

import java.util.Arrays;

/**
 * The regions of each inode: every row owned (first or as a further owner) by an entry with that
 * nid. Distinct nids are kept sorted with the rows of each in one flat array, so a lookup is a
 * binary search and a copy of a slice.
 */
final class NidIndex {
    private final long[] nids;
    /** Rows of {@code nids[i]}: {@code rows[rowStart[i] .. rowStart[i+1])}, in image order. */
    private final int[] rowStart;
    private final int[] rows;

    NidIndex(EntryTable entries, RegionColumns regions) {
        long[] all = new long[entries.size()];
        for (int e = 0; e < all.length; e++) {
            all[e] = entries.nid(e);
        }
        Arrays.sort(all);
        int unique = 0;
        for (long v : all) {
            if (unique == 0 || all[unique - 1] != v) {
                all[unique++] = v;
            }
        }
        this.nids = Arrays.copyOf(all, unique);
        int[] entrySlot = new int[entries.size()];
        for (int e = 0; e < entrySlot.length; e++) {
            entrySlot[e] = Arrays.binarySearch(nids, entries.nid(e));
        }
        // Two passes over the owners: count per nid, then place; a row is placed once per nid even
        // when several of its owners are names of the same inode.
        int[] count = new int[unique + 1];
        int[] lastRow = new int[unique];
        Arrays.fill(lastRow, -1);
        forEachOwnerSlot(regions, entrySlot, (row, slot) -> {
            if (lastRow[slot] != row) {
                lastRow[slot] = row;
                count[slot + 1]++;
            }
        });
        for (int i = 0; i < unique; i++) {
            count[i + 1] += count[i];
        }
        this.rowStart = count.clone();
        this.rows = new int[count[unique]];
        int[] fill = Arrays.copyOf(count, unique);
        Arrays.fill(lastRow, -1);
        forEachOwnerSlot(regions, entrySlot, (row, slot) -> {
            if (lastRow[slot] != row) {
                lastRow[slot] = row;
                rows[fill[slot]++] = row;
            }
        });
    }

    private interface RowSlot {
        void accept(int row, int slot);
    }

    private static void forEachOwnerSlot(RegionColumns regions, int[] entrySlot, RowSlot action) {
        for (int row = 0; row < regions.size(); row++) {
            int owner = regions.owner(row);
            if (owner >= 0) {
                action.accept(row, entrySlot[owner]);
            }
            for (int other : regions.otherOwners(row)) {
                action.accept(row, entrySlot[other]);
            }
        }
    }

    /** The rows of inode {@code nid}, in image order; empty when it owns none. */
    int[] rowsOf(long nid) {
        int i = Arrays.binarySearch(nids, nid);
        return i < 0 ? new int[0] : Arrays.copyOfRange(rows, rowStart[i], rowStart[i + 1]);
    }
}

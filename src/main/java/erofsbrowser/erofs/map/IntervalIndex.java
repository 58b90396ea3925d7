package erofsbrowser.erofs.map;

import java.util.Arrays;

/**
 * Which intervals contain a point, in O(log n): the line is cut at every interval start and end
 * into elementary segments, and each segment keeps the intervals covering it.
 *
 * <p>Chosen over a parent-pointer tree because it stays exact when intervals overlap without
 * nesting (two chunked files sharing part of a block run), and the cost is bounded by the nesting
 * depth, which is small in an image (a dirent inside a directory block is as deep as it gets).
 */
final class IntervalIndex {
    private static final int[] NONE = new int[0];

    /** Segment {@code i} covers {@code [bounds[i], bounds[i+1])}; the last one covers nothing. */
    private final long[] bounds;
    /** Intervals covering segment {@code i}: {@code members[memberStart[i] .. memberStart[i+1])}. */
    private final int[] memberStart;
    private final int[] members;

    /**
     * Indexes intervals {@code [starts[i], ends[i])}, which must be sorted by start ascending and,
     * for equal starts, by end descending: then an interval's number orders it before the ones
     * it contains, and each segment's members come outermost first.
     */
    IntervalIndex(long[] starts, long[] ends, int count) {
        long[] all = new long[2 * count];
        System.arraycopy(starts, 0, all, 0, count);
        System.arraycopy(ends, 0, all, count, count);
        Arrays.sort(all);
        int unique = 0;
        for (int i = 0; i < all.length; i++) {
            if (unique == 0 || all[unique - 1] != all[i]) {
                all[unique++] = all[i];
            }
        }
        this.bounds = Arrays.copyOf(all, unique);
        this.memberStart = new int[unique + 1];
        int[] out = new int[Math.max(16, count + count / 2)];
        int used = 0;
        int[] active = new int[16];
        int activeCount = 0;
        int next = 0;
        for (int s = 0; s < unique; s++) {
            long at = bounds[s];
            int kept = 0;
            for (int k = 0; k < activeCount; k++) {
                if (ends[active[k]] > at) {
                    active[kept++] = active[k];
                }
            }
            activeCount = kept;
            while (next < count && starts[next] == at) {
                if (activeCount == active.length) {
                    active = Arrays.copyOf(active, activeCount * 2);
                }
                active[activeCount++] = next++;
            }
            memberStart[s] = used;
            if (used + activeCount > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, used + activeCount));
            }
            System.arraycopy(active, 0, out, used, activeCount);
            used += activeCount;
        }
        memberStart[unique] = used;
        this.members = Arrays.copyOf(out, used);
    }

    /** The intervals containing {@code point}, outermost first. */
    int[] at(long point) {
        int s = segmentOf(point);
        return s < 0 ? NONE : Arrays.copyOfRange(members, memberStart[s], memberStart[s + 1]);
    }

    /** The innermost interval containing {@code point}, or -1. */
    int innermostAt(long point) {
        int s = segmentOf(point);
        return s < 0 || memberStart[s] == memberStart[s + 1] ? -1 : members[memberStart[s + 1] - 1];
    }

    /** The last segment starting at or before {@code point}, or -1. */
    private int segmentOf(long point) {
        int i = Arrays.binarySearch(bounds, point);
        return i >= 0 ? i : -i - 2;
    }
}

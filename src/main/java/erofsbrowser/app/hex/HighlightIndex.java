package erofsbrowser.app.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Highlights indexed for "which ones touch these visible rows?" so that a repaint never scans them
 * all (ImHex #108: a view with thousands of pattern highlights froze). The highlights are sorted by
 * start and read as an implicit balanced binary tree (the middle of each range is its root), each
 * node knowing the largest end in its subtree; a query skips every subtree that ends before the
 * window and every node that starts after it, so it costs O(log n) per hit even when one huge range
 * (a whole-image tint) overlaps everything. Immutable; build a new one when the list changes.
 */
final class HighlightIndex {

    static final HighlightIndex EMPTY = new HighlightIndex(List.of());

    /** In the caller's order, which is also the paint order: later ones on top. */
    private final List<Highlight> inPaintOrder;
    /** Paint-order indices sorted by start offset. */
    private final int[] byStart;
    private final long[] starts;
    private final long[] ends;
    /** For the node at sorted index {@code i}: the largest end in its subtree. */
    private final long[] subtreeMaxEnd;

    HighlightIndex(List<Highlight> highlights) {
        this.inPaintOrder = List.copyOf(highlights);
        int n = inPaintOrder.size();
        this.byStart = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingLong(i -> inPaintOrder.get(i).offset()))
                .mapToInt(Integer::intValue).toArray();
        this.starts = new long[n];
        this.ends = new long[n];
        for (int i = 0; i < n; i++) {
            Highlight h = inPaintOrder.get(byStart[i]);
            starts[i] = h.offset();
            ends[i] = h.end();
        }
        this.subtreeMaxEnd = new long[n];
        computeMaxEnds(0, n);
    }

    List<Highlight> all() {
        return inPaintOrder;
    }

    /** The highlights overlapping {@code [from, to)}, in paint order. */
    List<Highlight> overlapping(long from, long to) {
        int[] hits = new int[Math.min(starts.length, 16)];
        int count = 0;
        // An explicit stack of [lo, hi) ranges: the tree is at most ~2 log2(n) deep.
        int[] stack = new int[2 * 64];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = starts.length;
        while (top > 0) {
            int hi = stack[--top];
            int lo = stack[--top];
            if (lo >= hi) {
                continue;
            }
            int mid = (lo + hi) >>> 1;
            if (subtreeMaxEnd[mid] <= from) {
                continue;
            }
            stack[top++] = lo;
            stack[top++] = mid;
            if (starts[mid] < to) {
                if (ends[mid] > from && ends[mid] > starts[mid]) {
                    if (count == hits.length) {
                        hits = Arrays.copyOf(hits, count * 2);
                    }
                    hits[count++] = byStart[mid];
                }
                stack[top++] = mid + 1;
                stack[top++] = hi;
            }
        }
        Arrays.sort(hits, 0, count);
        List<Highlight> result = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            result.add(inPaintOrder.get(hits[k]));
        }
        return result;
    }

    /** The highlight painted on top at {@code position}, if any. */
    Optional<Highlight> topmostAt(long position) {
        List<Highlight> here = overlapping(position, position + 1);
        return here.isEmpty() ? Optional.empty() : Optional.of(here.get(here.size() - 1));
    }

    private long computeMaxEnds(int lo, int hi) {
        if (lo >= hi) {
            return Long.MIN_VALUE;
        }
        int mid = (lo + hi) >>> 1;
        long max = Math.max(ends[mid], Math.max(computeMaxEnds(lo, mid), computeMaxEnds(mid + 1, hi)));
        subtreeMaxEnd[mid] = max;
        return max;
    }
}

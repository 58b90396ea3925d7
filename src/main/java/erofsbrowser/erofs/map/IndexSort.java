package erofsbrowser.erofs.map;

import java.util.function.IntBinaryOperator;

/**
 * Sorting of row numbers by a comparator over columns: the order of columnar data without boxing
 * a million {@code Integer}s (what {@code Arrays.sort(Integer[], Comparator)} would need).
 */
final class IndexSort {
    private IndexSort() {
    }

    /** The rows {@code 0..n-1} ordered by {@code compare} (stable: equal rows keep their order). */
    static int[] sorted(int n, IntBinaryOperator compare) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        // Bottom-up merge sort: runs of width w are merged pairwise from a into b, then swapped.
        for (int width = 1; width < n; width <<= 1) {
            for (int lo = 0; lo < n; lo += width << 1) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + (width << 1), n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    b[k++] = compare.applyAsInt(a[j], a[i]) < 0 ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}

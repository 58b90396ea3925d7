package erofsbrowser.ext4;

import java.util.Arrays;

/**
 * The regions of an ext4 image in growable primitive columns while they are found, then frozen
 * in image order with an index answering which regions contain a byte: some 30 bytes per region
 * and 20 more for the index, where an object per region would cost several times that.
 */
final class RegionTable {
    private static final Ext4Region.Kind[] KINDS = Ext4Region.Kind.values();

    long[] starts = new long[1024];
    long[] ends = new long[1024];
    byte[] kinds = new byte[1024];
    int[] owners = new int[1024];
    long[] details = new long[1024];
    int size;

    /** Segment {@code i} covers {@code [bounds[i], bounds[i+1])}; set by {@link #freeze}. */
    private long[] bounds;
    /** The rows covering segment {@code i}: {@code members[memberStart[i] .. memberStart[i+1])}, outermost first. */
    private int[] memberStart;
    private int[] members;

    /** Adds a region of {@code kind} over {@code [start, end)}, owned by entry {@code owner} (or -1), with a kind-specific number. */
    void add(long start, long end, Ext4Region.Kind kind, int owner, long detail) {
        if (end <= start) {
            return;
        }
        if (size == starts.length) {
            int n = size * 2;
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            kinds = Arrays.copyOf(kinds, n);
            owners = Arrays.copyOf(owners, n);
            details = Arrays.copyOf(details, n);
        }
        starts[size] = start;
        ends[size] = end;
        kinds[size] = (byte) kind.ordinal();
        owners[size] = owner;
        details[size] = detail;
        size++;
    }

    Ext4Region.Kind kind(int row) {
        return KINDS[kinds[row]];
    }

    /** Sorts the rows into image order (start ascending, containers before what they contain) and indexes them. */
    void freeze() {
        int[] order = sortedRows();
        starts = permute(starts, order);
        ends = permute(ends, order);
        details = permute(details, order);
        byte[] k = new byte[size];
        int[] o = new int[size];
        for (int i = 0; i < size; i++) {
            k[i] = kinds[order[i]];
            o[i] = owners[order[i]];
        }
        kinds = k;
        owners = o;
        index();
    }

    private long[] permute(long[] column, int[] order) {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = column[order[i]];
        }
        return out;
    }

    private boolean before(int a, int b) {
        if (starts[a] != starts[b]) {
            return starts[a] < starts[b];
        }
        if (ends[a] != ends[b]) {
            return ends[a] > ends[b];
        }
        return kinds[a] < kinds[b];
    }

    /** A stable bottom-up merge sort of the row numbers (no boxing of a million Integers). */
    private int[] sortedRows() {
        int n = size;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width <<= 1) {
            for (int lo = 0; lo < n; lo += width << 1) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + (width << 1), n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    b[k++] = before(a[j], a[i]) ? a[j++] : a[i++];
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

    /** Cuts the line at every start and end; each segment keeps the rows covering it (few: nesting is shallow). */
    private void index() {
        long[] all = new long[2 * size];
        System.arraycopy(starts, 0, all, 0, size);
        System.arraycopy(ends, 0, all, size, size);
        Arrays.sort(all);
        int unique = 0;
        for (long v : all) {
            if (unique == 0 || all[unique - 1] != v) {
                all[unique++] = v;
            }
        }
        bounds = Arrays.copyOf(all, unique);
        memberStart = new int[unique + 1];
        int[] out = new int[Math.max(16, size + size / 2)];
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
            while (next < size && starts[next] == at) {
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
        members = Arrays.copyOf(out, used);
    }

    /** The rows containing byte {@code point}, outermost first. */
    int[] at(long point) {
        int i = Arrays.binarySearch(bounds, point);
        int s = i >= 0 ? i : -i - 2;
        if (s < 0) {
            return new int[0];
        }
        return Arrays.copyOfRange(members, memberStart[s], memberStart[s + 1]);
    }
}

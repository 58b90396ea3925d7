package erofsbrowser.erofs.map;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Regions as they are found while walking an image, kept in growable primitive columns (one
 * object per region would cost several times the memory for an image with a million pclusters).
 * {@link #freeze} sorts them into image order and merges duplicates into {@link RegionColumns}.
 */
final class RegionTable {
    private static final ImageRegion.Kind[] KINDS = ImageRegion.Kind.values();
    private static final byte FILE_DATA = (byte) ImageRegion.Kind.FILE_DATA.ordinal();
    private static final int[] NO_OWNERS = new int[0];

    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private long[] details = new long[1024];
    private int[] extras = new int[1024];
    private int[] owners = new int[1024];
    private byte[] kinds = new byte[1024];
    private int size;

    /**
     * Adds a region.
     *
     * @param owner  the owning entry's number in the {@link EntryTable}, or -1
     * @param detail a kind-specific number for the description (see {@link RegionDescriber})
     * @param extra  a second, smaller kind-specific number
     */
    void add(long start, long end, ImageRegion.Kind kind, int owner, long detail, int extra) {
        if (size == starts.length) {
            int n = size * 2;
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            details = Arrays.copyOf(details, n);
            extras = Arrays.copyOf(extras, n);
            owners = Arrays.copyOf(owners, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        starts[size] = start;
        ends[size] = end;
        kinds[size] = (byte) kind.ordinal();
        owners[size] = owner;
        details[size] = detail;
        extras[size] = extra;
        size++;
    }

    int size() {
        return size;
    }

    /**
     * The regions in image order (start ascending, then end descending so containers come before
     * what they contain), with regions of the same kind and range merged into one that keeps every
     * owner: a pcluster or chunk shared by deduplication, a shared xattr used by many inodes.
     * Consecutive pieces of one file's data with the same owners are joined into one run.
     */
    RegionColumns freeze() {
        int[] order = IndexSort.sorted(size, (a, b) -> {
            int c = Long.compare(starts[a], starts[b]);
            if (c == 0) {
                c = Long.compare(ends[b], ends[a]);
            }
            if (c == 0) {
                c = Integer.compare(kinds[a], kinds[b]);
            }
            return c != 0 ? c : Integer.compare(owners[a], owners[b]);
        });
        long[] s = new long[size];
        long[] e = new long[size];
        long[] d = new long[size];
        int[] x = new int[size];
        int[] o = new int[size];
        byte[] k = new byte[size];
        Map<Integer, int[]> extraOwners = new HashMap<>();
        int[] group = new int[16];
        int[] previousOthers = NO_OWNERS;
        int n = 0;
        int i = 0;
        while (i < size) {
            int first = order[i];
            int groupSize = 0;
            int j = i + 1;
            while (j < size && sameRegion(first, order[j])) {
                if (groupSize == group.length) {
                    group = Arrays.copyOf(group, groupSize * 2);
                }
                group[groupSize++] = owners[order[j]];
                j++;
            }
            int[] others = otherOwners(group, groupSize, owners[first]);
            i = j;
            if (n > 0 && continuesRun(s[n - 1], e[n - 1], k[n - 1], o[n - 1], d[n - 1], previousOthers,
                    first, others)) {
                e[n - 1] = ends[first];
                continue;
            }
            s[n] = starts[first];
            e[n] = ends[first];
            d[n] = details[first];
            x[n] = extras[first];
            o[n] = owners[first];
            k[n] = kinds[first];
            if (others.length > 0) {
                extraOwners.put(n, others);
            }
            previousOthers = others;
            n++;
        }
        return new RegionColumns(Arrays.copyOf(s, n), Arrays.copyOf(e, n), Arrays.copyOf(k, n), Arrays.copyOf(o, n),
                Arrays.copyOf(d, n), Arrays.copyOf(x, n), extraOwners);
    }

    /**
     * Whether {@code next} continues the file data run of the previous row: the same owners, and
     * the next bytes both in the image and in the file. The collector splits chunked data into
     * chunks so that shared chunks merge; this joins the unshared ones back.
     */
    private boolean continuesRun(long start, long end, byte kind, int owner, long fileOffset, int[] others,
                                 int next, int[] nextOthers) {
        return kind == kinds[next] && kinds[next] == FILE_DATA && end == starts[next] && owner == owners[next]
                && fileOffset + (end - start) == details[next] && Arrays.equals(others, nextOthers);
    }

    private boolean sameRegion(int a, int b) {
        return starts[a] == starts[b] && ends[a] == ends[b] && kinds[a] == kinds[b];
    }

    /** The distinct owners in {@code group[0..count)} other than {@code primary}, ascending. */
    private static int[] otherOwners(int[] group, int count, int primary) {
        if (count == 0) {
            return NO_OWNERS;
        }
        int[] sorted = Arrays.copyOf(group, count);
        Arrays.sort(sorted);
        int n = 0;
        for (int v : sorted) {
            if (v != primary && (n == 0 || sorted[n - 1] != v)) {
                sorted[n++] = v;
            }
        }
        return Arrays.copyOf(sorted, n);
    }

    static ImageRegion.Kind kind(byte ordinal) {
        return KINDS[ordinal];
    }
}

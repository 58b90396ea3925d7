package erofsbrowser.erofs.map;

import erofsbrowser.image.ByteRange;
import java.util.BitSet;
import java.util.Map;

/**
 * The regions of an image in image order, one row per region, in primitive columns: range, kind,
 * owning entry, and two kind-specific numbers the {@link RegionDescriber} turns into text.
 * Immutable once made by {@link RegionTable#freeze}.
 */
final class RegionColumns {
    private static final int[] NO_OWNERS = new int[0];

    private final long[] starts;
    private final long[] ends;
    private final byte[] kinds;
    private final int[] owners;
    private final long[] details;
    private final int[] extras;
    /** Further owners of merged regions (few: deduplicated pclusters, shared xattrs), by row. */
    private final Map<Integer, int[]> extraOwners;
    /** The rows in {@link #extraOwners}: most rows have none, and this answers without boxing. */
    private final BitSet hasExtraOwners = new BitSet();

    RegionColumns(long[] starts, long[] ends, byte[] kinds, int[] owners, long[] details, int[] extras,
                  Map<Integer, int[]> extraOwners) {
        this.starts = starts;
        this.ends = ends;
        this.kinds = kinds;
        this.owners = owners;
        this.details = details;
        this.extras = extras;
        this.extraOwners = Map.copyOf(extraOwners);
        extraOwners.keySet().forEach(hasExtraOwners::set);
    }

    int size() {
        return starts.length;
    }

    long start(int row) {
        return starts[row];
    }

    long end(int row) {
        return ends[row];
    }

    ByteRange range(int row) {
        return new ByteRange(starts[row], ends[row] - starts[row]);
    }

    ImageRegion.Kind kind(int row) {
        return RegionTable.kind(kinds[row]);
    }

    /** The first owning entry (the first found by the walk), or -1. */
    int owner(int row) {
        return owners[row];
    }

    /** The other owning entries of a merged region, ascending; empty for most regions. */
    int[] otherOwners(int row) {
        return hasExtraOwners.get(row) ? extraOwners.get(row) : NO_OWNERS;
    }

    long detail(int row) {
        return details[row];
    }

    int extra(int row) {
        return extras[row];
    }

    /** An index answering which rows contain a byte. */
    IntervalIndex intervalIndex() {
        return new IntervalIndex(starts, ends, starts.length);
    }
}

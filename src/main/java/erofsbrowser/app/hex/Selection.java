package erofsbrowser.app.hex;

/** A selected byte range {@code [start, endExclusive)}; {@link #NONE} when nothing is selected. */
public record Selection(long start, long endExclusive) {

    /** Nothing selected (the view never uses {@code null} for this). */
    public static final Selection NONE = new Selection(0, 0);

    public Selection {
        if (start < 0 || endExclusive < start) {
            throw new IllegalArgumentException("bad selection [" + start + ", " + endExclusive + ")");
        }
    }

    /** The bytes between two offsets, both included, in either order (anchor and caret). */
    public static Selection between(long a, long b) {
        return new Selection(Math.min(a, b), Math.max(a, b) + 1);
    }

    public long length() {
        return endExclusive - start;
    }

    public boolean isEmpty() {
        return endExclusive == start;
    }

    public boolean contains(long position) {
        return position >= start && position < endExclusive;
    }
}

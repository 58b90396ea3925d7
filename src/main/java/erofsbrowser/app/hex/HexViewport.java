package erofsbrowser.app.hex;

import java.util.OptionalDouble;
import javafx.scene.text.Font;

/**
 * Which rows of a {@link HexView} are on screen: the source's length, the row width (asked for or
 * fitted to the canvas), the first row shown and the canvas size, and what follows from them
 * (row counts, the byte under a point, where a row is drawn, the first row that shows a byte).
 * Plain arithmetic over a {@link HexLayout}; the view turns its answers into scroll-bar moves and
 * repaints.
 */
final class HexViewport {
    private HexLayout layout;
    private long length;
    /** The bytes per row asked for: one of {@link RowFormat#BYTES_PER_ROW_CHOICES}, or 0 for as many as fit. */
    private int requestedBytesPerRow = RowFormat.DEFAULT_BYTES_PER_ROW;
    private long firstRow;
    private double width;
    private double height;

    HexViewport(Font font) {
        layout = HexLayout.measure(font, RowFormat.offsetDigits(0));
    }

    HexLayout layout() {
        return layout;
    }

    /** A new source of {@code bytes} bytes, shown from its first row. */
    void setLength(long bytes) {
        length = Math.max(0, bytes);
        layout = layout.withOffsetDigits(RowFormat.offsetDigits(length));
        firstRow = 0;
    }

    long length() {
        return length;
    }

    /** Rows are measured in {@code font} from now on; the row width stays. */
    void setFont(Font font) {
        layout = HexLayout.measure(font, layout.offsetDigits()).withBytesPerRow(layout.bytesPerRow());
        fitBytesPerRow();
    }

    /** The canvas is now {@code newWidth} by {@code newHeight}: a fitted row width is chosen again. */
    void resize(double newWidth, double newHeight) {
        width = newWidth;
        height = newHeight;
        fitBytesPerRow();
    }

    double height() {
        return height;
    }

    void setRequestedBytesPerRow(int bytes) {
        requestedBytesPerRow = bytes;
        fitBytesPerRow();
    }

    int requestedBytesPerRow() {
        return requestedBytesPerRow;
    }

    int bytesPerRow() {
        return layout.bytesPerRow();
    }

    /** A new row width keeps the first byte shown on screen. */
    private void fitBytesPerRow() {
        int bytes = requestedBytesPerRow != 0 ? requestedBytesPerRow : layout.bytesPerRowFitting(width);
        if (bytes != layout.bytesPerRow()) {
            long firstByte = firstRow * layout.bytesPerRow();
            layout = layout.withBytesPerRow(bytes);
            firstRow = firstByte / bytes;
        }
    }

    long rowCount() {
        return (length + bytesPerRow() - 1) / bytesPerRow();
    }

    /** Rows that fit entirely on the canvas; at least one, so paging always moves. */
    int fullRows() {
        return Math.max(1, layout.fullRows(height));
    }

    /** Rows drawn now: those at least partly on the canvas that the source has. */
    long shownRows() {
        return Math.min(layout.partialRows(height), Math.max(0, rowCount() - firstRow));
    }

    long maxFirstRow() {
        return Math.max(0, rowCount() - fullRows());
    }

    long firstRow() {
        return firstRow;
    }

    /** Shows {@code row} first, or the nearest row that can be first. */
    void setFirstRow(long row) {
        firstRow = Math.max(0, Math.min(row, maxFirstRow()));
    }

    /** Whether every row of bytes {@code [start, end)} (at least the first) is fully on screen. */
    boolean showsWhole(long start, long end) {
        long startRow = start / bytesPerRow();
        long endRow = (Math.max(end, start + 1) - 1) / bytesPerRow();
        return startRow >= firstRow && endRow < firstRow + fullRows();
    }

    /** The first row that puts {@code offset}'s row a quarter of the way down, or the current one if it is on screen. */
    long firstRowShowingWithContext(long offset) {
        long row = clampOffset(offset) / bytesPerRow();
        int rows = fullRows();
        return row >= firstRow && row < firstRow + rows ? firstRow : row - rows / 4;
    }

    /** The first row closest to the current one that shows {@code offset}'s row (scrolling as little as possible). */
    long firstRowShowing(long offset) {
        long row = offset / bytesPerRow();
        int rows = fullRows();
        if (row < firstRow) {
            return row;
        }
        return row >= firstRow + rows ? row - rows + 1 : firstRow;
    }

    /** The byte at canvas point (x, y); -1 if none, unless {@code nearest} (drag) picks the closest. */
    long offsetAt(double x, double y, boolean nearest) {
        if (length == 0) {
            return -1;
        }
        long index = layout.rowIndexAt(y);
        int column = layout.columnAt(x, nearest);
        if (!nearest && (y < layout.headerHeight() || column < 0)) {
            return -1;
        }
        if (nearest) {
            index = Math.max(0, Math.min(index, layout.partialRows(height) - 1));
        }
        long offset = (firstRow + index) * bytesPerRow() + column;
        if (offset >= length) {
            return nearest ? length - 1 : -1;
        }
        return offset;
    }

    /** The canvas y of the top of {@code offset}'s row, if that row is on screen. */
    OptionalDouble rowTop(long offset) {
        if (offset < 0 || offset >= length) {
            return OptionalDouble.empty();
        }
        long index = offset / bytesPerRow() - firstRow;
        if (index < 0 || index >= layout.partialRows(height)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(layout.rowTop(index));
    }

    long clampOffset(long offset) {
        return Math.max(0, Math.min(offset, length - 1));
    }
}

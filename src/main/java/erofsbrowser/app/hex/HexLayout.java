package erofsbrowser.app.hex;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Where things are in the view, in pixels of the canvas, for one font, offset width and row width.
 * Columns, in characters: pad 1 | offset | gap 2 | hex (48 for 16 bytes) | gap 2 | ASCII (16) |
 * pad 1; a header row of column numbers sits above the rows. A hex cell owns its two digits plus half a space on
 * each side, so cells touch and a click between two bytes still lands on one of them.
 */
record HexLayout(double charWidth, double rowHeight, double baseline, int offsetDigits, int bytesPerRow) {

    private static final int PAD = 1;
    private static final int GAP = 2;

    /** Measures {@code font}; rows get a little air and whole pixels so lines stay crisp. */
    static HexLayout measure(Font font, int offsetDigits) {
        String sample = "0123456789abcdef".repeat(4);
        Text probe = new Text(sample);
        probe.setFont(font);
        double charWidth = probe.getLayoutBounds().getWidth() / sample.length();
        double textHeight = probe.getLayoutBounds().getHeight();
        double rowHeight = Math.ceil(textHeight + 4);
        double baseline = Math.round((rowHeight - textHeight) / 2 + probe.getBaselineOffset());
        return new HexLayout(charWidth, rowHeight, baseline, offsetDigits, RowFormat.DEFAULT_BYTES_PER_ROW);
    }

    HexLayout withOffsetDigits(int digits) {
        return new HexLayout(charWidth, rowHeight, baseline, digits, bytesPerRow);
    }

    HexLayout withBytesPerRow(int bytes) {
        return new HexLayout(charWidth, rowHeight, baseline, offsetDigits, bytes);
    }

    /** The widest row of {@link RowFormat#BYTES_PER_ROW_CHOICES} whose columns fit in {@code width}; the narrowest if none. */
    int bytesPerRowFitting(double width) {
        int best = RowFormat.BYTES_PER_ROW_CHOICES.get(0);
        for (int choice : RowFormat.BYTES_PER_ROW_CHOICES) {
            if (withBytesPerRow(choice).totalWidth() <= width) {
                best = choice;
            }
        }
        return best;
    }

    private int hexChars() {
        return RowFormat.hexChars(bytesPerRow);
    }

    double headerHeight() {
        return rowHeight;
    }

    double offsetX() {
        return PAD * charWidth;
    }

    /** Right edge of the offset gutter: the middle of the gap before the hex column. */
    double gutterWidth() {
        return (PAD + offsetDigits + GAP / 2.0) * charWidth;
    }

    double hexX() {
        return (PAD + offsetDigits + GAP) * charWidth;
    }

    /** The line between hex and ASCII, in the middle of the gap. */
    double separatorX() {
        return hexX() + (hexChars() + GAP / 2.0) * charWidth;
    }

    double asciiX() {
        return hexX() + (hexChars() + GAP) * charWidth;
    }

    double totalWidth() {
        return asciiX() + (bytesPerRow + PAD) * charWidth;
    }

    double hexCellLeft(int column) {
        return hexX() + (RowFormat.hexColumn(column) - 0.5) * charWidth;
    }

    double hexCellRight(int column) {
        return hexCellLeft(column) + 3 * charWidth;
    }

    double asciiCellLeft(int column) {
        return asciiX() + column * charWidth;
    }

    double asciiCellRight(int column) {
        return asciiCellLeft(column) + charWidth;
    }

    /** Top of the {@code index}-th row on screen (0 = first visible row). */
    double rowTop(long index) {
        return headerHeight() + index * rowHeight;
    }

    /** Rows that fit entirely in {@code height}. */
    int fullRows(double height) {
        return (int) Math.max(0, Math.floor((height - headerHeight()) / rowHeight));
    }

    /** Rows that are at least partly visible in {@code height}. */
    int partialRows(double height) {
        return (int) Math.max(0, Math.ceil((height - headerHeight()) / rowHeight));
    }

    /** Screen row under {@code y} (may be negative or past the bottom; the caller clamps). */
    long rowIndexAt(double y) {
        return (long) Math.floor((y - headerHeight()) / rowHeight);
    }

    /**
     * Byte column (0 to bytesPerRow - 1) under {@code x} in either the hex or the ASCII column, or -1. With
     * {@code nearest}, any x maps to the closest column of the nearer pane (for drag selection).
     */
    int columnAt(double x, boolean nearest) {
        double hexUnits = (x - hexX()) / charWidth + 0.5;
        if (hexUnits >= 0 && hexUnits < hexChars() + 1) {
            return hexColumnAt(hexUnits);
        }
        double asciiUnits = (x - asciiX()) / charWidth;
        if (asciiUnits >= 0 && asciiUnits < bytesPerRow) {
            return (int) asciiUnits;
        }
        if (!nearest) {
            return -1;
        }
        if (x < hexX()) {
            return 0;
        }
        if (x >= asciiX() + bytesPerRow * charWidth) {
            return bytesPerRow - 1;
        }
        // In the gap between the panes: the end of the hex half is as near as the ASCII start.
        return x < separatorX() ? bytesPerRow - 1 : 0;
    }

    /**
     * {@code units} counts half-character-shifted columns from the start of the hex text: each
     * group of eight bytes takes 24 of them, and the extra space after it one more, split
     * between its neighbours.
     */
    private int hexColumnAt(double units) {
        int group = (int) (units / 25);
        double within = units - 25.0 * group;
        int column = within < 24 ? 8 * group + (int) (within / 3) : within < 24.5 ? 8 * group + 7 : 8 * group + 8;
        return Math.min(column, bytesPerRow - 1);
    }
}

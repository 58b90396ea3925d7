package erofsbrowser.app.hex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HexLayoutTest {

    private final HexLayout layout = new HexLayout(8, 18, 14, 8, 16);

    @Test
    void theCentreOfEveryHexAndAsciiCellMapsBackToItsColumn() {
        for (int column = 0; column < 16; column++) {
            double hexCentre = (layout.hexCellLeft(column) + layout.hexCellRight(column)) / 2;
            double asciiCentre = (layout.asciiCellLeft(column) + layout.asciiCellRight(column)) / 2;
            assertEquals(column, layout.columnAt(hexCentre, false), "hex column " + column);
            assertEquals(column, layout.columnAt(asciiCentre, false), "ASCII column " + column);
        }
    }

    @Test
    void hexCellsTouchSoEveryPointOfAHalfRowBelongsToAByte() {
        for (int column = 0; column < 15; column++) {
            if (column == 7) {
                continue;
            }
            assertEquals(layout.hexCellRight(column), layout.hexCellLeft(column + 1), 1e-9);
        }
        assertEquals(layout.charWidth(), layout.hexCellLeft(8) - layout.hexCellRight(7), 1e-9, "the mid-row gap");
    }

    @Test
    void theMidRowGapIsSplitBetweenTheEighthAndNinthByte() {
        double gapStart = layout.hexCellRight(7);
        assertEquals(7, layout.columnAt(gapStart + 1, false));
        assertEquals(8, layout.columnAt(gapStart + layout.charWidth() - 1, false));
    }

    @Test
    void pointsOutsideTheBytesAreNoColumnUnlessTheNearestIsWanted() {
        assertEquals(-1, layout.columnAt(1, false), "the offset gutter");
        assertEquals(-1, layout.columnAt(layout.separatorX(), false), "between hex and ASCII");
        assertEquals(0, layout.columnAt(1, true));
        assertEquals(15, layout.columnAt(layout.totalWidth() + 100, true));
    }

    @Test
    void everyRowWidthMapsEachCellBackToItsColumnWithAGapAfterEveryEighthByte() {
        for (int bytes : RowFormat.BYTES_PER_ROW_CHOICES) {
            HexLayout wide = layout.withBytesPerRow(bytes);
            for (int column = 0; column < bytes; column++) {
                double hexCentre = (wide.hexCellLeft(column) + wide.hexCellRight(column)) / 2;
                double asciiCentre = (wide.asciiCellLeft(column) + wide.asciiCellRight(column)) / 2;
                assertEquals(column, wide.columnAt(hexCentre, false), bytes + " a row, hex column " + column);
                assertEquals(column, wide.columnAt(asciiCentre, false), bytes + " a row, ASCII column " + column);
                if (column % 8 == 7 && column + 1 < bytes) {
                    assertEquals(wide.charWidth(), wide.hexCellLeft(column + 1) - wide.hexCellRight(column), 1e-9);
                }
            }
            assertEquals(bytes - 1, wide.columnAt(wide.totalWidth() + 100, true));
        }
    }

    @Test
    void asManyBytesAsFitAreTheWidestChoiceWhoseColumnsFit() {
        assertEquals(16, layout.bytesPerRowFitting(layout.withBytesPerRow(32).totalWidth() - 1));
        assertEquals(32, layout.bytesPerRowFitting(layout.withBytesPerRow(32).totalWidth()));
        assertEquals(64, layout.bytesPerRowFitting(10_000));
        assertEquals(8, layout.bytesPerRowFitting(10), "the narrowest when none fits");
    }

    @Test
    void offsetsGetAnEvenNumberOfDigitsAndAtLeastFour() {
        assertEquals(4, RowFormat.offsetDigits(0));
        assertEquals(4, RowFormat.offsetDigits(0x10000));
        assertEquals(6, RowFormat.offsetDigits(0x10001));
        assertEquals(8, RowFormat.offsetDigits(4L << 30));
        assertEquals(10, RowFormat.offsetDigits((4L << 30) + 1));
    }
}

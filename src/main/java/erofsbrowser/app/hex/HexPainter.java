package erofsbrowser.app.hex;

import java.util.List;
import java.util.function.LongFunction;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** Draws one frame of the hex view onto a canvas the size of the viewport. Stateless. */
final class HexPainter {

    /** Everything a frame depends on; rows come from {@code rowAt} (by absolute row number). */
    record Frame(
            HexLayout layout,
            HexTheme theme,
            Font font,
            double width,
            double height,
            long firstRow,
            long rowCount,
            LongFunction<RowFormat.Row> rowAt,
            List<Highlight> visibleHighlights,
            Selection selection,
            long caret,
            long hovered,
            boolean focused) {
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexPainter() {
    }

    static void paint(GraphicsContext g, Frame f) {
        HexLayout layout = f.layout();
        HexTheme theme = f.theme();
        g.setFont(f.font());
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.LEFT);

        g.setFill(theme.background());
        g.fillRect(0, 0, f.width(), f.height());
        g.setFill(theme.gutterBackground());
        g.fillRect(0, 0, layout.gutterWidth(), f.height());

        int rows = (int) Math.min(layout.partialRows(f.height()), Math.max(0, f.rowCount() - f.firstRow()));
        for (int i = 0; i < rows; i++) {
            long row = f.firstRow() + i;
            double top = layout.rowTop(i);
            long rowStart = row * layout.bytesPerRow();
            RowFormat.Row content = f.rowAt().apply(row);
            for (Highlight h : f.visibleHighlights()) {
                fillRange(g, layout, top, rowStart, content.count(), h.offset(), h.end(), theme.tint(h.color()));
            }
            Selection s = f.selection();
            if (!s.isEmpty()) {
                fillRange(g, layout, top, rowStart, content.count(), s.start(), s.endExclusive(), theme.selection());
            }
            drawRowText(g, layout, theme, top, content);
            if (f.hovered() >= rowStart && f.hovered() < rowStart + content.count() && f.hovered() != f.caret()) {
                outlineCell(g, layout, top, (int) (f.hovered() - rowStart), theme.hover(), 1);
            }
            if (f.caret() >= rowStart && f.caret() < rowStart + content.count()) {
                outlineCell(g, layout, top, (int) (f.caret() - rowStart), theme.caret(), f.focused() ? 2 : 1);
            }
        }

        // Header last: a partly scrolled row must not bleed into it.
        g.setFill(theme.gutterBackground());
        g.fillRect(0, 0, f.width(), layout.headerHeight());
        g.setFill(theme.headerText());
        g.fillText(headerHex(layout.bytesPerRow()), layout.hexX(), layout.baseline());
        g.fillText(headerAscii(layout.bytesPerRow()), layout.asciiX(), layout.baseline());

        g.setStroke(theme.gridLine());
        g.setLineWidth(1);
        double headerLine = layout.headerHeight() - 0.5;
        g.strokeLine(0, headerLine, f.width(), headerLine);
        double gutterLine = Math.floor(layout.gutterWidth()) + 0.5;
        g.strokeLine(gutterLine, 0, gutterLine, f.height());
        double separator = Math.floor(layout.separatorX()) + 0.5;
        g.strokeLine(separator, 0, separator, f.height());
    }

    private static void drawRowText(GraphicsContext g, HexLayout layout, HexTheme theme, double top,
                                    RowFormat.Row row) {
        double baseline = top + layout.baseline();
        g.setFill(theme.offsetText());
        g.fillText(RowFormat.offset(row.offset(), layout.offsetDigits()), layout.offsetX(), baseline);
        RowFormat.TwoTone hex = RowFormat.hex(row, layout.bytesPerRow());
        RowFormat.TwoTone ascii = RowFormat.ascii(row, layout.bytesPerRow());
        Color bright = row.state() == RowFormat.State.FAILED ? theme.errorText() : theme.text();
        g.setFill(bright);
        g.fillText(hex.bright(), layout.hexX(), baseline);
        g.fillText(ascii.bright(), layout.asciiX(), baseline);
        g.setFill(theme.dimText());
        g.fillText(hex.dim(), layout.hexX(), baseline);
        g.fillText(ascii.dim(), layout.asciiX(), baseline);
    }

    /** Tints the part of {@code [from, to)} that falls in this row, in both panes, as one block each. */
    private static void fillRange(GraphicsContext g, HexLayout layout, double top, long rowStart, int count,
                                  long from, long to, Color color) {
        long first = Math.max(from, rowStart);
        long end = Math.min(to, rowStart + count);
        if (first >= end) {
            return;
        }
        int a = (int) (first - rowStart);
        int b = (int) (end - rowStart) - 1;
        g.setFill(color);
        g.fillRect(layout.hexCellLeft(a), top, layout.hexCellRight(b) - layout.hexCellLeft(a), layout.rowHeight());
        g.fillRect(layout.asciiCellLeft(a), top, layout.asciiCellRight(b) - layout.asciiCellLeft(a), layout.rowHeight());
    }

    private static void outlineCell(GraphicsContext g, HexLayout layout, double top, int column, Color color,
                                    double lineWidth) {
        g.setStroke(color);
        g.setLineWidth(lineWidth);
        double inset = lineWidth / 2;
        double height = layout.rowHeight() - lineWidth;
        g.strokeRect(layout.hexCellLeft(column) + inset, top + inset,
                layout.hexCellRight(column) - layout.hexCellLeft(column) - lineWidth, height);
        g.strokeRect(layout.asciiCellLeft(column) + inset - 1, top + inset,
                layout.asciiCellRight(column) - layout.asciiCellLeft(column) - lineWidth + 2, height);
    }

    /** Column numbers over the hex column: 00 01 ... */
    private static String headerHex(int bytesPerRow) {
        char[] text = new char[RowFormat.hexChars(bytesPerRow)];
        java.util.Arrays.fill(text, ' ');
        for (int c = 0; c < bytesPerRow; c++) {
            int at = RowFormat.hexColumn(c);
            text[at] = DIGITS[c >>> 4];
            text[at + 1] = DIGITS[c & 0xf];
        }
        return new String(text);
    }

    /** Column numbers over the character column: the last hex digit of each (0123456789abcdef0123...). */
    private static String headerAscii(int bytesPerRow) {
        char[] text = new char[bytesPerRow];
        for (int c = 0; c < bytesPerRow; c++) {
            text[c] = DIGITS[c & 0xf];
        }
        return new String(text);
    }
}

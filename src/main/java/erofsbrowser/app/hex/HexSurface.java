package erofsbrowser.app.hex;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ScrollBar;
import javafx.scene.text.Font;

/**
 * What a {@link HexView} draws on: the canvas the size of the viewport, the scroll bar beside it
 * (its value is the first row shown), and the bytes read for them. Paints only the visible rows,
 * once per FX turn however many changes ask for it, with the highlights, theme and font it holds
 * and the caret it is given.
 */
final class HexSurface {
    final Canvas canvas = new Canvas();
    final ScrollBar scrollBar = new ScrollBar();
    final HexBytes bytes;

    private final HexViewport viewport;
    private final HexCaret caret;
    private final BooleanSupplier focused;
    /** Runs after every scroll: the byte under a still pointer is now another. */
    private final Runnable scrolled;
    private HighlightIndex highlights = HighlightIndex.EMPTY;
    private HexTheme theme = HexTheme.LIGHT;
    private Font font;
    private boolean updatingScrollBar;
    private boolean paintScheduled;

    /** {@code readFailed} runs on the FX thread with a page that could not be read. */
    HexSurface(HexViewport viewport, Font font, HexCaret caret, BooleanSupplier focused, Runnable scrolled,
               Consumer<Throwable> readFailed) {
        this.viewport = viewport;
        this.font = font;
        this.caret = caret;
        this.focused = focused;
        this.scrolled = scrolled;
        bytes = new HexBytes(this::schedulePaint, error -> {
            schedulePaint();
            readFailed.accept(error);
        });
        scrollBar.setOrientation(Orientation.VERTICAL);
        scrollBar.setMin(0);
        scrollBar.setUnitIncrement(1);
        scrollBar.valueProperty().addListener((obs, old, value) -> {
            if (!updatingScrollBar) {
                showFirstRow((long) Math.floor(value.doubleValue()));
            }
        });
    }

    // ---- what is drawn ------------------------------------------------------------------------

    void setHighlights(HighlightIndex index) {
        highlights = index;
        schedulePaint();
    }

    HighlightIndex highlights() {
        return highlights;
    }

    void setTheme(HexTheme newTheme) {
        theme = newTheme;
        schedulePaint();
    }

    HexTheme theme() {
        return theme;
    }

    void setFont(Font newFont) {
        font = newFont;
        viewport.setFont(newFont);
        syncScrollBar();
    }

    Font font() {
        return font;
    }

    /** The viewport changed size, source or row width: the scroll bar follows, and the rows are drawn again. */
    void viewportChanged() {
        syncScrollBar();
        schedulePaint();
    }

    /** Places the canvas and the scroll bar in {@code width} by {@code height} at ({@code left}, {@code top}). */
    void layout(double left, double top, double width, double height) {
        double barWidth = Math.min(width, scrollBar.prefWidth(-1));
        scrollBar.resizeRelocate(left + width - barWidth, top, barWidth, height);
        canvas.relocate(left, top);
        canvas.setWidth(width - barWidth);
        canvas.setHeight(height);
        viewport.resize(width - barWidth, height);
        viewportChanged();
    }

    /** Repaints once on the next FX turn, however many changes ask for it before then. */
    void schedulePaint() {
        if (!paintScheduled) {
            paintScheduled = true;
            Platform.runLater(() -> {
                paintScheduled = false;
                paint();
            });
        }
    }

    private void paint() {
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        if (width <= 0 || height <= 0) {
            return;
        }
        int bytesPerRow = viewport.bytesPerRow();
        long firstRow = viewport.firstRow();
        long firstByte = firstRow * bytesPerRow;
        long endByte = (firstRow + viewport.shownRows()) * bytesPerRow;
        if (endByte > firstByte) {
            bytes.want(firstByte, endByte);
        }
        List<Highlight> visible = highlights.overlapping(firstByte, endByte);
        HexPainter.paint(canvas.getGraphicsContext2D(), new HexPainter.Frame(
                viewport.layout(), theme, font, width, height, firstRow, viewport.rowCount(), this::rowAt, visible,
                caret.selection(), caret.caret(), caret.hovered(), focused.getAsBoolean()));
    }

    /** Row {@code row}'s bytes as far as they are read. */
    RowFormat.Row rowAt(long row) {
        long offset = row * viewport.bytesPerRow();
        int count = (int) Math.min(viewport.bytesPerRow(), viewport.length() - offset);
        return bytes.row(offset, count);
    }

    // ---- scrolling ----------------------------------------------------------------------------

    void showFirstRow(long row) {
        viewport.setFirstRow(row);
        updatingScrollBar = true;
        try {
            // Row numbers below 2^53 are exact in a double, far beyond any image size.
            scrollBar.setValue(viewport.firstRow());
        } finally {
            updatingScrollBar = false;
        }
        scrolled.run();
        schedulePaint();
    }

    /** Scrolls to {@code row} unless it is the first row shown already. */
    void showFirstRowIfMoved(long row) {
        if (row != viewport.firstRow()) {
            showFirstRow(row);
        }
    }

    private void syncScrollBar() {
        int rows = viewport.fullRows();
        long maxFirstRow = viewport.maxFirstRow();
        updatingScrollBar = true;
        try {
            scrollBar.setMax(maxFirstRow);
            scrollBar.setVisibleAmount(rows);
            scrollBar.setBlockIncrement(Math.max(1, rows - 1));
            scrollBar.setDisable(maxFirstRow == 0);
        } finally {
            updatingScrollBar = false;
        }
        showFirstRow(viewport.firstRow());
    }

    // ---- geometry -----------------------------------------------------------------------------

    /** The hex cell of {@code offset} in the view's coordinates, if its row is on screen. */
    Optional<Bounds> hexCell(long offset) {
        HexLayout layout = viewport.layout();
        int column = (int) (offset % viewport.bytesPerRow());
        return cell(offset, layout.hexCellLeft(column), layout.hexCellRight(column));
    }

    /** The ASCII cell of {@code offset} in the view's coordinates, if its row is on screen. */
    Optional<Bounds> asciiCell(long offset) {
        HexLayout layout = viewport.layout();
        int column = (int) (offset % viewport.bytesPerRow());
        return cell(offset, layout.asciiCellLeft(column), layout.asciiCellRight(column));
    }

    private Optional<Bounds> cell(long offset, double left, double right) {
        OptionalDouble top = viewport.rowTop(offset);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BoundingBox(canvas.getLayoutX() + left, canvas.getLayoutY() + top.getAsDouble(),
                right - left, viewport.layout().rowHeight()));
    }
}

package erofsbrowser.app.hex;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.css.PseudoClass;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.AccessibleAttribute;
import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;

/**
 * A virtualised hex dump of a {@link ByteSource}: offset | 16 bytes in hex | 16 characters, as in
 * Wireshark's bytes pane and ImHex. Only the visible rows are drawn, on a canvas the size of the
 * viewport; bytes are read in 64 KiB pages on the view's own background thread into a 64-page LRU
 * cache, so a 4 GiB image scrolls with flat memory and the FX thread never waits for I/O.
 *
 * <p>Use it from the FX thread only. Call {@link #dispose()} when the view is thrown away: it
 * stops the reader thread. Callbacks ({@code onByteClicked}, {@code onReadError}) run on the FX
 * thread.
 */
public class HexView extends Region {

    /** Copying more than this as hex text would mean a 48 MiB+ clipboard string: refused. */
    public static final long MAX_COPY_BYTES = 16L << 20;

    static final int PAGE_SIZE = 64 * 1024;
    static final int CACHED_PAGES = 64;

    private static final PseudoClass DARK = PseudoClass.getPseudoClass("dark");

    private final Canvas canvas = new Canvas();
    private final ScrollBar scrollBar = new ScrollBar();
    private final HexBytes bytes = new HexBytes(this::schedulePaint, this::reportReadError);

    private final ReadOnlyObjectWrapper<Selection> selection = new ReadOnlyObjectWrapper<>(this, "selection", Selection.NONE);
    private final ReadOnlyLongWrapper caretOffset = new ReadOnlyLongWrapper(this, "caretOffset", -1);
    private final ReadOnlyLongWrapper hoveredOffset = new ReadOnlyLongWrapper(this, "hoveredOffset", -1);

    private ByteSource source;
    private long length;
    private HighlightIndex highlights = HighlightIndex.EMPTY;
    private HexTheme theme = HexTheme.LIGHT;
    private Font font = defaultFont();
    private HexLayout layout = HexLayout.measure(font, RowFormat.offsetDigits(0));

    /** The bytes per row asked for: one of {@link RowFormat#BYTES_PER_ROW_CHOICES}, or 0 for as many as fit. */
    private int requestedBytesPerRow = RowFormat.DEFAULT_BYTES_PER_ROW;
    private long firstRow;
    /** The fixed end of a shift/drag selection; the caret is the moving end. */
    private long anchor = -1;
    private final HexInput input;
    private boolean updatingScrollBar;
    private boolean paintScheduled;
    private boolean disposed;

    private LongConsumer onByteClicked = offset -> { };
    private Consumer<Throwable> onReadError = error -> { };

    public HexView() {
        getStyleClass().add("hex-view");
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.TEXT_AREA);
        setAccessibleRoleDescription("hex view");

        scrollBar.setOrientation(Orientation.VERTICAL);
        scrollBar.setMin(0);
        scrollBar.setUnitIncrement(1);
        scrollBar.valueProperty().addListener((obs, old, value) -> {
            if (!updatingScrollBar) {
                showFirstRow((long) Math.floor(value.doubleValue()));
            }
        });
        getChildren().addAll(canvas, scrollBar);

        input = new HexInput(this, canvas);

        selection.addListener((obs, old, now) -> schedulePaint());
        caretOffset.addListener((obs, old, now) -> schedulePaint());
        hoveredOffset.addListener((obs, old, now) -> schedulePaint());
        focusedProperty().addListener((obs, old, now) -> schedulePaint());
    }

    // ---- source -------------------------------------------------------------------------------

    /**
     * Shows {@code newSource} ({@code null} for nothing) from its first byte. Drops the page cache,
     * the selection and the caret; keeps the highlights (they belong to the caller, who replaces
     * them). Pages still being read for the previous source are discarded when they arrive.
     */
    public void setSource(ByteSource newSource) {
        source = newSource;
        length = newSource == null ? 0 : Math.max(0, newSource.length());
        bytes.setSource(newSource, length);
        layout = layout.withOffsetDigits(RowFormat.offsetDigits(length));
        anchor = -1;
        selection.set(Selection.NONE);
        caretOffset.set(-1);
        hoveredOffset.set(-1);
        firstRow = 0;
        syncScrollBar();
        requestLayout();
        schedulePaint();
    }

    public ByteSource getSource() {
        return source;
    }

    public long getLength() {
        return length;
    }

    /** Stops the background reader; the view shows nothing afterwards. Idempotent. */
    public void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        setSource(null);
        bytes.dispose();
    }

    public boolean isDisposed() {
        return disposed;
    }

    // ---- highlights ---------------------------------------------------------------------------

    /** Replaces the highlights; later entries paint on top of earlier ones. */
    public void setHighlights(List<Highlight> newHighlights) {
        highlights = newHighlights == null || newHighlights.isEmpty()
                ? HighlightIndex.EMPTY : new HighlightIndex(newHighlights);
        schedulePaint();
    }

    /** The current highlights, in paint order (unmodifiable). */
    public List<Highlight> getHighlights() {
        return highlights.all();
    }

    /** The highlight painted on top at {@code offset}, if any (what hovering would name). */
    public Optional<Highlight> highlightAt(long offset) {
        return highlights.topmostAt(offset);
    }

    // ---- selection, caret, navigation ---------------------------------------------------------

    /** The selected bytes; {@link Selection#NONE} when nothing is selected, never null. */
    public ReadOnlyObjectProperty<Selection> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    public Selection getSelection() {
        return selection.get();
    }

    /** The byte the keyboard acts on, -1 when there is none (no source, nothing clicked yet). */
    public ReadOnlyLongProperty caretOffsetProperty() {
        return caretOffset.getReadOnlyProperty();
    }

    public long getCaretOffset() {
        return caretOffset.get();
    }

    /** The byte under the mouse pointer, -1 when the pointer is not over a byte. */
    public ReadOnlyLongProperty hoveredOffsetProperty() {
        return hoveredOffset.getReadOnlyProperty();
    }

    /** Called with the byte's offset on a plain primary click (not shift-click, not a drag). */
    public void setOnByteClicked(LongConsumer callback) {
        onByteClicked = callback == null ? offset -> { } : callback;
    }

    /**
     * Called on the FX thread with the first failed page read of each source (later failures of the
     * same source are only shown as "??"), and with a failed read for {@link #copySelectionAsHex()}.
     */
    public void setOnReadError(Consumer<Throwable> callback) {
        onReadError = callback == null ? error -> { } : callback;
    }

    /** Selects {@code [offset, offset + length)} (clamped to the source), caret at its start, and shows it. */
    public void select(long offset, long length) {
        if (this.length == 0) {
            return;
        }
        long start = clampOffset(offset);
        long end = start + Math.max(0, Math.min(length, this.length - start));
        anchor = start;
        selection.set(new Selection(start, end));
        caretOffset.set(start);
        long startRow = start / bytesPerRow();
        long endRow = (Math.max(end, start + 1) - 1) / bytesPerRow();
        boolean allVisible = startRow >= firstRow && endRow < firstRow + fullRows();
        if (!allVisible) {
            scrollTo(start);
        }
    }

    /** Moves the caret to {@code offset}, selects that byte and shows it; false if it is outside the source. */
    public boolean goTo(long offset) {
        if (offset < 0 || offset >= length) {
            return false;
        }
        select(offset, 1);
        return true;
    }

    /** Brings {@code offset}'s row into view, a quarter of the way down (some context above). */
    public void scrollTo(long offset) {
        long row = clampOffset(offset) / bytesPerRow();
        int rows = fullRows();
        if (row >= firstRow && row < firstRow + rows) {
            return;
        }
        showFirstRow(row - rows / 4);
    }

    // ---- find and copy ------------------------------------------------------------------------

    /**
     * A task that searches the current source for {@code pattern}: forward, the first match at or
     * after {@code from}; backward, the last match starting at or before {@code from}. Its value is
     * the offset or -1. The caller runs it on a background thread (e.g. an executor or
     * {@code new Thread(task)}; on the FX thread it fails with IllegalStateException), may bind to
     * its progress and may cancel it. The view does nothing with the result: call {@link #select}
     * with it. The pattern is copied; the task reads the source directly, not through the cache.
     */
    public Task<Long> find(byte[] pattern, long from, boolean forward) {
        return new ByteSearchTask(source, pattern, from, forward, ByteSearchTask.DEFAULT_CHUNK);
    }

    /**
     * Puts the selected bytes on the system clipboard as "e2 e1 f5 e0 ...". The bytes are read in the
     * background and the clipboard is set a moment later on the FX thread.
     *
     * @return false when there is nothing to copy, the selection exceeds {@link #MAX_COPY_BYTES}, or
     *         the view is disposed
     */
    public boolean copySelectionAsHex() {
        Selection s = getSelection();
        ByteSource from = source;
        if (from == null || s.isEmpty() || s.length() > MAX_COPY_BYTES) {
            return false;
        }
        return bytes.copyAsHex(from, s, onReadError);
    }

    // ---- theme and font -----------------------------------------------------------------------

    /**
     * The colours of the rows. The scroll bar is an ordinary control styled by the scene's
     * stylesheet; the view carries the pseudo-class {@code :dark} with {@link HexTheme#DARK} so a
     * stylesheet can match it ({@code .hex-view:dark .scroll-bar { ... }}).
     */
    public void setTheme(HexTheme newTheme) {
        theme = Objects.requireNonNull(newTheme, "theme");
        pseudoClassStateChanged(DARK, theme == HexTheme.DARK);
        schedulePaint();
    }

    public HexTheme getTheme() {
        return theme;
    }

    /** Switches between {@link HexTheme#LIGHT} (the default) and {@link HexTheme#DARK}. */
    public void setDarkTheme(boolean dark) {
        setTheme(dark ? HexTheme.DARK : HexTheme.LIGHT);
    }

    /** A monospaced font; the row height follows its metrics. */
    public void setFont(Font newFont) {
        font = Objects.requireNonNull(newFont, "font");
        layout = HexLayout.measure(font, layout.offsetDigits()).withBytesPerRow(layout.bytesPerRow());
        syncScrollBar();
        requestLayout();
        schedulePaint();
    }

    public Font getFont() {
        return font;
    }

    // ---- bytes per row ------------------------------------------------------------------------

    /** The row widths {@link #setBytesPerRow} takes, besides 0 (as many as fit). */
    public static java.util.List<Integer> bytesPerRowChoices() {
        return RowFormat.BYTES_PER_ROW_CHOICES;
    }

    /**
     * Rows of {@code bytes} bytes (8, 16, 32 or 64), or 0 for the widest of those that fits the
     * view's width, chosen again as it is resized. The first byte shown stays on screen.
     */
    public void setBytesPerRow(int bytes) {
        if (bytes != 0 && !RowFormat.BYTES_PER_ROW_CHOICES.contains(bytes)) {
            throw new IllegalArgumentException("bytes per row: " + bytes + ", not 0 or one of " + RowFormat.BYTES_PER_ROW_CHOICES);
        }
        requestedBytesPerRow = bytes;
        applyBytesPerRow();
        syncScrollBar();
        requestLayout();
        schedulePaint();
    }

    /** What {@link #setBytesPerRow} was given: 0 for as many as fit. */
    public int getRequestedBytesPerRow() {
        return requestedBytesPerRow;
    }

    /** Bytes in each row as shown now. */
    public int bytesPerRow() {
        return layout.bytesPerRow();
    }

    private void applyBytesPerRow() {
        int bytes = requestedBytesPerRow != 0 ? requestedBytesPerRow : layout.bytesPerRowFitting(canvas.getWidth());
        if (bytes != layout.bytesPerRow()) {
            long firstByte = firstRow * layout.bytesPerRow();
            layout = layout.withBytesPerRow(bytes);
            firstRow = firstByte / bytes;
        }
    }

    // ---- geometry and text, for tests, accessibility and the window ---------------------------

    /**
     * The text of row {@code row} (bytes {@code 16*row ..}) as drawn, e.g.
     * {@code "0000  45 52 4f 46 53 00 00 00  e2 e1 f5 e0 00 00 00 00  EROFS..........."}; bytes not
     * loaded yet show as "··", unreadable ones as "??". Empty for a row outside the source.
     */
    public String rowText(long row) {
        if (row < 0 || row >= rowCount()) {
            return "";
        }
        return RowFormat.text(rowAt(row), layout.offsetDigits(), bytesPerRow());
    }

    public long rowCount() {
        return (length + bytesPerRow() - 1) / bytesPerRow();
    }

    public long firstVisibleRow() {
        return firstRow;
    }

    /** Rows that fit entirely in the viewport. */
    public int visibleRowCount() {
        return fullRows();
    }

    /** The hex cell of {@code offset} in this view's coordinates, if its row is on screen. */
    public Optional<Bounds> cellBounds(long offset) {
        return visibleRowTop(offset).map(top -> {
            int column = (int) (offset % bytesPerRow());
            return box(layout.hexCellLeft(column), top, layout.hexCellRight(column));
        });
    }

    /** The ASCII cell of {@code offset} in this view's coordinates, if its row is on screen. */
    public Optional<Bounds> asciiCellBounds(long offset) {
        return visibleRowTop(offset).map(top -> {
            int column = (int) (offset % bytesPerRow());
            return box(layout.asciiCellLeft(column), top, layout.asciiCellRight(column));
        });
    }

    /** Pages held by the cache right now (bounded by {@link #CACHED_PAGES}). */
    int cachedPageCount() {
        return bytes.cachedPageCount();
    }

    @Override
    public Object queryAccessibleAttribute(AccessibleAttribute attribute, Object... parameters) {
        if (attribute == AccessibleAttribute.TEXT) {
            long caret = getCaretOffset();
            return caret < 0 ? "" : rowText(caret / bytesPerRow());
        }
        return super.queryAccessibleAttribute(attribute, parameters);
    }

    // ---- layout and painting ------------------------------------------------------------------

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double width = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        double height = Math.max(0, getHeight() - in.getTop() - in.getBottom());
        double barWidth = Math.min(width, scrollBar.prefWidth(-1));
        scrollBar.resizeRelocate(in.getLeft() + width - barWidth, in.getTop(), barWidth, height);
        canvas.relocate(in.getLeft(), in.getTop());
        canvas.setWidth(width - barWidth);
        canvas.setHeight(height);
        applyBytesPerRow();
        syncScrollBar();
        schedulePaint();
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + Math.ceil(layout.totalWidth()) + scrollBar.prefWidth(-1) + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        return in.getTop() + layout.headerHeight() + 16 * layout.rowHeight() + in.getBottom();
    }

    @Override
    protected double computeMinWidth(double height) {
        return scrollBar.minWidth(-1) + 10 * layout.charWidth();
    }

    @Override
    protected double computeMinHeight(double width) {
        return layout.headerHeight() + 2 * layout.rowHeight();
    }

    /** Repaints once on the next FX turn, however many changes ask for it before then. */
    private void schedulePaint() {
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
        long shownRows = Math.min(layout.partialRows(height), Math.max(0, rowCount() - firstRow));
        if (shownRows > 0) {
            long firstByte = firstRow * bytesPerRow();
            long endByte = (firstRow + shownRows) * bytesPerRow();
            bytes.want(firstByte, endByte);
        }
        long firstByte = firstRow * bytesPerRow();
        List<Highlight> visible = highlights.overlapping(firstByte, firstByte + shownRows * bytesPerRow());
        HexPainter.paint(canvas.getGraphicsContext2D(), new HexPainter.Frame(
                layout, theme, font, width, height, firstRow, rowCount(), this::rowAt, visible,
                getSelection(), getCaretOffset(), hoveredOffset.get(), isFocused()));
    }

    private RowFormat.Row rowAt(long row) {
        long offset = row * bytesPerRow();
        int count = (int) Math.min(bytesPerRow(), length - offset);
        return bytes.row(offset, count);
    }

    private void reportReadError(Throwable error) {
        schedulePaint();
        onReadError.accept(error);
    }

    // ---- scrolling ----------------------------------------------------------------------------

    int fullRows() {
        return Math.max(1, layout.fullRows(canvas.getHeight()));
    }

    private long maxFirstRow() {
        return Math.max(0, rowCount() - fullRows());
    }

    void showFirstRow(long row) {
        firstRow = Math.max(0, Math.min(row, maxFirstRow()));
        updatingScrollBar = true;
        try {
            // Row numbers below 2^53 are exact in a double, far beyond any image size.
            scrollBar.setValue(firstRow);
        } finally {
            updatingScrollBar = false;
        }
        updateHovered();
        schedulePaint();
    }

    private void syncScrollBar() {
        int rows = fullRows();
        updatingScrollBar = true;
        try {
            scrollBar.setMax(maxFirstRow());
            scrollBar.setVisibleAmount(rows);
            scrollBar.setBlockIncrement(Math.max(1, rows - 1));
            scrollBar.setDisable(maxFirstRow() == 0);
        } finally {
            updatingScrollBar = false;
        }
        showFirstRow(firstRow);
    }

    private void ensureVisible(long offset) {
        long row = offset / bytesPerRow();
        int rows = fullRows();
        if (row < firstRow) {
            showFirstRow(row);
        } else if (row >= firstRow + rows) {
            showFirstRow(row - rows + 1);
        }
    }

    // ---- mouse --------------------------------------------------------------------------------

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
            index = Math.max(0, Math.min(index, layout.partialRows(canvas.getHeight()) - 1));
        }
        long offset = (firstRow + index) * bytesPerRow() + column;
        if (offset >= length) {
            return nearest ? length - 1 : -1;
        }
        return offset;
    }

    /** The byte under the pointer is now another: the pointer moved, or the content under it. */
    void updateHovered() {
        hoveredOffset.set(input.hovered());
    }

    /** A still click on byte {@code offset}. */
    void byteClicked(long offset) {
        onByteClicked.accept(offset);
    }

    /** Whether a selection has an anchor to extend from. */
    boolean hasAnchor() {
        return anchor >= 0;
    }

    double rowHeight() {
        return layout.rowHeight();
    }

    /** Puts the caret on {@code offset}; extending keeps the anchor, otherwise the byte alone is selected. */
    void moveCaret(long offset, boolean extend) {
        if (!extend) {
            anchor = offset;
        }
        selection.set(Selection.between(anchor, offset));
        caretOffset.set(offset);
        ensureVisible(offset);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private long clampOffset(long offset) {
        return Math.max(0, Math.min(offset, length - 1));
    }

    private Optional<Double> visibleRowTop(long offset) {
        if (offset < 0 || offset >= length) {
            return Optional.empty();
        }
        long index = offset / bytesPerRow() - firstRow;
        if (index < 0 || index >= layout.partialRows(canvas.getHeight())) {
            return Optional.empty();
        }
        return Optional.of(layout.rowTop(index));
    }

    private Bounds box(double left, double top, double right) {
        return new BoundingBox(canvas.getLayoutX() + left, canvas.getLayoutY() + top, right - left, layout.rowHeight());
    }

    private static Font defaultFont() {
        // DejaVu Sans Mono ships with most Linux desktops; "Monospaced" is JavaFX's logical fallback.
        String family = Font.getFamilies().contains("DejaVu Sans Mono") ? "DejaVu Sans Mono" : "Monospaced";
        return Font.font(family, 13);
    }
}

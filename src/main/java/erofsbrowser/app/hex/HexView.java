package erofsbrowser.app.hex;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.concurrent.Task;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.AccessibleAttribute;
import javafx.scene.AccessibleRole;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;

/**
 * A virtualised hex dump of a {@link ByteSource}: offset | 16 bytes in hex | 16 characters, as in
 * Wireshark's bytes pane and ImHex. Only the visible rows are drawn, on a canvas the size of the
 * viewport; bytes are read in 64 KiB pages on the view's own background thread into a 64-page LRU
 * cache, so a 4 GiB image scrolls with flat memory and the FX thread never waits for I/O.
 *
 * <p>This class is the view's API. Its parts: {@link HexViewport} (which rows are on screen),
 * {@link HexSurface} (the canvas, the scroll bar and painting), {@link HexBytes} (reading),
 * {@link HexCaret} (selection and caret) and {@link HexInput} (pointer, wheel and keys).
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

    private final HexViewport viewport;
    private final HexCaret caret = new HexCaret(this);
    private final HexSurface surface;
    private final HexInput input;

    private ByteSource source;
    private boolean disposed;
    private LongConsumer onByteClicked = offset -> { };
    private Consumer<Throwable> onReadError = error -> { };

    public HexView() {
        getStyleClass().add("hex-view");
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.TEXT_AREA);
        setAccessibleRoleDescription("hex view");

        Font font = defaultFont();
        viewport = new HexViewport(font);
        surface = new HexSurface(viewport, font, caret, this::isFocused, this::updateHovered,
                error -> onReadError.accept(error));
        getChildren().addAll(surface.canvas, surface.scrollBar);
        input = new HexInput(this, surface.canvas);

        caret.selection.addListener((obs, old, now) -> surface.schedulePaint());
        caret.caretOffset.addListener((obs, old, now) -> surface.schedulePaint());
        caret.hoveredOffset.addListener((obs, old, now) -> surface.schedulePaint());
        focusedProperty().addListener((obs, old, now) -> surface.schedulePaint());
    }

    // ---- source -------------------------------------------------------------------------------

    /**
     * Shows {@code newSource} ({@code null} for nothing) from its first byte. Drops the page cache,
     * the selection and the caret; keeps the highlights (they belong to the caller, who replaces
     * them). Pages still being read for the previous source are discarded when they arrive.
     */
    public void setSource(ByteSource newSource) {
        source = newSource;
        viewport.setLength(newSource == null ? 0 : newSource.length());
        surface.bytes.setSource(newSource, viewport.length());
        caret.clear();
        surface.viewportChanged();
        requestLayout();
    }

    public ByteSource getSource() {
        return source;
    }

    public long getLength() {
        return viewport.length();
    }

    /** Stops the background reader; the view shows nothing afterwards. Idempotent. */
    public void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        setSource(null);
        surface.bytes.dispose();
    }

    public boolean isDisposed() {
        return disposed;
    }

    // ---- highlights ---------------------------------------------------------------------------

    /** Replaces the highlights; later entries paint on top of earlier ones. */
    public void setHighlights(List<Highlight> newHighlights) {
        surface.setHighlights(newHighlights == null || newHighlights.isEmpty()
                ? HighlightIndex.EMPTY : new HighlightIndex(newHighlights));
    }

    /** The current highlights, in paint order (unmodifiable). */
    public List<Highlight> getHighlights() {
        return surface.highlights().all();
    }

    /** The highlight painted on top at {@code offset}, if any (what hovering would name). */
    public Optional<Highlight> highlightAt(long offset) {
        return surface.highlights().topmostAt(offset);
    }

    // ---- selection, caret, navigation ---------------------------------------------------------

    /** The selected bytes; {@link Selection#NONE} when nothing is selected, never null. */
    public ReadOnlyObjectProperty<Selection> selectionProperty() {
        return caret.selection.getReadOnlyProperty();
    }

    public Selection getSelection() {
        return caret.selection();
    }

    /** The byte the keyboard acts on, -1 when there is none (no source, nothing clicked yet). */
    public ReadOnlyLongProperty caretOffsetProperty() {
        return caret.caretOffset.getReadOnlyProperty();
    }

    public long getCaretOffset() {
        return caret.caret();
    }

    /** The byte under the mouse pointer, -1 when the pointer is not over a byte. */
    public ReadOnlyLongProperty hoveredOffsetProperty() {
        return caret.hoveredOffset.getReadOnlyProperty();
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
        if (getLength() == 0) {
            return;
        }
        long start = viewport.clampOffset(offset);
        long end = start + Math.max(0, Math.min(length, getLength() - start));
        caret.select(start, end);
        if (!viewport.showsWhole(start, end)) {
            scrollTo(start);
        }
    }

    /** Moves the caret to {@code offset}, selects that byte and shows it; false if it is outside the source. */
    public boolean goTo(long offset) {
        if (offset < 0 || offset >= getLength()) {
            return false;
        }
        select(offset, 1);
        return true;
    }

    /** Brings {@code offset}'s row into view, a quarter of the way down (some context above). */
    public void scrollTo(long offset) {
        surface.showFirstRowIfMoved(viewport.firstRowShowingWithContext(offset));
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
        return surface.bytes.copyAsHex(from, s, onReadError);
    }

    // ---- theme, font, bytes per row -----------------------------------------------------------

    /**
     * The colours of the rows. The scroll bar is an ordinary control styled by the scene's
     * stylesheet; the view carries the pseudo-class {@code :dark} with {@link HexTheme#DARK} so a
     * stylesheet can match it ({@code .hex-view:dark .scroll-bar { ... }}).
     */
    public void setTheme(HexTheme newTheme) {
        HexTheme theme = Objects.requireNonNull(newTheme, "theme");
        pseudoClassStateChanged(DARK, theme == HexTheme.DARK);
        surface.setTheme(theme);
    }

    public HexTheme getTheme() {
        return surface.theme();
    }

    /** Switches between {@link HexTheme#LIGHT} (the default) and {@link HexTheme#DARK}. */
    public void setDarkTheme(boolean dark) {
        setTheme(dark ? HexTheme.DARK : HexTheme.LIGHT);
    }

    /** A monospaced font; the row height follows its metrics. */
    public void setFont(Font newFont) {
        surface.setFont(Objects.requireNonNull(newFont, "font"));
        requestLayout();
    }

    public Font getFont() {
        return surface.font();
    }

    /** The row widths {@link #setBytesPerRow} takes, besides 0 (as many as fit). */
    public static List<Integer> bytesPerRowChoices() {
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
        viewport.setRequestedBytesPerRow(bytes);
        surface.viewportChanged();
        requestLayout();
    }

    /** What {@link #setBytesPerRow} was given: 0 for as many as fit. */
    public int getRequestedBytesPerRow() {
        return viewport.requestedBytesPerRow();
    }

    /** Bytes in each row as shown now. */
    public int bytesPerRow() {
        return viewport.bytesPerRow();
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
        return RowFormat.text(surface.rowAt(row), viewport.layout().offsetDigits(), bytesPerRow());
    }

    public long rowCount() {
        return viewport.rowCount();
    }

    public long firstVisibleRow() {
        return viewport.firstRow();
    }

    /** Rows that fit entirely in the viewport. */
    public int visibleRowCount() {
        return viewport.fullRows();
    }

    /** The hex cell of {@code offset} in this view's coordinates, if its row is on screen. */
    public Optional<Bounds> cellBounds(long offset) {
        return surface.hexCell(offset);
    }

    /** The ASCII cell of {@code offset} in this view's coordinates, if its row is on screen. */
    public Optional<Bounds> asciiCellBounds(long offset) {
        return surface.asciiCell(offset);
    }

    /** Pages held by the cache right now (bounded by {@link #CACHED_PAGES}). */
    int cachedPageCount() {
        return surface.bytes.cachedPageCount();
    }

    @Override
    public Object queryAccessibleAttribute(AccessibleAttribute attribute, Object... parameters) {
        if (attribute == AccessibleAttribute.TEXT) {
            long at = getCaretOffset();
            return at < 0 ? "" : rowText(at / bytesPerRow());
        }
        return super.queryAccessibleAttribute(attribute, parameters);
    }

    // ---- layout -------------------------------------------------------------------------------

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double width = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        double height = Math.max(0, getHeight() - in.getTop() - in.getBottom());
        surface.layout(in.getLeft(), in.getTop(), width, height);
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + Math.ceil(viewport.layout().totalWidth()) + surface.scrollBar.prefWidth(-1) + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        HexLayout layout = viewport.layout();
        return in.getTop() + layout.headerHeight() + 16 * layout.rowHeight() + in.getBottom();
    }

    @Override
    protected double computeMinWidth(double height) {
        return surface.scrollBar.minWidth(-1) + 10 * viewport.layout().charWidth();
    }

    @Override
    protected double computeMinHeight(double width) {
        HexLayout layout = viewport.layout();
        return layout.headerHeight() + 2 * layout.rowHeight();
    }

    // ---- for HexInput -------------------------------------------------------------------------

    int fullRows() {
        return viewport.fullRows();
    }

    double rowHeight() {
        return viewport.layout().rowHeight();
    }

    void showFirstRow(long row) {
        surface.showFirstRow(row);
    }

    /** The byte at canvas point (x, y); -1 if none, unless {@code nearest} (drag) picks the closest. */
    long offsetAt(double x, double y, boolean nearest) {
        return viewport.offsetAt(x, y, nearest);
    }

    /** The byte under the pointer is now another: the pointer moved, or the content under it. */
    void updateHovered() {
        // Called by the surface's first scroll, from this constructor, before the input exists.
        caret.hoveredOffset.set(input == null ? -1 : input.hovered());
    }

    /** A still click on byte {@code offset}. */
    void byteClicked(long offset) {
        onByteClicked.accept(offset);
    }

    /** Whether a selection has an anchor to extend from. */
    boolean hasAnchor() {
        return caret.hasAnchor();
    }

    /** Puts the caret on {@code offset}, selecting from the anchor when extending, and scrolls as little as needed to show it. */
    void moveCaret(long offset, boolean extend) {
        caret.moveTo(offset, extend);
        surface.showFirstRowIfMoved(viewport.firstRowShowing(offset));
    }

    private static Font defaultFont() {
        // DejaVu Sans Mono ships with most Linux desktops; "Monospaced" is JavaFX's logical fallback.
        String family = Font.getFamilies().contains("DejaVu Sans Mono") ? "DejaVu Sans Mono" : "Monospaced";
        return Font.font(family, 13);
    }
}

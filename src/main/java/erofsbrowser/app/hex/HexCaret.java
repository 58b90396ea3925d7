package erofsbrowser.app.hex;

import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Where the user is in a {@link HexView}: the selected bytes, the caret (the byte the keyboard
 * acts on, the moving end of a selection), its anchor (the fixed end) and the byte under the
 * pointer. The view publishes the properties read-only and repaints when they change.
 */
final class HexCaret {
    final ReadOnlyObjectWrapper<Selection> selection;
    final ReadOnlyLongWrapper caretOffset;
    final ReadOnlyLongWrapper hoveredOffset;
    /** The fixed end of a shift/drag selection; -1 before the first click. */
    private long anchor = -1;

    HexCaret(Object bean) {
        selection = new ReadOnlyObjectWrapper<>(bean, "selection", Selection.NONE);
        caretOffset = new ReadOnlyLongWrapper(bean, "caretOffset", -1);
        hoveredOffset = new ReadOnlyLongWrapper(bean, "hoveredOffset", -1);
    }

    /** Nothing selected, no caret, nothing hovered: a new source. */
    void clear() {
        anchor = -1;
        selection.set(Selection.NONE);
        caretOffset.set(-1);
        hoveredOffset.set(-1);
    }

    /** Selects {@code [start, end)}, anchored at its start with the caret there. */
    void select(long start, long end) {
        anchor = start;
        selection.set(new Selection(start, end));
        caretOffset.set(start);
    }

    /** Puts the caret on {@code offset}; extending keeps the anchor, otherwise the byte alone is selected. */
    void moveTo(long offset, boolean extend) {
        if (!extend) {
            anchor = offset;
        }
        selection.set(Selection.between(anchor, offset));
        caretOffset.set(offset);
    }

    boolean hasAnchor() {
        return anchor >= 0;
    }

    Selection selection() {
        return selection.get();
    }

    long caret() {
        return caretOffset.get();
    }

    long hovered() {
        return hoveredOffset.get();
    }
}

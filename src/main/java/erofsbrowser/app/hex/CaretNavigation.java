package erofsbrowser.app.hex;

import java.util.OptionalLong;
import javafx.scene.input.KeyCode;

/**
 * Where the navigation keys move the caret in a source of {@code length} bytes whose view shows
 * {@code pageRows} rows of {@code bytesPerRow} bytes: arrows by a byte or a row, PageUp/PageDown by a screen less one row (so
 * one row of context stays), Home/End to the row's ends, Ctrl+Home/End to the source's ends.
 * Moves stop at the first and last byte, as in text editors.
 */
record CaretNavigation(long length, int pageRows, int bytesPerRow) {

    /** The new caret offset, or empty if {@code key} is not a navigation key. */
    OptionalLong target(KeyCode key, boolean shortcutDown, long caret) {
        long rowStart = caret - caret % bytesPerRow;
        long target;
        switch (key) {
            case LEFT -> target = caret - 1;
            case RIGHT -> target = caret + 1;
            case UP -> target = caret - bytesPerRow;
            case DOWN -> target = caret + bytesPerRow;
            case PAGE_UP -> target = caret - pageBytes();
            case PAGE_DOWN -> target = caret + pageBytes();
            case HOME -> target = shortcutDown ? 0 : rowStart;
            case END -> target = shortcutDown ? length - 1 : rowStart + bytesPerRow - 1;
            default -> {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Math.max(0, Math.min(target, length - 1)));
    }

    /** Rows a PageUp/PageDown scrolls: a screen less one. */
    long pageRowsToScroll() {
        return Math.max(1, pageRows - 1);
    }

    private long pageBytes() {
        return pageRowsToScroll() * bytesPerRow;
    }
}

package erofsbrowser.app.hex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

class CaretNavigationTest {

    /** 100 bytes: six full rows and a last row of four; ten rows on screen. */
    private final CaretNavigation navigation = new CaretNavigation(100, 10, 16);

    private long from(long caret, KeyCode key, boolean shortcut) {
        return navigation.target(key, shortcut, caret).orElseThrow();
    }

    @Test
    void arrowsMoveByAByteOrARowAndStopAtTheEnds() {
        assertEquals(6, from(5, KeyCode.RIGHT, false));
        assertEquals(4, from(5, KeyCode.LEFT, false));
        assertEquals(21, from(5, KeyCode.DOWN, false));
        assertEquals(0, from(5, KeyCode.UP, false));
        assertEquals(99, from(90, KeyCode.DOWN, false));
        assertEquals(0, from(0, KeyCode.LEFT, false));
    }

    @Test
    void homeAndEndGoToTheRowsEndsAndWithCtrlToTheSourcesEnds() {
        assertEquals(32, from(37, KeyCode.HOME, false));
        assertEquals(47, from(37, KeyCode.END, false));
        assertEquals(99, from(97, KeyCode.END, false), "the short last row ends at the last byte");
        assertEquals(0, from(37, KeyCode.HOME, true));
        assertEquals(99, from(37, KeyCode.END, true));
    }

    @Test
    void pagingMovesAScreenLessOneRow() {
        CaretNavigation tenRowsOfAKilobyte = new CaretNavigation(1024, 10, 16);
        assertEquals(3 + 9 * 16, tenRowsOfAKilobyte.target(KeyCode.PAGE_DOWN, false, 3).orElseThrow());
        assertEquals(3, tenRowsOfAKilobyte.target(KeyCode.PAGE_UP, false, 3 + 9 * 16).orElseThrow());
        assertEquals(9, tenRowsOfAKilobyte.pageRowsToScroll());
    }

    @Test
    void otherKeysAreNotNavigation() {
        assertEquals(OptionalLong.empty(), navigation.target(KeyCode.A, false, 3));
    }
}

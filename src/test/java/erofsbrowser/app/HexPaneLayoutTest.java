package erofsbrowser.app;

import erofsbrowser.Fixture;
import erofsbrowser.app.hex.HexView;
import javafx.scene.control.SplitPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static erofsbrowser.app.WindowFixture.onFx;
import static erofsbrowser.app.WindowFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hex pane takes the room it is given: as many bytes a row as fit its width (no empty band
 * beside the characters), or the number the user picks, and the divider where the user left it;
 * both kept for the next window.
 */
@ExtendWith(ApplicationExtension.class)
class HexPaneLayoutTest {
    @RegisterExtension
    final WindowFixture browser = WindowFixture.withOwnPreferences("erofsbrowser-test-hexpane");
    private MainWindowController window;

    @Start
    void start(Stage stage) {
        window = browser.start(stage);
    }

    @BeforeEach
    void open() throws Exception {
        browser.open(Fixture.mini("plain").image());
    }

    private HexView raw() {
        return window.hexPane().rawHex();
    }

    @Test
    void rowsHoldAsManyBytesAsFitTheWidthLeavingNoBandBesideTheCharacters() {
        int bytes = onFx(() -> raw().bytesPerRow());
        assertTrue(bytes >= 32, "a 1280-pixel window has room for 32 bytes a row: " + bytes);
        double width = onFx(() -> raw().getWidth());
        double end = onFx(() -> raw().asciiCellBounds(raw().firstVisibleRow() * bytes + bytes - 1).orElseThrow().getMaxX());
        assertTrue(end <= width, "the columns fit: " + end + " of " + width);
        if (bytes < 64) {
            onFx(() -> {
                raw().setBytesPerRow(bytes * 2);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            double wider = onFx(() -> raw().asciiCellBounds(raw().firstVisibleRow() * 2L * bytes + 2L * bytes - 1)
                    .orElseThrow().getMaxX());
            assertTrue(wider > width, "twice as many would not fit: " + wider + " of " + width);
        }
    }

    @Test
    void theBytesPerRowPickedAndTheDividerDraggedAreKeptForTheNextWindow(org.testfx.api.FxRobot robot) throws Exception {
        onFx(() -> {
            javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) window.stage().getScene().lookup(".menu-bar");
            javafx.scene.control.Menu view = bar.getMenus().stream().filter(m -> m.getText().equals("_View")).findFirst().orElseThrow();
            javafx.scene.control.Menu rows = (javafx.scene.control.Menu) view.getItems().stream()
                    .filter(i -> "_Bytes per row".equals(i.getText())).findFirst().orElseThrow();
            rows.getItems().stream().filter(i -> i.getText().equals("16 bytes")).findFirst().orElseThrow().fire();
            return null;
        });
        waitFor(() -> onFx(() -> raw().bytesPerRow()) == 16, "16 bytes a row");
        SplitPane split = onFx(() -> (SplitPane) window.stage().getScene().lookup("#verticalSplit"));
        javafx.scene.Node divider = onFx(() -> split.getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("split-pane-divider")).findFirst().orElseThrow());
        double before = onFx(() -> split.getDividerPositions()[0]);
        robot.drag(divider).moveBy(0, -120).drop();
        WaitForAsyncUtils.waitForFxEvents();
        double dragged = onFx(() -> split.getDividerPositions()[0]);
        assertTrue(dragged < before - 0.05, "the divider moved up: " + before + " -> " + dragged);

        WaitForAsyncUtils.asyncFx(() -> window.stage().close()).get(5, TimeUnit.SECONDS);
        MainWindowController next = WaitForAsyncUtils.asyncFx(() -> browser.app().openWindow(new Stage()))
                .get(5, TimeUnit.SECONDS);
        window = next;
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(16, (int) onFx(() -> next.hexPane().rawHex().getRequestedBytesPerRow()));
        double restored = onFx(() -> ((SplitPane) next.stage().getScene().lookup("#verticalSplit")).getDividerPositions()[0]);
        assertEquals(dragged, restored, 0.02);
    }
}

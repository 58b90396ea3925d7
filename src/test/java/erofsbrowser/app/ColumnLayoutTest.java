package erofsbrowser.app;

import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static erofsbrowser.app.WindowFixture.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tree's columns stay as the user left them: widths and the columns shown, in the next window and the next run. */
@ExtendWith(ApplicationExtension.class)
class ColumnLayoutTest {
    @RegisterExtension
    final WindowFixture browser = WindowFixture.withOwnPreferences("erofsbrowser-test-columns-" + System.nanoTime());
    private MainWindowController first;

    @Start
    void start(Stage stage) {
        first = browser.start(stage);
    }

    @Test
    void aResizedColumnAndAHiddenOneAreKeptForTheNextWindow() throws Exception {
        TreeTableView<EntryRow> tree = first.treePane().tree();
        double initial = onFx(() -> column(tree, "sizeColumn").getWidth());
        double widened = onFx(() -> {
            TreeTableColumn<EntryRow, ?> size = column(tree, "sizeColumn");
            tree.resizeColumn(size, 57); // what dragging the header's edge does
            column(tree, "labelColumn").setVisible(false); // what the column menu does
            return size.getWidth();
        });
        assertEquals(initial + 57, widened, 0.5, "the Size column was widened");

        MainWindowController second = onFx(() -> browser.app().openWindow(new Stage()));
        WaitForAsyncUtils.waitForFxEvents();
        TreeTableView<EntryRow> next = second.treePane().tree();
        assertEquals(widened, onFx(() -> column(next, "sizeColumn").getWidth()), 0.5, "the new window's Size column");
        assertFalse(onFx(() -> column(next, "labelColumn").isVisible()), "the SELinux column stays hidden");
        assertTrue(onFx(() -> column(next, "modeColumn").isVisible()), "the other columns stay shown");
        assertEquals(90, onFx(() -> column(next, "modeColumn").getWidth()), 0.5, "an untouched column keeps its width");

        onFx(() -> {
            column(next, "labelColumn").setVisible(true);
            return null;
        });
        assertTrue(browser.preferences().node("treeColumns").getBoolean("labelColumn.visible", false),
                "showing it again is kept too");
    }

    private static TreeTableColumn<EntryRow, ?> column(TreeTableView<EntryRow> tree, String id) {
        return tree.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }
}

package erofsbrowser.app;

import erofsbrowser.Fixture;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;

import static erofsbrowser.app.WindowFixture.onFx;
import static erofsbrowser.app.WindowFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tree's Stored column says where a file's bytes are when they are not in blocks of its own. */
@ExtendWith(ApplicationExtension.class)
class StoredColumnTest {
    @RegisterExtension
    final WindowFixture browser = WindowFixture.withPreferences("erofsbrowser-test-stored");
    private MainWindowController window;

    @Start
    void start(Stage stage) {
        window = browser.start(stage);
    }

    /** The Stored cell of the entry at {@code path}, once the tree shows it. */
    private String stored(String image, String path) throws Exception {
        browser.open(Fixture.mini(image).image());
        WaitForAsyncUtils.asyncFx(() -> window.reveal(path.getBytes(StandardCharsets.UTF_8))).get();
        waitFor(() -> onFx(() -> window.selection().view().get() != null
                && window.selection().view().get().title().equals(path)), "the entry is shown");
        return onFx(() -> {
            TreeTableView<EntryRow> tree = window.treePane().tree();
            TreeItem<EntryRow> item = tree.getSelectionModel().getSelectedItem();
            @SuppressWarnings("unchecked")
            TreeTableColumn<EntryRow, String> column = (TreeTableColumn<EntryRow, String>) tree.getColumns().stream()
                    .filter(c -> "storedColumn".equals(c.getId())).findFirst().orElseThrow();
            return column.getCellObservableValue(item).getValue();
        });
    }

    @Test
    void aFileWhoseDataIsAllInThePackedInodeSaysSo() throws Exception {
        assertEquals("in packed inode", stored("lz4hc-allfrag-dedupe", "/edge4097.bin"));
    }

    @Test
    void aFileWithItsTailInThePackedInodeCountsItsBlocksAndSaysWhereTheRestIs() throws Exception {
        String text = stored("lz4hc-fragments", "/text-70k.txt");
        assertEquals(true, text.matches("[0-9,]+ \\+ packed"), text);
    }
}

package erofsbrowser.app;

import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image opened while its window is built (as a start opens the images it is given): when it is
 * ready, the window shows its tree with the root's entries in the same turn, so the first frame
 * has them; a failure is reported as the window's own opening reports it.
 */
@ExtendWith(ApplicationExtension.class)
class OpenAheadTest {
    private static final Path SAMPLE = Path.of("resources/sample.erofs");

    @RegisterExtension
    final WindowFixture browser = WindowFixture.withPreferences("erofsbrowser-test");
    private MainWindowController window;

    @Start
    void start(Stage stage) {
        window = browser.start(stage);
    }

    @Test
    void anImageReadyAheadShowsItsRootsEntriesInTheTurnTheWindowTakesIt() throws Exception {
        OpenAhead ahead = OpenAhead.start(SAMPLE, 0, false);
        OpenAhead.Opened opened = ahead.get();

        List<String> shownAtOnce = WaitForAsyncUtils.asyncFx(() -> {
            window.open(SAMPLE, 0, ahead);
            assertTrue(window.treePane().rootShown(), "the root's entries, with no read left to wait for");
            EntryTreeItem root = (EntryTreeItem) window.treePane().tree().getRoot().getChildren().stream()
                    .filter(item -> item instanceof EntryTreeItem).findFirst().orElseThrow();
            return root.getChildren().stream().map(item -> item.getValue().name()).toList();
        }).get(5, TimeUnit.SECONDS);

        assertEquals(opened.rootRows().stream().map(EntryRow::name).toList(), shownAtOnce);
        assertEquals(opened.session(), WaitForAsyncUtils.asyncFx(() -> window.session()).get());
        assertEquals("sample.erofs — EROFS Browser", WaitForAsyncUtils.asyncFx(() -> window.stage().getTitle()).get());
    }

    @Test
    void aStrictOpeningAheadReadsTheRootAsAStrictReaderDoes() throws Exception {
        OpenAhead.Opened opened = OpenAhead.start(SAMPLE, 0, true).get();

        assertEquals(opened.session().childrenStrictly(opened.session().root()).stream().map(EntryRow::name).toList(),
                opened.rootRows().stream().map(EntryRow::name).toList());
    }

    @Test
    void anOpeningAheadThatFailsIsReportedAsTheWindowsOwn(FxRobot robot, @TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.erofs");
        OpenAhead ahead = OpenAhead.start(missing, 0, false);
        assertThrows(NoSuchFileException.class, ahead::get);

        WaitForAsyncUtils.asyncFx(() -> window.open(missing, 0, ahead)).get();

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane")
                .match(n -> "Cannot open missing.erofs".equals(((DialogPane) n).getHeaderText())).tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("no such file"), dialog.getContentText());
        WaitForAsyncUtils.asyncFx(() -> dialog.getScene().getWindow().hide()).get();
    }
}

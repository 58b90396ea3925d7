package erofsbrowser.app;

import erofsbrowser.Fixture;
import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileType;
import javafx.geometry.Bounds;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.input.DragEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drag-out, done with the mouse: a selection dragged from the tree and dropped on a stand-in for a
 * file manager that takes any drag offering files. Monocle delivers a drag only to the window where
 * it started, so the stand-in is a filter on that window's scene; the drop into another
 * application (which receives the same files as a {@code text/uri-list}) cannot be tested headless.
 */
@ExtendWith(ApplicationExtension.class)
class DragOutTest {
    @RegisterExtension
    final WindowFixture browser = WindowFixture.withPreferences("erofsbrowser-test");
    private MainWindowController window;
    private final List<File> dropped = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        window = browser.start(stage);
        // Stands in for a file manager: takes any drag that offers files, as Nautilus or a desktop does.
        stage.getScene().addEventFilter(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        stage.getScene().addEventFilter(DragEvent.DRAG_DROPPED, e -> {
            dropped.addAll(e.getDragboard().getFiles());
            e.setDropCompleted(true);
            e.consume();
        });
    }

    private static TreeTableRow<?> row(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".tree-table-row-cell").match(n -> n instanceof TreeTableRow<?> r
                && r.getItem() instanceof EntryRow e && e.name().equals(name)).query();
    }

    private static Point2D pointIn(TreeTableRow<?> row) {
        Bounds b = row.localToScreen(row.getBoundsInLocal());
        return new Point2D(b.getMinX() + 40, b.getCenterY());
    }

    @Test
    void draggingAFileAndAFolderDropsFilesThatHoldTheImagesBytes(FxRobot robot) throws Exception {
        Fixture fixture = Fixture.mini("lz4hc-ztailpacking");
        browser.open(fixture.image());
        WaitForAsyncUtils.asyncFx(() -> window.reveal("/hello.txt".getBytes(StandardCharsets.UTF_8))).get();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "hello.txt".equals(WaitForAsyncUtils.asyncFx(() -> window.treePane().selectedRow() == null ? null : window.treePane().selectedRow().name()).get()));
        TreeTableView<EntryRow> tree = robot.lookup("#tree").queryAs(TreeTableView.class);
        WaitForAsyncUtils.asyncFx(() -> {
            TreeItem<EntryRow> imageRoot = tree.getSelectionModel().getSelectedItem().getParent();
            TreeItem<EntryRow> names = imageRoot.getChildren().stream().filter(i -> i.getValue().name().equals("names")).findFirst().orElseThrow();
            tree.getSelectionModel().select(names); // as a ctrl+click would add it
        }).get();
        assertEquals(2, WaitForAsyncUtils.asyncFx(() -> window.selectedEntries().size()).get());
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS); // the selection's size is measured in the background

        robot.moveTo(pointIn(row(robot, "hello.txt")));
        robot.press(MouseButton.PRIMARY);
        robot.moveBy(10, 0);
        robot.moveBy(10, 5);
        robot.moveBy(300, -150);
        robot.release(MouseButton.PRIMARY);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !dropped.isEmpty());
        assertEquals(List.of("hello.txt", "names"), dropped.stream().map(File::getName).sorted().toList());
        Path folder = dropped.get(0).toPath().getParent();
        assertTrue(folder.startsWith(browser.app().tempFolders().session()), "prepared in the session's private folder");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !Files.exists(folder.resolve(".partial")));
        try (ErofsImage image = fixture.open()) {
            List<Entry> expected = new ArrayList<>();
            image.walkEntries(image.lookup("/names"), expected::add);
            expected.add(image.lookup("/hello.txt"));
            for (Entry e : expected) {
                Path file = folder.resolve(e.pathString().substring(1));
                assertEquals(e.type() == FileType.DIR, Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS), e.pathString());
                if (e.type() == FileType.FILE) {
                    assertArrayEquals(image.data(e.inode()).readFully(0, (int) e.inode().size()), Files.readAllBytes(file),
                            file + " holds the image's bytes");
                }
            }
            assertTrue(expected.size() > 3, "the folder's whole subtree: " + expected.size());
        }
    }
}

package erofsbrowser.app;

import erofsbrowser.DamagedImages;
import erofsbrowser.image.Field;
import erofsbrowser.image.Problem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static erofsbrowser.app.WindowFixture.onFx;
import static erofsbrowser.app.WindowFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged image in the window: everything that can be read is shown, each fault is a marked
 * row where it is, the Problems pane lists every fault, a yellow bar says how many, and choosing
 * a fault selects its row and its bytes.
 */
@ExtendWith(ApplicationExtension.class)
class DamagedImageWindowTest {
    @RegisterExtension
    final WindowFixture browser = WindowFixture.withPreferences("erofsbrowser-test");
    private MainWindowController window;

    @Start
    void start(Stage stage) {
        window = browser.start(stage);
    }

    private List<EntryRow> childrenOf(String path) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.reveal(path.getBytes(StandardCharsets.UTF_8))).get();
        waitFor(() -> onFx(() -> {
            EntryRow r = window.treePane().selectedRow();
            return r != null && r.node() != null && r.node().pathString().equals(path);
        }), "the tree shows " + path);
        TreeTableView<EntryRow> tree = window.treePane().tree();
        TreeItem<EntryRow> item = onFx(() -> tree.getSelectionModel().getSelectedItem());
        onFx(() -> {
            item.setExpanded(true); // as a click on its arrow: its entries are read
            return item.getChildren();
        });
        waitFor(() -> onFx(() -> ((EntryTreeItem) item).isLoaded()), "its entries are read");
        return onFx(() -> item.getChildren().stream().map(TreeItem::getValue).toList());
    }

    @Test
    void aDirectoryWithThreeHostileNamesShowsItsOther297AndThreeMarkedFaults(FxRobot robot, @TempDir Path dir) throws Exception {
        DamagedImages.Damaged damaged = DamagedImages.hostileNames(dir);
        browser.open(damaged.image());

        List<EntryRow> rows = childrenOf("/bigdir");
        assertEquals(297, rows.stream().filter(r -> r.kind() == EntryRow.Kind.ENTRY).count(), "every good entry");
        List<EntryRow> faults = rows.stream().filter(r -> r.kind() == EntryRow.Kind.FAULT).toList();
        assertEquals(List.of("../x", "a/bc", "f0\\000z"), faults.stream().map(EntryRow::name).toList(),
                "the names as far as read, escaped");
        assertEquals(Arrays.stream(damaged.sortedOffsets()).boxed().toList(),
                faults.stream().map(r -> r.fault().offset()).toList(), "each where its name is");

        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().size()) == 3, "the Problems pane lists the three");
        waitFor(() -> onFx(() -> window.warningBar().text()).startsWith("3 faults found in this image"),
                "the yellow bar counts them: " + onFx(() -> window.warningBar().text()));
        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().stream().noneMatch(r -> r.structure().isEmpty())),
                "each names its structure once the map is built");

        // Choose the second fault in the Problems pane: its row in the tree, its field and bytes.
        long offset = damaged.offsets()[1];
        TableRow<?> problemRow = robot.from(window.problemsPane().table()).lookup(".table-row-cell")
                .match((TableRow<?> r) -> r.getItem() instanceof Problems.Row p && p.offset() == offset)
                .queryAs(TableRow.class);
        robot.clickOn(problemRow);
        waitFor(() -> onFx(() -> {
            EntryRow r = window.treePane().selectedRow();
            return r != null && r.kind() == EntryRow.Kind.FAULT && r.fault().offset() == offset;
        }), "the tree selects the fault's row");
        waitFor(() -> onFx(() -> {
            Field f = window.selection().field().get();
            return f != null && f.contains(offset);
        }), "its bytes are selected");
        Field field = onFx(() -> window.selection().field().get());
        assertEquals("name", field.name(), "the dirent's name field");
        assertTrue(field.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR
                && p.message().contains("'/'")), "marked where it is: " + field.problems());
        assertTrue(onFx(() -> window.hexPane().rawHex().getHighlights().stream()
                .anyMatch(h -> h.offset() <= offset && offset < h.offset() + h.length())), "tinted in the raw view");
        waitFor(() -> robot.from(window.treePane().tree()).lookup(".entry-fault").tryQuery().isPresent(),
                "the fault row is drawn marked");
        TreeTableRow<?> shown = robot.from(window.treePane().tree()).lookup(".tree-table-row-cell")
                .match((TreeTableRow<?> r) -> r.isSelected()).queryAs(TreeTableRow.class);
        assertTrue(shown.lookup(".entry-icon-fault") != null, "with the fault's icon");
    }

    @Test
    void anInodeThatCannotBeDecodedIsAMarkedRowAmongTheGoodOnes(@TempDir Path dir) throws Exception {
        browser.open(DamagedImages.badInode(dir).image());
        List<EntryRow> rows = childrenOf("/");
        EntryRow bad = rows.stream().filter(EntryRow::hasFault).findFirst().orElseThrow();
        assertEquals("hello.txt", bad.name());
        assertTrue(bad.fault().problem().contains("format"), bad.fault().line());
        assertTrue(rows.stream().anyMatch(r -> r.kind() == EntryRow.Kind.ENTRY && r.name().equals("bigdir")), "the others");
        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().size()) == 1, "one problem listed");
    }

    @Test
    void strictReadingStopsAtTheFirstFaultAsBefore(FxRobot robot, @TempDir Path dir) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.selection().strict().set(true)).get(); // Preferences › Stop at the first fault
        browser.open(DamagedImages.hostileNames(dir).image());
        WaitForAsyncUtils.asyncFx(() -> window.reveal("/bigdir".getBytes(StandardCharsets.UTF_8))).get();
        waitFor(() -> onFx(() -> window.treePane().selectedRow() != null
                && "bigdir".equals(window.treePane().selectedRow().name())), "the tree shows /bigdir");
        TreeItem<EntryRow> bigdir = onFx(() -> window.treePane().tree().getSelectionModel().getSelectedItem());
        onFx(() -> {
            bigdir.setExpanded(true);
            return bigdir.getChildren();
        });
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog, as before");
        javafx.scene.control.DialogPane pane = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        assertTrue(pane.getContentText().contains("\"../x\" contains '/'"), pane.getContentText());
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, robot.lookup(".dialog-pane").queryAll().size(), "one message for the failure, not one per layer");
        assertTrue(onFx(() -> bigdir.getChildren().isEmpty()), "and none of its entries");
        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().size()) == 1, "the check stopped at the first fault");
        WaitForAsyncUtils.asyncFx(() -> ((Stage) pane.getScene().getWindow()).close()).get();
    }

    @Test
    void verifyImageFindsACorruptedPclusterAndTheProblemsPaneNamesItsFile(@TempDir Path dir) throws Exception {
        erofsbrowser.Fixture lz4 = erofsbrowser.Fixture.mini("lz4");
        byte[] b = java.nio.file.Files.readAllBytes(lz4.image());
        try (erofsbrowser.erofs.ErofsImage image = lz4.open()) {
            erofsbrowser.erofs.Entry text = image.lookup("/text-70k.txt");
            List<erofsbrowser.erofs.data.DataExtent> extents = image.data(text.inode()).extents().stream()
                    .filter(x -> x.storage() == erofsbrowser.erofs.data.DataExtent.Storage.BLOCKS).toList();
            erofsbrowser.erofs.data.DataExtent bad = extents.get(extents.size() / 2);
            Arrays.fill(b, (int) bad.physical().offset(), (int) bad.physical().end(), (byte) 0);
        }
        Path damaged = dir.resolve("bad-pcluster.erofs");
        java.nio.file.Files.write(damaged, b);
        browser.open(damaged);
        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().isEmpty()), "the metadata is sound: no fault before verifying");

        WaitForAsyncUtils.asyncFx(() -> window.verifyForTests()).get();

        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().stream()
                .anyMatch(r -> r.path().equals("/text-70k.txt"))), "Verify reads every file's data and lists the bad one: "
                + onFx(() -> window.problemsPane().rowsForTests()));
    }

    @Test
    void anApexWhosePayloadCannotBeReadShowsItsPartsAndTheFaultWhereItIs(FxRobot robot, @TempDir Path dir) throws Exception {
        DamagedImages.Damaged apex = DamagedImages.apexWithoutPayloadMagic(dir);
        browser.open(apex.image());

        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "no dialog: the window says it");
        waitFor(() -> onFx(() -> window.warningBar().text()).contains("payload"), "the yellow bar says what is wrong");
        List<EntryRow> rows = onFx(() -> window.treePane().tree().getRoot().getChildren().stream().map(TreeItem::getValue).toList());
        assertEquals(List.of("Zip", "apex_manifest.pb", "apex_pubkey", "AVB", "payload layout"),
                rows.stream().filter(r -> r.kind() == EntryRow.Kind.PART).map(r -> r.part().name()).toList(),
                "its parts, as for a readable APEX: " + rows);
        assertTrue(rows.stream().anyMatch(r -> r.kind() == EntryRow.Kind.FAULT), "and the fault where its tree would be");
        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().stream()
                .anyMatch(r -> r.offset() == apex.offsets()[0])), "Problems names the payload's magic, at its offset in the file");
    }

    @Test
    void aTruncatedImageShowsTheEntriesBeforeTheCutAndListsWhatIsCutOff(@TempDir Path dir) throws Exception {
        erofsbrowser.Fixture plain = erofsbrowser.Fixture.mini("plain");
        long cut;
        try (erofsbrowser.erofs.ErofsImage image = plain.open()) {
            cut = image.lookup("/time").inode().offset() + 1; // inside the inode of a directory near the end
        }
        Path truncated = dir.resolve("truncated.erofs");
        java.nio.file.Files.write(truncated, Arrays.copyOf(java.nio.file.Files.readAllBytes(plain.image()), (int) cut));
        browser.open(truncated);

        List<EntryRow> rows = childrenOf("/");
        assertTrue(rows.stream().anyMatch(r -> r.kind() == EntryRow.Kind.ENTRY && r.name().equals("bigdir")), "entries before the cut");
        assertTrue(rows.stream().anyMatch(r -> r.hasFault() && r.name().equals("time")) ,
                "the entry cut off, marked where it is: " + rows);
        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().stream().anyMatch(r -> r.path().equals("/time"))),
                "listed under Problems");
    }
}

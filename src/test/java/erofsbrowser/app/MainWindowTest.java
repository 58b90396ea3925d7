package erofsbrowser.app;

import erofsbrowser.Fixture;
import erofsbrowser.app.hex.Highlight;
import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.Field;
import erofsbrowser.image.FieldTrees;
import erofsbrowser.image.Node;
import erofsbrowser.open.ImageFiles;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeTableView;
import javafx.scene.image.WritableImage;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static erofsbrowser.app.WindowFixture.onFx;
import static erofsbrowser.app.WindowFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main window, driven as a person would, headless on Monocle. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private static final Fixture PLAIN = Fixture.mini("plain");

    @RegisterExtension
    final WindowFixture browser = WindowFixture.withPreferences("erofsbrowser-test");
    private MainWindowController window;

    @Start
    void start(Stage stage) {
        window = browser.start(stage);
    }

    /** Looks up nodes in this test's window only: windows of earlier tests may still be closing. */
    private org.testfx.service.query.NodeQuery inWindow(FxRobot robot) {
        return robot.from(window.stage().getScene().getRoot());
    }

    private EntryView shown() {
        return onFx(() -> window.selection().view().get());
    }

    private EntryView revealAndWait(String path) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.reveal(path.getBytes(StandardCharsets.UTF_8))).get();
        waitFor(() -> shown() != null && shown().title().equals(path),
                "the details of " + path + " (showing " + (shown() == null ? "nothing" : shown().title()) + ")");
        return shown();
    }

    /** Whether the JSON line has {@code "key": value} as a whole value. */
    private static boolean hasNumber(String line, String key, String value) {
        return line.matches(".*\"" + key + "\": " + java.util.regex.Pattern.quote(value) + "[,}].*");
    }

    private static String listing(String path) throws Exception {
        return PLAIN.expectedLines().stream().filter(l -> l.contains("\"path\": \"" + path + "\"")).findFirst().orElseThrow();
    }

    private static Field structure(EntryView view, String prefix) {
        return view.structures().stream().filter(f -> f.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void theDetailPaneShowsTheKernelsValuesForAFile() throws Exception {
        browser.open(PLAIN.image());
        String line = listing("/perm/setuid");
        EntryView v = revealAndWait("/perm/setuid");
        String mode = v.fact("mode").split(" ")[0];
        assertTrue(line.contains("\"mode\": \"0o" + mode.substring(1) + "\""), "mode " + v.fact("mode") + " vs " + line);
        assertTrue(v.fact("mode").contains("rwsr-xr-x"));
        String[] owner = v.fact("uid / gid").split(" / ");
        assertTrue(hasNumber(line, "uid", owner[0]), line);
        assertTrue(hasNumber(line, "gid", owner[1]), line);
        assertTrue(hasNumber(line, "size", v.fact("size").replace(",", "").replace(" bytes", "")), line);
    }

    @Test
    void theStructureTreeHoldsTheXattrsOfTheKernelsListing() throws Exception {
        browser.open(PLAIN.image());
        String line = listing("/xattr/plain");
        EntryView v = revealAndWait("/xattr/plain");
        List<Field> entries = v.structures().stream().flatMap(s -> FieldTrees.flatten(s).stream())
                .filter(f -> f.name().startsWith("erofs_xattr_entry")).toList();
        assertFalse(entries.isEmpty());
        for (Field x : entries) {
            String name = x.meaning().substring(0, x.meaning().indexOf(" = "));
            assertTrue(line.contains("\"" + name + "\": "), name + " is in the kernel's listing");
        }
        String listed = line.substring(line.indexOf("\"xattrs\": {"));
        assertEquals(listed.split("\": \"").length - 1, entries.size(), "as many xattrs as the kernel lists");
    }

    @Test
    void selectingAFileTintsAndScrollsToItsInode() throws Exception {
        browser.open(PLAIN.image());
        long inodeOffset;
        try (ErofsImage image = PLAIN.open()) {
            inodeOffset = image.lookup("/hello.txt").inode().offset();
        }
        revealAndWait("/hello.txt");
        List<Highlight> highlights = onFx(() -> window.hexPane().rawHex().getHighlights());
        assertTrue(highlights.stream().anyMatch(h -> h.offset() == inodeOffset && h.label().startsWith("erofs_inode")),
                "the inode is tinted: " + highlights);
        assertVisible(inodeOffset, "the raw view shows the inode");
    }

    private void assertVisible(long offset, String what) throws Exception {
        waitFor(() -> onFx(() -> {
            long row = offset / window.hexPane().rawHex().bytesPerRow();
            long first = window.hexPane().rawHex().firstVisibleRow();
            return row >= first && row < first + window.hexPane().rawHex().visibleRowCount();
        }), what);
    }

    @Test
    void selectingAFieldTintsExactlyItsBytesAndScrollsThere() throws Exception {
        browser.open(PLAIN.image());
        EntryView v = revealAndWait("/text-70k.txt");
        Field size = structure(v, "erofs_inode").child("i_size");
        WaitForAsyncUtils.asyncFx(() -> window.detailPane().reveal(List.of(structure(v, "erofs_inode"), size))).get();
        waitFor(() -> size.equals(onFx(() -> window.selection().field().get())), "i_size is the selected field");
        List<Highlight> highlights = onFx(() -> window.hexPane().rawHex().getHighlights());
        Highlight last = highlights.get(highlights.size() - 1);
        assertEquals(size.offset(), last.offset(), "the field's first byte is tinted, over its structure");
        assertEquals(size.size(), last.length(), "exactly its bytes");
        assertEquals(StructureTints.FIELD.color(), last.color());
        assertVisible(size.offset(), "the raw view shows the field");
    }

    @Test
    void clickingAByteOfAFilesSizeSelectsThatFieldAndNamesIt(FxRobot robot) throws Exception {
        browser.open(PLAIN.image());
        long sizeByte;
        long size;
        try (ErofsImage image = PLAIN.open()) {
            Entry hello = image.lookup("/hello.txt");
            sizeByte = hello.inode().offset() + 8; // i_size, in both inode forms
            size = hello.inode().size();
        }
        revealAndWait("/dup");
        waitFor(() -> onFx(() -> window.selection().ownerMap().get()) != null, "the byte map is built");
        clickByte(robot, sizeByte);
        waitFor(() -> shown() != null && shown().title().equals("/hello.txt"), "the file is selected in the tree");
        waitFor(() -> onFx(() -> window.detailPane().selectedField()) != null
                && onFx(() -> window.detailPane().selectedField().name()).equals("i_size"), "i_size is selected");
        Label status = robot.lookup("#statusOwner").queryAs(Label.class);
        waitFor(() -> status.getText().contains("i_size of /hello.txt (le"), "the status names it: " + status.getText());
        assertTrue(status.getText().contains("= " + size), status.getText());
    }

    private void clickByte(FxRobot robot, long offset) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.hexPane().rawHex().scrollTo(offset)).get();
        WaitForAsyncUtils.waitForFxEvents();
        Bounds cell = onFx(() -> window.hexPane().rawHex().cellBounds(offset).orElseThrow());
        Point2D onScreen = onFx(() -> window.hexPane().rawHex().localToScreen(cell.getCenterX(), cell.getCenterY()));
        robot.clickOn(onScreen);
    }

    @Test
    void clickingADirentByteSelectsItsEntryAndItsField(FxRobot robot) throws Exception {
        browser.open(PLAIN.image());
        long direntOffset;
        try (ErofsImage image = PLAIN.open()) {
            direntOffset = image.lookup("/hello.txt").dirent().range().offset() + 3;
        }
        waitFor(() -> onFx(() -> window.selection().ownerMap().get()) != null, "the byte map is built");
        clickByte(robot, direntOffset);
        Label status = robot.lookup("#statusOwner").queryAs(Label.class);
        waitFor(() -> status.getText().contains("nid of /hello.txt"), "the status names the field and entry: " + status.getText());
        waitFor(() -> "nid".equals(onFx(() -> window.detailPane().selectedField() == null ? null
                : window.detailPane().selectedField().name())), "the dirent's nid is selected");
    }

    @Test
    void theNextAndPreviousFieldKeysStepThroughTheFieldsInByteOrder(FxRobot robot) throws Exception {
        browser.open(PLAIN.image());
        EntryView v = revealAndWait("/hello.txt");
        Field inode = structure(v, "erofs_inode");
        WaitForAsyncUtils.asyncFx(() -> window.detailPane().reveal(List.of(inode, inode.child("i_mode")))).get();
        waitFor(() -> "i_mode".equals(onFx(() -> window.detailPane().selectedField() == null ? null
                : window.detailPane().selectedField().name())), "i_mode is selected");
        // Focus given directly: a click could land on a neighbouring row while a busy machine lays the tree out.
        WaitForAsyncUtils.asyncFx(() -> inWindow(robot).lookup("#structureTree").query().requestFocus()).get();
        waitFor(() -> onFx(() -> inWindow(robot).lookup("#structureTree").query().isFocused()), "the structure tree has the focus");
        assertEquals("i_mode", onFx(() -> window.detailPane().selectedField().name()));
        robot.push(javafx.scene.input.KeyCode.ALT, javafx.scene.input.KeyCode.DOWN);
        waitFor(() -> "i_nb".equals(onFx(() -> window.detailPane().selectedField().name())), "the next field");
        robot.push(javafx.scene.input.KeyCode.ALT, javafx.scene.input.KeyCode.UP);
        waitFor(() -> "i_mode".equals(onFx(() -> window.detailPane().selectedField().name())), "the previous field");
    }

    @Test
    void aFieldThatFailsACheckIsMarked(FxRobot robot, @TempDir Path dir) throws Exception {
        Path damaged = dir.resolve("reserved.erofs");
        byte[] bytes = Files.readAllBytes(PLAIN.image());
        long inodeOffset;
        boolean extended;
        try (ErofsImage image = PLAIN.open()) {
            Entry hello = image.lookup("/hello.txt");
            inodeOffset = hello.inode().offset();
            extended = hello.inode().extended();
        }
        bytes[(int) inodeOffset + (extended ? 60 : 30)] = 0x5a; // i_reserved: the reader ignores it, the dissector flags it
        Files.write(damaged, bytes);
        browser.open(damaged);
        EntryView v = revealAndWait("/hello.txt");
        Field inode = structure(v, "erofs_inode");
        Field reserved = inode.child(extended ? "i_reserved2" : "i_reserved");
        assertFalse(reserved.problems().isEmpty(), "the field has a problem");
        WaitForAsyncUtils.asyncFx(() -> window.detailPane().reveal(List.of(inode, reserved))).get();
        waitFor(() -> reserved.equals(onFx(() -> window.detailPane().selectedField())), "the field is selected");
        waitFor(() -> inWindow(robot).lookup("#structureTree").lookup(".field-problem").tryQuery().isPresent(),
                "the field's row is marked");
        assertTrue(robot.lookup(".problem-mark").tryQuery().isPresent(), "with a mark");
    }

    @Test
    void aChecksumMismatchIsAWarningAndTheImageOpens(FxRobot robot, @TempDir Path dir) throws Exception {
        Path damaged = dir.resolve("badsum.erofs");
        byte[] bytes = Files.readAllBytes(PLAIN.image());
        bytes[1024 + 106] ^= 1; // a reserved superblock byte: covered by the checksum, read by nobody
        Files.write(damaged, bytes);
        browser.open(damaged);
        Label warning = robot.lookup("#warningLabel").queryAs(Label.class);
        waitFor(() -> warning.isVisible() && warning.getText().contains("checksum"), "a warning is shown");
        assertEquals("file", revealAndWait("/hello.txt").fact("type"), "the image opened");
    }

    @Test
    void selectingADataRunTintsItsBytes(FxRobot robot) throws Exception {
        browser.open(Fixture.mini("lz4hc-big-pcluster").image());
        EntryView v = revealAndWait("/text-70k.txt");
        int index = 0;
        while (v.runs().get(index).stored() == null) {
            index++;
        }
        var run = v.runs().get(index);
        robot.clickOn(inWindow(robot).lookup("Data layout").queryLabeled()); // the table shows once the pane is opened
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TableView<?> table = inWindow(robot).lookup("#runTable").queryAs(javafx.scene.control.TableView.class);
        int row = index;
        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(row)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(onFx(() -> window.hexPane().rawHex().getHighlights()).stream().anyMatch(h -> h.offset() == run.stored().offset()
                && h.length() == run.stored().length() && h.color().equals(StructureTints.FIELD.color())),
                "the run's bytes are tinted");
    }

    @Test
    void extractingOverExistingFilesAsksOnceAndSumsUp(FxRobot robot, @TempDir Path dir) throws Exception {
        browser.open(PLAIN.image());
        Path dest = Files.createDirectory(dir.resolve("dest"));
        Files.writeString(dest.resolve("hello.txt"), "mine");
        var image = window.session().image();
        List<Node> entries = List.of(image.lookup("/hello.txt".getBytes(StandardCharsets.UTF_8)),
                image.lookup("/dup".getBytes(StandardCharsets.UTF_8)));
        WaitForAsyncUtils.asyncFx(() -> window.actions().extractTo(entries, dest)).get();
        waitFor(() -> robot.lookup("Keep both").tryQuery().isPresent(), "the question about existing files");
        robot.clickOn("Keep both");
        waitFor(() -> robot.lookup(".dialog-pane").match(n -> ((DialogPane) n).getHeaderText() != null
                && ((DialogPane) n).getHeaderText().startsWith("Extraction finished")).tryQuery().isPresent(), "a summary");
        DialogPane summary = robot.lookup(".dialog-pane").match(n -> ((DialogPane) n).getHeaderText() != null
                && ((DialogPane) n).getHeaderText().startsWith("Extraction finished")).queryAs(DialogPane.class);
        assertTrue(summary.getContentText().contains("written to " + dest), summary.getContentText());
        assertEquals("mine", Files.readString(dest.resolve("hello.txt")), "the existing file is kept");
        assertTrue(Files.exists(dest.resolve("hello (2).txt")), "the image's file beside it");
        assertTrue(Files.isDirectory(dest.resolve("dup")));
        WaitForAsyncUtils.asyncFx(() -> ((Stage) summary.getScene().getWindow()).close()).get();
    }

    @Test
    void openFromTheContextMenuHandsTheExtractedFileToTheSystemsApplication(FxRobot robot) throws Exception {
        java.util.concurrent.CompletableFuture<String> opened = new java.util.concurrent.CompletableFuture<>();
        window.actions().openDocumentsWith(opened::complete);
        browser.open(PLAIN.image());
        revealAndWait("/hello.txt");
        javafx.scene.control.TreeTableRow<?> row = robot.lookup(".tree-table-row-cell").match(n ->
                n instanceof javafx.scene.control.TreeTableRow<?> r && r.isSelected() && r.getTreeTableView().getId().equals("tree")).query();
        robot.clickOn(row);
        // Monocle turns no right click into a context-menu request: send the request a right click makes.
        Bounds b = row.getBoundsInLocal();
        Point2D screen = row.localToScreen(b.getCenterX(), b.getCenterY());
        WaitForAsyncUtils.asyncFx(() -> row.fireEvent(new javafx.scene.input.ContextMenuEvent(
                javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, b.getCenterX(), b.getCenterY(),
                screen.getX(), screen.getY(), false, null))).get();
        robot.clickOn("Open");
        Path file = Path.of(java.net.URI.create(opened.get(20, TimeUnit.SECONDS)));
        assertEquals("hello.txt", file.getFileName().toString());
        assertTrue(file.startsWith(browser.app().tempFolders().session()), "in the session's private folder: " + file);
        try (ErofsImage image = PLAIN.open()) {
            Entry hello = image.lookup("/hello.txt");
            assertEquals(new String(image.data(hello.inode()).readFully(0, (int) hello.size()), StandardCharsets.UTF_8),
                    Files.readString(file));
        }
    }

    @Test
    void saveAsReplacesAnExistingFileWithTheWholeFileAndLeavesNothingElse(@TempDir Path dir) throws Exception {
        browser.open(PLAIN.image());
        Path target = dir.resolve("kept name.txt");
        Files.writeString(target, "an older file the person chose to replace");
        Node text = window.session().image().lookup("/text-70k.txt".getBytes(StandardCharsets.UTF_8));
        Task<Path> task = WaitForAsyncUtils.asyncFx(() -> window.actions().saveAs(text, target)).get();
        waitFor(() -> onFx(task::isDone), "the file is saved");
        assertEquals(Worker.State.SUCCEEDED, onFx(task::getState));
        assertEquals(text.size(), Files.size(target));
        byte[] expected = window.session().image().content(text).readFully(0, (int) text.size());
        assertTrue(java.util.Arrays.equals(expected, Files.readAllBytes(target)), "the image's bytes");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no staging folder is left beside it");
        }
    }

    @Test
    void theDragSizeThatAsksFirstIsSetInPreferences(FxRobot robot) throws Exception {
        robot.clickOn("File").clickOn("Preferences…");
        waitFor(() -> robot.lookup("#drag-limit").tryQuery().isPresent(), "the preferences dialog");
        javafx.scene.control.Spinner<?> spinner = robot.lookup("#drag-limit").queryAs(javafx.scene.control.Spinner.class);
        robot.doubleClickOn(spinner.getEditor()).eraseText(12).write("200");
        WritableImage dialog = WaitForAsyncUtils.asyncFx(() -> spinner.getScene().snapshot(null)).get();
        Screenshots.writePng(dialog, Path.of("target", "screenshots", "preferences.png"));
        robot.clickOn("OK");
        waitFor(() -> window.dragPrepareLimit() == 200L << 20, "the new limit is kept: " + window.dragPrepareLimit());
        Preferences stored = browser.preferences();
        assertEquals(200L << 20, stored.getLong("dragPrepareLimitBytes", 0), "kept for the next start");
        stored.remove("dragPrepareLimitBytes");
    }

    @Test
    void findingBytesInTheRawViewSelectsTheSuperblockMagic(FxRobot robot) throws Exception {
        browser.open(PLAIN.image());
        robot.clickOn("#findField").write("e2 e1 f5 e0").type(javafx.scene.input.KeyCode.ENTER);
        Label status = robot.lookup("#statusOwner").queryAs(Label.class);
        waitFor(() -> status.getText().contains("found at offset 0x400"), "found: " + status.getText());
        assertEquals(new erofsbrowser.app.hex.Selection(1024, 1028), onFx(() -> window.hexPane().rawHex().getSelection()));
    }

    @Test
    void anOffsetPastTheEndSaysSo(FxRobot robot) throws Exception {
        browser.open(PLAIN.image());
        robot.clickOn("#offsetField").write("0x7fffffff").type(javafx.scene.input.KeyCode.ENTER);
        Label status = robot.lookup("#statusOwner").queryAs(Label.class);
        waitFor(() -> status.getText().contains("past the end"), "feedback: " + status.getText());
        assertTrue(status.getStyleClass().contains("status-failure"), "shown as a failure");
        revealAndWait("/hello.txt");
        waitFor(() -> !status.getText().contains("past the end"), "a good action since: the failure is gone: " + status.getText());
    }

    @Test
    void findByNameListsMatchesBestFirstAndAClickShowsTheEntryEverywhere(FxRobot robot) throws Exception {
        browser.open(PLAIN.image());
        robot.clickOn(".find-bar .text-field").write("hello");
        waitFor(() -> inWindow(robot).lookup("#results").tryQuery().isPresent(), "the results list opens");
        ListView<?> results = inWindow(robot).lookup("#results").queryAs(ListView.class);
        long expected = PLAIN.expectedLines().stream().filter(l -> l.matches(".*\"path\": \"[^\"]*/[^/\"]*hello[^/\"]*\".*"))
                .count();
        waitFor(() -> onFx(() -> results.getItems().size()) == expected, "every match is listed: " + onFx(() -> List.copyOf(results.getItems())));
        assertEquals("/hello.txt", onFx(() -> results.getItems().get(0)), "the exact name comes first");
        Label heading = inWindow(robot).lookup(".find-results .detail-heading").queryAs(Label.class);
        waitFor(() -> heading.getText().startsWith(expected == 1 ? "1 entry " : expected + " entries "), heading.getText());
        robot.clickOn(results.lookup(".list-cell"));
        waitFor(() -> shown() != null && shown().title().equals("/hello.txt"), "the details show the entry");
        TreeTableView<?> tree = inWindow(robot).lookup("#tree").queryAs(TreeTableView.class);
        waitFor(() -> onFx(() -> tree.getSelectionModel().getSelectedItem() != null
                && ((EntryRow) tree.getSelectionModel().getSelectedItem().getValue()).name().equals("hello.txt")),
                "the tree reveals it");
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        waitFor(() -> !onFx(() -> window.treePane().findResultsShown()), "one key gives the whole tree back");
    }

    @Test
    void typingInTheTreeSelectsTheNextEntryWhoseNameStartsWithWhatWasTyped(FxRobot robot) throws Exception {
        browser.open(PLAIN.image());
        waitFor(() -> onFx(() -> window.treePane().rootShown()), "the root's entries");
        TreeTableView<?> tree = inWindow(robot).lookup("#tree").queryAs(TreeTableView.class);
        robot.clickOn(tree.lookup(".tree-table-row-cell"));

        robot.write("he");
        waitFor(() -> "hello.txt".equals(onFx(() -> window.treePane().selectedRow().name())),
                "'he' selects hello.txt (not hard-a, which 'h' alone would): " + onFx(() -> window.treePane().selectedRow().name()));

        WaitForAsyncUtils.sleep(1200, TimeUnit.MILLISECONDS); // a pause starts a new prefix
        robot.write("d");
        waitFor(() -> "deep".equals(onFx(() -> window.treePane().selectedRow().name())),
                "after a pause, 'd' searches on from hello.txt, round to the top: " + onFx(() -> window.treePane().selectedRow().name()));
    }

    @Test
    void aTextFileShowsAsTextAndABinaryOneInHex() throws Exception {
        browser.open(PLAIN.image());
        revealAndWait("/hello.txt");
        waitFor(() -> onFx(() -> window.hexPane().showsContentAsText())
                && onFx(() -> window.hexPane().contentTextForTests()).startsWith("hello"), "text");
        revealAndWait("/sparse.bin");
        waitFor(() -> !onFx(() -> window.hexPane().showsContentAsText()), "binary content opens in hex");
    }

    @Test
    void aFileThatCannotBeOpenedAsAnImageIsShownAsBytesWithItsFaultMarked(FxRobot robot, @TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.erofs");
        byte[] bytes = Files.readAllBytes(PLAIN.image());
        bytes[1024] ^= (byte) 0xFF; // the superblock's magic
        Files.write(bad, bytes);
        browser.open(bad);
        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "no dialog: the window says it");
        waitFor(() -> onFx(() -> window.warningBar().text()).contains("cannot be read as an image"),
                "the yellow bar says why: " + onFx(() -> window.warningBar().text()));
        assertEquals(bytes.length, onFx(() -> window.hexPane().rawHex().getSource().length()), "every byte viewable");
        EntryRow imageRow = onFx(() -> window.treePane().selectedRow());
        assertEquals(EntryRow.Kind.IMAGE, imageRow.kind());
        assertTrue(imageRow.hasFault(), "the image's row is marked");
        waitFor(() -> shown() != null && !shown().structures().isEmpty(), "the superblock is dissected");
        Field sb = shown().structures().get(0);
        assertEquals("erofs_super_block", sb.name());
        Field magic = sb.child("magic");
        assertTrue(magic.problems().stream().anyMatch(p -> p.message().contains("magic")),
                "the fault is marked on the magic field: " + magic.problems());
        waitFor(() -> onFx(() -> window.problemsPane().rowsForTests().size()) == 1, "and listed under Problems");

        WaitForAsyncUtils.asyncFx(() -> window.open(PLAIN.image(), 0)).get();
        waitFor(() -> browser.app().windows().size() == 2 && browser.app().windows().get(1).session() != null,
                "another image opens beside it");
    }

    @Test
    void aLongTaskCanBeCancelledAndTheFxThreadNeverReadsTheImage(FxRobot robot, @TempDir Path dir) throws Exception {
        Path big = ExtractionFromTheAppTest.imageWithHugeFiles(dir);
        ReaderWatch[] watch = new ReaderWatch[1];
        window.openSessionsWith((file, offset, progress, cancelled) -> {
            // Holes handed over as zeros, paced: reading the 4 GiB files takes long enough to cancel half-way.
            watch[0] = new ReaderWatch(HolesAsZeros.paced(ImageFiles.open(file, offset, List.of())));
            return ImageSession.of(file, offset, watch[0]);
        });
        browser.open(big);
        waitFor(() -> onFx(() -> window.selection().ownerMap().get()) != null
                && onFx(() -> window.tasks().running().isEmpty()), "opening work is done");
        Task<?> task = WaitForAsyncUtils.asyncFx(() -> window.problemsPane().verify()).get();
        waitFor(() -> onFx(task::getProgress) > 0, "the verification makes progress");
        revealAndWait("/bigdir/f000");
        robot.clickOn("#cancelTask");
        waitFor(task::isDone, "the task ends");
        assertEquals(Worker.State.CANCELLED, onFx(task::getState));
        assertTrue(onFx(task::getProgress) < 0.5, "it stopped long before the end: " + onFx(task::getProgress));
        waitFor(() -> onFx(() -> window.tasks().running().isEmpty()), "the task strip empties");
        assertEquals("file", revealAndWait("/bigdir/f001").fact("type"), "the window still answers");
        assertNotNull(watch[0]);
        assertEquals(List.of(), watch[0].callsOnTheFxThread(), "no read of the image ran on the JavaFX thread");
    }

    @Test
    void anExt4ImageOpensByItsBytesAndItsFieldsAreFoundAtTheirBytes(FxRobot robot, @TempDir Path dir) throws Exception {
        Path image = dir.resolve("system.img"); // a name that says nothing: the bytes decide
        Files.copy(Path.of("src/test/resources/fixtures-ext4/mini-ext4-4k.img"), image);
        browser.open(image);
        assertEquals("ext4", onFx(() -> window.session().image().formatName()));
        EntryView v = revealAndWait("/hello.txt");
        assertEquals("13 bytes", v.fact("size"));
        Field inode = v.structures().stream().filter(f -> f.name().contains("inode")).findFirst().orElseThrow();
        Field size = inode.children().stream().filter(f -> f.name().startsWith("i_size")).findFirst().orElseThrow();
        waitFor(() -> onFx(() -> window.selection().ownerMap().get()) != null, "the byte map is built");
        revealAndWait("/dup");
        clickByte(robot, size.offset());
        waitFor(() -> shown() != null && shown().title().equals("/hello.txt"), "the file is selected");
        waitFor(() -> onFx(() -> window.detailPane().selectedField()) != null
                && onFx(() -> window.detailPane().selectedField().name()).startsWith("i_size"), "its size field is selected");
        snapshot("main-window-ext4.png");
    }

    private static final Path APEX_DIR = Path.of(System.getProperty("apex.dir", "../shared/apex"));

    @Test
    void anApexOpensWithItsPartsAndAManifestFieldIsTintedOnItsBytes(FxRobot robot) throws Exception {
        browser.open(APEX_DIR.resolve("com.example.erofs.apex"));
        assertTrue(onFx(() -> window.session().image().formatName()).startsWith("APEX"));
        TreeTableView<?> tree = inWindow(robot).lookup("#tree").queryAs(TreeTableView.class);
        javafx.scene.control.TreeItem<?> manifestItem = onFx(() -> tree.getRoot().getChildren().stream()
                .filter(i -> ((EntryRow) i.getValue()).name().equals("apex_manifest.pb")).findFirst().orElseThrow());
        WaitForAsyncUtils.asyncFx(() -> tree.getSelectionModel().select(tree.getRow((javafx.scene.control.TreeItem) manifestItem))).get();
        waitFor(() -> shown() != null && shown().title().equals("apex_manifest.pb"), "the manifest's part is shown");
        assertTrue(shown().facts().stream().anyMatch(f -> f.value().startsWith("version 340090000")), shown().facts().toString());
        Field manifest = shown().structures().get(0);
        Field version = FieldTrees.flatten(manifest).stream().filter(f -> f.name().equals("version")).findFirst().orElseThrow();
        WaitForAsyncUtils.asyncFx(() -> window.detailPane().reveal(List.of(manifest, version))).get();
        waitFor(() -> version.equals(onFx(() -> window.selection().field().get())), "the version field is selected");
        Highlight last = onFx(() -> window.hexPane().rawHex().getHighlights())
                .get(onFx(() -> window.hexPane().rawHex().getHighlights()).size() - 1);
        assertEquals(version.offset(), last.offset());
        assertEquals(version.size(), last.length());
        byte[] file = Files.readAllBytes(APEX_DIR.resolve("com.example.erofs.apex"));
        snapshot("main-window-apex.png");
        assertEquals(0x10, file[(int) version.offset()] & 0xFF, "the field's first byte is the protobuf key of field 2 (varint): "
                + Integer.toHexString(file[(int) version.offset()] & 0xFF));
    }

    @Test
    void anApexEntrysBytesAreGivenBothInTheFileAndInThePayload() throws Exception {
        browser.open(APEX_DIR.resolve("com.example.erofs.apex"));
        long payloadAt = onFx(() -> window.session().image().filesystemOffset());
        assertTrue(payloadAt > 0);
        EntryView bin = revealAndWait("/bin");
        String location = bin.facts().stream().filter(f -> f.name().equals("location")).findFirst().orElseThrow().value();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("0x(\\p{XDigit}+) .*;  0x(\\p{XDigit}+) .* in the payload").matcher(location);
        assertTrue(m.find(), location);
        assertEquals(payloadAt, Long.parseLong(m.group(1), 16) - Long.parseLong(m.group(2), 16), "two offsets of one byte: " + location);
        assertEquals("0x" + Long.toHexString(payloadAt + 0x400) + " (0x400 in the payload)",
                onFx(() -> window.selection().fileOffsetText(payloadAt + 0x400)), "the status bar's offset under the mouse");
        assertEquals("0x10", onFx(() -> window.selection().fileOffsetText(0x10)), "a byte of the zip is the file's only");
    }

    @Test
    void verifyingACorruptApexNamesTheBadBlockAndSelectingItSelectsTheFileThatOwnsIt(FxRobot robot) throws Exception {
        browser.open(APEX_DIR.resolve("com.example.erofs-corrupt-block300.apex"));
        waitFor(() -> onFx(() -> window.selection().ownerMap().get()) != null, "the byte map is built");
        WaitForAsyncUtils.asyncFx(() -> window.verifyForTests()).get();
        waitFor(() -> robot.lookup("#badBlocks").tryQuery().isPresent(), "the report opens");
        ListView<?> blocks = robot.lookup("#badBlocks").queryAs(ListView.class);
        waitFor(() -> onFx(() -> blocks.getItems().size()) > 0, "it lists the bad block");
        erofsbrowser.apex.CheckResult.BadBlock bad = (erofsbrowser.apex.CheckResult.BadBlock) onFx(() -> blocks.getItems().get(0));
        assertEquals(300, bad.index(), "data block 300");
        assertTrue(bad.owner().contains("/lib64/"), "it names the file that owns it: " + bad.owner());
        WaitForAsyncUtils.asyncFx(() -> blocks.getSelectionModel().select(0)).get();
        waitFor(() -> shown() != null && shown().title().startsWith("/lib64/") && bad.owner().contains(shown().title()),
                "selecting it selects the owning file: " + (shown() == null ? "nothing" : shown().title()));
        WaitForAsyncUtils.asyncFx(() -> ((Stage) blocks.getScene().getWindow()).close()).get();
    }

    @Test
    void snapshotOfTheMainWindow() throws Exception {
        browser.open(Fixture.mini("lz4hc-ztailpacking").image());
        EntryView v = revealAndWait("/text-70k.txt");
        Field inode = structure(v, "erofs_inode");
        WaitForAsyncUtils.asyncFx(() -> window.detailPane().reveal(List.of(inode, inode.child("i_size")))).get();
        Path out = snapshot("main-window.png");
        assertTrue(Files.size(out) > 10_000, "a real picture was written");

        WaitForAsyncUtils.asyncFx(() -> window.selectImageNodeForTests(true)).get();
        waitFor(() -> shown() != null && shown().node() == null, "the image's own structures");
        assertTrue(Files.size(snapshot("main-window-dark-superblock.png")) > 10_000);
        WaitForAsyncUtils.asyncFx(() -> window.selectImageNodeForTests(false)).get();
    }

    private Path snapshot(String name) throws Exception {
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> window.stage().getScene().snapshot(null)).get();
        return Screenshots.writePng(image, Path.of("target", "screenshots", name));
    }
}

package erofsbrowser.app;

import erofsbrowser.Fixture;
import erofsbrowser.app.hex.Highlight;
import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main window, driven as a person would, headless on Monocle. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private static final Fixture PLAIN = Fixture.mini("plain");

    private BrowserApp app;
    private MainWindowController window;

    @Start
    void start(Stage stage) {
        app = new BrowserApp(Preferences.userRoot().node("erofsbrowser-test"));
        window = app.openWindow(stage);
    }

    @AfterEach
    void closeWindows() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.windows().forEach(w -> w.stage().close())).get(5, TimeUnit.SECONDS);
    }

    private void openAndWait(MainWindowController w, Path image) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> w.open(image, 0)).get();
        waitFor(() -> w.session() != null, "the image opens");
    }

    private static void waitFor(BooleanSupplier condition, String what) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
        assertTrue(condition.getAsBoolean(), what);
    }

    private Details revealAndWait(String path) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.reveal(path.getBytes(StandardCharsets.UTF_8))).get();
        try {
            waitFor(() -> window.shownDetails() != null && window.shownDetails().title().equals(path), "details of " + path);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("details of " + path + " not shown; showing "
                    + (window.shownDetails() == null ? "nothing" : window.shownDetails().title()) + ", selected "
                    + window.selectedPathForTests(), e);
        }
        return window.shownDetails();
    }

    /** A value read on the FX thread (Task properties may only be read there). */
    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the JSON line has {@code "key": value} as a whole value. */
    private static boolean hasNumber(String line, String key, String value) {
        return line.matches(".*\"" + key + "\": " + java.util.regex.Pattern.quote(value) + "[,}].*");
    }

    private static String field(Details d, String name) {
        return d.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void detailPaneShowsTheKernelsValuesForAFile() throws Exception {
        openAndWait(window, PLAIN.image());
        String line = PLAIN.expectedLines().stream().filter(l -> l.contains("\"path\": \"/perm/setuid\"")).findFirst()
                .orElseThrow();
        Details d = revealAndWait("/perm/setuid");
        assertTrue(line.contains("\"mode\": \"0o" + field(d, "mode").split(" ")[0].substring(1) + "\""),
                "mode " + field(d, "mode") + " vs " + line);
        assertTrue(field(d, "mode").contains("rwsr-xr-x"));
        String[] owner = field(d, "uid / gid").split(" / ");
        assertTrue(hasNumber(line, "uid", owner[0]), line);
        assertTrue(hasNumber(line, "gid", owner[1]), line);
        assertTrue(hasNumber(line, "size", field(d, "size").replace(",", "").replace(" bytes", "")), line);
    }

    @Test
    void detailPaneListsTheXattrsOfTheKernelsListing() throws Exception {
        openAndWait(window, PLAIN.image());
        String line = PLAIN.expectedLines().stream().filter(l -> l.contains("\"path\": \"/xattr/plain\""))
                .findFirst().orElseThrow();
        Details d = revealAndWait("/xattr/plain");
        assertFalse(d.xattrs().isEmpty());
        for (Details.XattrRow x : d.xattrs()) {
            assertTrue(line.contains("\"" + x.name() + "\": "), x.name() + " is in the kernel's listing");
        }
        String listed = line.substring(line.indexOf("\"xattrs\": {"));
        assertEquals(listed.split("\": \"").length - 1, d.xattrs().size(), "as many xattrs as the kernel lists");
    }

    @Test
    void selectingAFileHighlightsAndScrollsToItsInode() throws Exception {
        openAndWait(window, PLAIN.image());
        long inodeOffset;
        try (ErofsImage image = PLAIN.open()) {
            inodeOffset = image.lookup("/hello.txt").inode().offset();
        }
        revealAndWait("/hello.txt");
        List<Highlight> highlights = window.rawHex().getHighlights();
        assertTrue(highlights.stream().anyMatch(h -> h.offset() == inodeOffset && h.label().equals("inode")),
                "the inode is highlighted: " + highlights);
        waitFor(() -> {
            long row = inodeOffset / 16;
            long first = window.rawHex().firstVisibleRow();
            return row >= first && row < first + window.rawHex().visibleRowCount();
        }, "the raw view shows the inode");
    }

    @Test
    void clickingADirentByteNamesItsEntryInTheStatusBar(FxRobot robot) throws Exception {
        openAndWait(window, PLAIN.image());
        long direntOffset;
        try (ErofsImage image = PLAIN.open()) {
            Entry hello = image.lookup("/hello.txt");
            direntOffset = hello.dirent().range().offset() + 3;
        }
        waitFor(() -> window.imageMapReady(), "the structure index is built");
        WaitForAsyncUtils.asyncFx(() -> window.rawHex().scrollTo(direntOffset)).get();
        WaitForAsyncUtils.waitForFxEvents();
        Bounds cell = window.rawHex().cellBounds(direntOffset).orElseThrow();
        Point2D onScreen = window.rawHex().localToScreen(cell.getCenterX(), cell.getCenterY());
        robot.clickOn(onScreen);
        Label status = robot.lookup("#statusOwner").queryAs(Label.class);
        waitFor(() -> status.getText().contains("/hello.txt"), "status names the entry: " + status.getText());
        assertTrue(status.getText().contains("dirent"), status.getText());
    }

    @Test
    void aChecksumMismatchIsAWarningAndTheImageOpens(FxRobot robot, @TempDir Path dir) throws Exception {
        Path damaged = dir.resolve("badsum.erofs");
        byte[] bytes = Files.readAllBytes(PLAIN.image());
        bytes[1024 + 106] ^= 1; // a reserved superblock byte: covered by the checksum, read by nobody
        Files.write(damaged, bytes);
        openAndWait(window, damaged);
        Label warning = robot.lookup("#warningLabel").queryAs(Label.class);
        waitFor(() -> warning.isVisible() && warning.getText().contains("checksum"), "a warning is shown");
        assertEquals("file", field(revealAndWait("/hello.txt"), "type"), "the image opened");
    }

    @Test
    void selectingAnExtentHighlightsItsBytes(FxRobot robot) throws Exception {
        openAndWait(window, Fixture.mini("lz4hc-big-pcluster").image());
        Details d = revealAndWait("/text-70k.txt");
        Details.ExtentRow extent = d.extents().stream().filter(e -> e.physicalRange() != null).findFirst().orElseThrow();
        javafx.scene.control.TableView<?> table = robot.lookup("#extentTable").queryAs(javafx.scene.control.TableView.class);
        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(0)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.rawHex().getHighlights().stream().anyMatch(h -> h.offset() == extent.physicalRange().offset()
                && h.length() == extent.physicalRange().length() && h.label().equals("selected extent")),
                "the extent's bytes are tinted: " + window.rawHex().getHighlights());
    }

    @Test
    void extractingOverExistingFilesAsksOnceAndSumsUp(FxRobot robot, @TempDir Path dir) throws Exception {
        openAndWait(window, PLAIN.image());
        Path dest = Files.createDirectory(dir.resolve("dest"));
        Files.writeString(dest.resolve("hello.txt"), "mine");
        ErofsImage image = window.session().image();
        List<Entry> entries = List.of(image.lookup("/hello.txt"), image.lookup("/dup"));
        WaitForAsyncUtils.asyncFx(() -> window.extractTo(entries, dest)).get();
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
        window.openDocumentsWith(opened::complete);
        openAndWait(window, PLAIN.image());
        revealAndWait("/hello.txt");
        javafx.scene.control.TreeTableRow<?> row = robot.lookup(".tree-table-row-cell").match(n ->
                n instanceof javafx.scene.control.TreeTableRow<?> r && r.isSelected()).query();
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
        assertTrue(file.startsWith(app.tempFolders().session()), "in the session's private folder: " + file);
        ErofsImage image = window.session().image();
        Entry hello = image.lookup("/hello.txt");
        assertEquals(new String(image.data(hello.inode()).readFully(0, (int) hello.inode().size()), StandardCharsets.UTF_8),
                Files.readString(file));
    }

    @Test
    void saveAsReplacesAnExistingFileWithTheWholeFileAndLeavesNothingElse(@TempDir Path dir) throws Exception {
        openAndWait(window, PLAIN.image());
        Path target = dir.resolve("kept name.txt");
        Files.writeString(target, "an older file the person chose to replace");
        Entry text = window.session().image().lookup("/text-70k.txt");
        Task<Path> task = WaitForAsyncUtils.asyncFx(() -> window.saveAs(text, target)).get();
        waitFor(() -> onFx(task::isDone), "the file is saved");
        assertEquals(Worker.State.SUCCEEDED, onFx(task::getState));
        assertEquals(text.inode().size(), Files.size(target));
        byte[] expected = window.session().image().data(text.inode()).readFully(0, (int) text.inode().size());
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
        Preferences stored = Preferences.userRoot().node("erofsbrowser-test");
        assertEquals(200L << 20, stored.getLong("dragPrepareLimitBytes", 0), "kept for the next start");
        stored.remove("dragPrepareLimitBytes");
    }

    @Test
    void findingBytesInTheRawViewSelectsTheSuperblockMagic(FxRobot robot) throws Exception {
        openAndWait(window, PLAIN.image());
        robot.clickOn("#findField").write("e2 e1 f5 e0").type(javafx.scene.input.KeyCode.ENTER);
        Label status = robot.lookup("#statusOwner").queryAs(Label.class);
        waitFor(() -> status.getText().contains("found at offset 1,024"), "found: " + status.getText());
        assertEquals(new erofsbrowser.app.hex.Selection(1024, 1028), window.rawHex().getSelection());
    }

    @Test
    void findByNameListsMatchesFromTheWholeImageAndRevealsOne(FxRobot robot) throws Exception {
        openAndWait(window, PLAIN.image());
        robot.clickOn("#filterField").write("hello");
        javafx.scene.control.ListView<?> results = robot.lookup("#filterResults").queryAs(javafx.scene.control.ListView.class);
        waitFor(() -> results.getItems().contains("/hello.txt"), "results: " + results.getItems());
        long expected = PLAIN.expectedLines().stream().filter(l -> l.matches(".*\"path\": \"[^\"]*/[^/\"]*hello[^/\"]*\".*"))
                .count();
        waitFor(() -> results.getItems().size() == expected, "every match is listed: " + results.getItems());
        robot.clickOn(results.lookup(".list-cell"));
        waitFor(() -> window.shownDetails() != null && window.shownDetails().title().equals("/hello.txt"), "revealed");
    }

    @Test
    void aCorruptImageShowsAnErrorAndTheWindowKeepsWorking(FxRobot robot, @TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.erofs");
        byte[] bytes = Files.readAllBytes(PLAIN.image());
        bytes[1024] ^= (byte) 0xFF;
        Files.write(bad, bytes);
        WaitForAsyncUtils.asyncFx(() -> window.open(bad, 0)).get();
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog appears");
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().contains("magic") && pane.getContentText().contains("byte offset 1024"),
                pane.getContentText());
        WaitForAsyncUtils.asyncFx(() -> ((Stage) pane.getScene().getWindow()).close()).get();
        Label placeholder = (Label) robot.lookup(".tree-table-view .placeholder .label").query();
        assertTrue(placeholder.getText().startsWith("bad.erofs could not be opened"),
                () -> "the empty tree says why, not that it is still opening: " + placeholder.getText());

        openAndWait(window, PLAIN.image());
        Details d = revealAndWait("/hello.txt");
        assertEquals("file", field(d, "type"), "the window still works");
    }

    @Test
    void aLongTaskCanBeCancelledAndTheUiStaysResponsive(FxRobot robot, @TempDir Path dir) throws Exception {
        openAndWait(window, ExtractionFromTheAppTest.imageWithHugeFiles(dir));
        waitFor(() -> window.imageMapReady() && onFx(() -> window.tasks().running().isEmpty()), "opening work is done");
        AtomicLong worstGapMillis = new AtomicLong();
        AtomicLong last = new AtomicLong(System.nanoTime());
        javafx.animation.AnimationTimer watchdog = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                long gap = (System.nanoTime() - last.getAndSet(System.nanoTime())) / 1_000_000;
                worstGapMillis.accumulateAndGet(gap, Math::max);
            }
        };
        Task<?> task = WaitForAsyncUtils.asyncFx(() -> {
            window.startVerification();
            last.set(System.nanoTime());
            watchdog.start();
            return window.tasks().running().get(0);
        }).get();
        waitFor(() -> onFx(task::getProgress) > 0, "the verification makes progress");
        Thread.sleep(500);
        robot.clickOn("#cancelTask");
        waitFor(() -> task.isDone(), "the task ends");
        WaitForAsyncUtils.asyncFx(watchdog::stop).get();
        assertEquals(Worker.State.CANCELLED, onFx(task::getState));
        double progress = onFx(task::getProgress);
        assertTrue(progress < 0.5, "it stopped long before the end: " + progress);
        waitFor(() -> onFx(() -> window.tasks().running().isEmpty()), "the task strip empties");
        Details d = revealAndWait("/hello.txt");
        assertEquals("file", field(d, "type"), "the window still answers");
        assertTrue(worstGapMillis.get() < 100, "no pulse waited 100 ms or more: worst gap " + worstGapMillis + " ms");
    }

    @Test
    void snapshotOfTheMainWindow() throws Exception {
        openAndWait(window, Fixture.mini("lz4hc-ztailpacking").image());
        revealAndWait("/text-70k.txt");
        Path out = snapshot("main-window.png");
        assertTrue(Files.size(out) > 10_000, "a real picture was written");

        WaitForAsyncUtils.asyncFx(() -> window.selectImageNodeForTests(true)).get();
        waitFor(() -> window.shownDetails() != null && window.shownDetails().title().endsWith(".erofs"), "superblock");
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

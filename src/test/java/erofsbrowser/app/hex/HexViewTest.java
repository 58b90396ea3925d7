package erofsbrowser.app.hex;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class HexViewTest {

    private static final long FOUR_GIB = 4L << 30;
    private static final RecordingSource.Bytes SYNTHETIC = position -> (byte) (position * 31 + (position >>> 20));

    /** A superblock-like start: magic, zeros, a bit of text and control characters, a short tail. */
    private static final byte[] SMALL = concat(
            "EROFS".getBytes(US_ASCII), new byte[] {0, 0, 0, (byte) 0xe2, (byte) 0xe1, (byte) 0xf5, (byte) 0xe0, 0, 0, 0, 0},
            "hello, world!\n\t".getBytes(US_ASCII), new byte[] {0x7f},
            "xyz".getBytes(US_ASCII));

    private HexView view;
    private Stage stage;
    private final List<RecordingSource> sources = new ArrayList<>();
    private final List<Throwable> uncaughtOnFxThread = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = new HexView();
        stage.setScene(new Scene(new StackPane(view), 760, 420));
        stage.show();
        Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> uncaughtOnFxThread.add(error));
    }

    @AfterEach
    void noReadOnTheFxThreadAndNoUncaughtException() throws Exception {
        onFx(() -> {
            view.dispose();
            return null;
        });
        for (RecordingSource source : sources) {
            assertEquals(List.of(), source.readsOnFxThread(), "reads made on the FX thread");
        }
        assertEquals(List.of(), uncaughtOnFxThread, "exceptions thrown on the FX thread");
    }

    // ---- rows ---------------------------------------------------------------------------------

    @Test
    void rowsShowOffsetSixteenHexBytesWithAGapAfterEightAndTheirAsciiWithDotsForTheRest() throws Exception {
        show(RecordingSource.of(SMALL));
        waitUntilLoaded(0, 3);

        assertEquals("0000  45 52 4f 46 53 00 00 00  e2 e1 f5 e0 00 00 00 00  EROFS...........", rowText(0));
        assertEquals("0010  68 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 09 7f  hello, world!...", rowText(1));
        assertEquals("0020  78 79 7a" + " ".repeat(42) + "xyz", rowText(2), "a short last row keeps the ASCII column aligned");
        assertEquals("", rowText(3), "no row past the end");
    }

    @Test
    void rowsShowPlaceholdersUntilTheirPageArrivesThenTheBytes() throws Exception {
        CountDownLatch diskAnswers = new CountDownLatch(1);
        show(RecordingSource.of(SMALL).waitingFor(diskAnswers));
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("0000  " + "\u00b7\u00b7 ".repeat(7) + "\u00b7\u00b7  " + "\u00b7\u00b7 ".repeat(7) + "\u00b7\u00b7  "
                + "\u00b7".repeat(16), rowText(0));

        diskAnswers.countDown();
        waitUntilLoaded(0, 1);
        assertTrue(rowText(0).startsWith("0000  45 52 4f 46 53"));
    }

    @Test
    void theOffsetColumnIsAsWideAsTheLargestOffsetNeeds() throws Exception {
        show(RecordingSource.of(new byte[70_000]));
        assertTrue(onFx(() -> view.rowText(0)).startsWith("000000  "), "0x1116f needs 5 digits, rounded up to 6");
        show(RecordingSource.computed(FOUR_GIB, SYNTHETIC));
        assertTrue(onFx(() -> view.rowText(0)).startsWith("00000000  "), "0xffffffff needs 8 digits");
    }

    // ---- huge sources -------------------------------------------------------------------------

    @Test
    void aFourGibSourceScrolledNearItsEndShowsTheBytesThere() throws Exception {
        show(RecordingSource.computed(FOUR_GIB, SYNTHETIC));
        long offset = FOUR_GIB - 100;
        onFx(() -> {
            view.scrollTo(offset);
            return null;
        });
        long row = offset / 16;
        assertTrue(onFx(() -> row >= view.firstVisibleRow() && row < view.firstVisibleRow() + view.visibleRowCount()),
                "the row of the offset is visible");
        waitUntilLoaded(row, row + 1);
        assertEquals(expectedRow(row, 8, SYNTHETIC, FOUR_GIB), rowText(row));

        long lastRow = FOUR_GIB / 16 - 1;
        onFx(() -> {
            view.scrollTo(FOUR_GIB - 1);
            return null;
        });
        waitUntilLoaded(lastRow, lastRow + 1);
        assertEquals(expectedRow(lastRow, 8, SYNTHETIC, FOUR_GIB), rowText(lastRow));
        assertTrue(rowText(lastRow).startsWith("fffffff0  "));
    }

    @Test
    void theScrollBarValueIsTheFirstVisibleRowExactlyEvenWithHundredsOfMillionsOfRows() throws Exception {
        show(RecordingSource.computed(FOUR_GIB, SYNTHETIC));
        ScrollBar bar = onFx(() -> (ScrollBar) view.lookup(".scroll-bar"));
        long row = 268_435_000L;

        onFx(() -> {
            bar.setValue(row + 0.75);
            return null;
        });

        assertEquals(row, onFx(view::firstVisibleRow));
        assertEquals((double) (FOUR_GIB / 16 - onFx(view::visibleRowCount)), onFx(bar::getMax));
    }

    @Test
    void scrollingThroughAFourGibSourceKeepsReadsAndCachedPagesBounded() throws Exception {
        RecordingSource source = RecordingSource.computed(FOUR_GIB, SYNTHETIC);
        show(source);
        Random random = new Random(42);
        int positions = 300;
        for (int i = 0; i < positions; i++) {
            long offset = (random.nextLong() >>> 1) % FOUR_GIB;
            onFx(() -> {
                view.scrollTo(offset);
                return null;
            });
        }
        long settled = FOUR_GIB / 3;
        onFx(() -> {
            view.scrollTo(settled);
            return null;
        });
        long row = settled / 16;
        waitUntilLoaded(row, row + 1);

        // Each position needs at most two visible pages and one prefetched page; pages scrolled
        // past before the reader got to them are skipped, not read.
        assertTrue(source.readCount() <= 3L * (positions + 1), "reads: " + source.readCount());
        assertTrue(onFx(view::cachedPageCount) <= HexView.CACHED_PAGES, "pages cached: " + onFx(view::cachedPageCount));
        assertEquals(expectedRow(row, 8, SYNTHETIC, FOUR_GIB), rowText(row));
    }

    // ---- threading ----------------------------------------------------------------------------

    @Test
    void bytesAreOnlyEverReadOffTheFxThread(FxRobot robot) throws Exception {
        RecordingSource source = RecordingSource.computed(1 << 20, SYNTHETIC);
        show(source);
        waitUntilLoaded(0, 1);
        onFx(() -> {
            view.select(70_000, 32);
            return view.copySelectionAsHex();
        });
        robot.interact(() -> view.goTo((1 << 20) - 1));
        waitUntilLoaded(onFx(view::firstVisibleRow), (1 << 20) / 16);
        Task<Long> find = onFx(() -> view.find(new byte[] {1, 2, 3, 4, 5}, 0, true));
        runInBackground(find);
        waitFor(() -> find.isDone());

        assertTrue(source.readCount() > 0);
        assertEquals(List.of(), source.readsOnFxThread());
    }

    @Test
    void aNewSourceDropsTheCacheAndLateResultsForTheOldOneAreIgnored() throws Exception {
        CountDownLatch oldDiskAnswers = new CountDownLatch(1);
        byte[] oldBytes = new byte[64];
        java.util.Arrays.fill(oldBytes, (byte) 0xaa);
        byte[] newBytes = new byte[64];
        java.util.Arrays.fill(newBytes, (byte) 0xbb);
        show(RecordingSource.of(oldBytes).waitingFor(oldDiskAnswers));
        WaitForAsyncUtils.waitForFxEvents();

        show(RecordingSource.of(newBytes));
        oldDiskAnswers.countDown();
        waitUntilLoaded(0, 4);

        for (long row = 0; row < 4; row++) {
            assertTrue(rowText(row).contains("bb bb"), rowText(row));
            assertFalse(rowText(row).contains("aa"), rowText(row));
        }
    }

    @Test
    void disposeStopsTheReaderThread() throws Exception {
        show(RecordingSource.of(SMALL));
        waitUntilLoaded(0, 3);

        onFx(() -> {
            view.dispose();
            return null;
        });

        waitFor(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("hex-view-reader")));
        assertFalse(onFx(() -> view.copySelectionAsHex()));
    }

    // ---- read errors --------------------------------------------------------------------------

    @Test
    void anUnreadableSourceShowsQuestionMarksAndReportsTheErrorOnceWithoutThrowing() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        onFx(() -> {
            view.setOnReadError(reported::add);
            return null;
        });
        show(RecordingSource.failing(1 << 20, new IOException("disk on fire")));
        waitFor(() -> rowText(0).contains("??"));

        assertEquals("000000  " + "?? ".repeat(7) + "??  " + "?? ".repeat(7) + "??  " + "?".repeat(16), rowText(0));
        onFx(() -> {
            view.scrollTo(500_000);
            return null;
        });
        long row = 500_000 / 16;
        waitFor(() -> rowText(row).contains("??"));
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(1, reported.size(), "reported once per source, not once per page");
        assertEquals("disk on fire", reported.get(0).getMessage());
    }

    // ---- highlights ---------------------------------------------------------------------------

    @Test
    void aHighlightTintsItsBytesAndLaterHighlightsLieOnTop() throws Exception {
        show(RecordingSource.of(SMALL));
        Highlight magic = new Highlight(8, 4, Color.ORANGE, "magic");
        Highlight field = new Highlight(10, 8, Color.DODGERBLUE, "field");
        onFx(() -> {
            view.setHighlights(List.of(magic, field));
            return null;
        });
        waitUntilLoaded(0, 3);

        assertEquals(Optional.of(magic), onFx(() -> view.highlightAt(9)));
        assertEquals(Optional.of(field), onFx(() -> view.highlightAt(10)), "the later one is on top");
        assertEquals(Optional.empty(), onFx(() -> view.highlightAt(18)));
        assertEquals(List.of(magic, field), onFx(view::getHighlights));

        WritableImage image = snapshot();
        Color tinted = sampleBeside(image, onFx(() -> view.cellBounds(9)).orElseThrow());
        Color plain = sampleBeside(image, onFx(() -> view.cellBounds(9 + 16)).orElseThrow());
        Color tintedAscii = sampleBeside(image, onFx(() -> view.asciiCellBounds(9)).orElseThrow());
        assertNotEquals(plain, tinted, "hex cell background");
        assertNotEquals(plain, tintedAscii, "ASCII cell background");
        assertEquals(HexTheme.LIGHT.background(), plain);
    }

    @Test
    void aHundredThousandHighlightsAreFoundByOffsetWithoutSlowingTheView() throws Exception {
        show(RecordingSource.computed(FOUR_GIB, SYNTHETIC));
        List<Highlight> many = new ArrayList<>();
        many.add(new Highlight(0, FOUR_GIB, Color.LIGHTGRAY, "image"));
        for (long i = 0; i < 100_000; i++) {
            many.add(new Highlight(i * 40_000, 12, i % 2 == 0 ? Color.ORANGE : Color.SEAGREEN, "record " + i));
        }
        onFx(() -> {
            view.setHighlights(many);
            return null;
        });

        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            long offset = (long) i * 20_000_000L;
            onFx(() -> {
                view.scrollTo(offset);
                return null;
            });
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals("record 99999", onFx(() -> view.highlightAt(99_999L * 40_000 + 11)).orElseThrow().label());
        assertEquals("image", onFx(() -> view.highlightAt(99_999L * 40_000 + 12)).orElseThrow().label());
        assertTrue(millis < 10_000, "200 scrolls and repaints took " + millis + " ms");
    }

    // ---- mouse --------------------------------------------------------------------------------

    @Test
    void clickingAByteCellReportsItsOffsetAndPutsTheCaretThere(FxRobot robot) throws Exception {
        show(RecordingSource.of(SMALL));
        List<Long> clicked = new CopyOnWriteArrayList<>();
        onFx(() -> {
            view.setOnByteClicked(clicked::add);
            return null;
        });
        waitUntilLoaded(0, 3);

        robot.clickOn(screenCentre(onFx(() -> view.cellBounds(0x13)).orElseThrow()));
        robot.clickOn(screenCentre(onFx(() -> view.asciiCellBounds(0x05)).orElseThrow()));
        robot.clickOn(screenCentre(onFx(() -> view.cellBounds(0x08)).orElseThrow()));

        assertEquals(List.of(0x13L, 0x05L, 0x08L), clicked);
        assertEquals(0x08L, onFx(view::getCaretOffset));
        assertEquals(new Selection(0x08, 0x09), onFx(view::getSelection));
    }

    @Test
    void inRowsOfAnyWidthAClickOnACellIsThatByte(FxRobot robot) throws Exception {
        // A window of its own, wide enough for 32 bytes a row and inside the test's screen.
        HexView wide = onFx(() -> new HexView());
        Stage wideStage = onFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new StackPane(wide), 1200, 300));
            s.setX(0);
            s.setY(0);
            s.show();
            return s;
        });
        RecordingSource source = RecordingSource.computed(1 << 20, SYNTHETIC);
        sources.add(source);
        List<Long> clicked = new CopyOnWriteArrayList<>();
        try {
            for (int bytes : List.of(8, 32)) { // 64 a row is wider than the test's screen
                onFx(() -> {
                    wide.setSource(source);
                    wide.setBytesPerRow(bytes);
                    wide.setOnByteClicked(clicked::add);
                    wide.scrollTo(0x1234);
                    return null;
                });
                WaitForAsyncUtils.waitForFxEvents();
                long last = 0x1234 - 0x1234 % bytes + bytes - 1;
                for (long offset : List.of(0x1234L, last)) {
                    clicked.clear();
                    robot.clickOn(screenCentre(wide, onFx(() -> wide.cellBounds(offset)).orElseThrow()));
                    robot.clickOn(screenCentre(wide, onFx(() -> wide.asciiCellBounds(offset)).orElseThrow()));
                    assertEquals(List.of(offset, offset), clicked, bytes + " bytes a row");
                }
            }
        } finally {
            onFx(() -> {
                wide.dispose();
                wideStage.close();
                return null;
            });
        }
    }

    @Test
    void shiftClickAndDragExtendTheSelectionFromTheAnchor(FxRobot robot) throws Exception {
        show(RecordingSource.of(SMALL));
        waitUntilLoaded(0, 3);

        robot.clickOn(screenCentre(onFx(() -> view.cellBounds(0x04)).orElseThrow()));
        robot.press(KeyCode.SHIFT).clickOn(screenCentre(onFx(() -> view.cellBounds(0x12)).orElseThrow())).release(KeyCode.SHIFT);
        assertEquals(new Selection(0x04, 0x13), onFx(view::getSelection));
        assertEquals(0x12L, onFx(view::getCaretOffset));

        robot.drag(screenCentre(onFx(() -> view.cellBounds(0x1a)).orElseThrow()))
                .dropTo(screenCentre(onFx(() -> view.asciiCellBounds(0x21)).orElseThrow()));
        assertEquals(new Selection(0x1a, 0x22), onFx(view::getSelection));
    }

    @Test
    void hoveringReportsTheByteUnderThePointerAndMinusOneElsewhere(FxRobot robot) throws Exception {
        show(RecordingSource.of(SMALL));
        waitUntilLoaded(0, 3);

        robot.moveTo(screenCentre(onFx(() -> view.cellBounds(0x11)).orElseThrow()));
        assertEquals(0x11L, onFx(() -> view.hoveredOffsetProperty().get()));

        Bounds headerCell = onFx(() -> view.cellBounds(0x01)).orElseThrow();
        robot.moveTo(onFx(() -> view.localToScreen(new Point2D(headerCell.getCenterX(), headerCell.getMinY() - 5))));
        assertEquals(-1L, onFx(() -> view.hoveredOffsetProperty().get()), "the column header is not a byte");

        Bounds pastTheEnd = onFx(() -> view.cellBounds(0x22)).orElseThrow();
        robot.moveTo(onFx(() -> view.localToScreen(new Point2D(pastTheEnd.getMaxX() + 20, pastTheEnd.getCenterY()))));
        assertEquals(-1L, onFx(() -> view.hoveredOffsetProperty().get()), "after the last byte");
    }

    @Test
    void theMouseWheelScrollsByTheDesktopsLinesPerNotchAndTheHoveredByteFollowsTheContent(FxRobot robot)
            throws Exception {
        show(RecordingSource.computed(1 << 20, SYNTHETIC));
        waitUntilLoaded(0, 1);
        Bounds cell = onFx(() -> view.cellBounds(0x21)).orElseThrow();
        robot.moveTo(screenCentre(cell));
        assertEquals(0x21L, onFx(() -> view.hoveredOffsetProperty().get()));

        onFx(() -> {
            Node canvas = view.getChildrenUnmodifiable().get(0);
            canvas.fireEvent(wheel(canvas, cell, -3, ScrollEvent.VerticalTextScrollUnits.LINES));
            canvas.fireEvent(wheel(canvas, cell, -3, ScrollEvent.VerticalTextScrollUnits.LINES));
            return null;
        });

        assertEquals(6L, onFx(view::firstVisibleRow), "two notches down, three lines each");
        assertEquals(0x21L + 6 * 16, onFx(() -> view.hoveredOffsetProperty().get()));
    }

    /** A wheel notch as the desktop reports it: 40 pixels per line and the lines per notch. */
    private static ScrollEvent wheel(Node target, Bounds at, double lines, ScrollEvent.VerticalTextScrollUnits units) {
        return new ScrollEvent(ScrollEvent.SCROLL, at.getCenterX(), at.getCenterY(), 0, 0,
                false, false, false, false, false, false, 0, lines * 40, 0, 0,
                ScrollEvent.HorizontalTextScrollUnits.NONE, 0, units, lines, 0, null);
    }

    // ---- keyboard -----------------------------------------------------------------------------

    @Test
    void theKeyboardMovesTheCaretAndShiftExtendsTheSelection(FxRobot robot) throws Exception {
        show(RecordingSource.computed(1 << 20, SYNTHETIC));
        waitUntilLoaded(0, 1);
        robot.clickOn(screenCentre(onFx(() -> view.cellBounds(0x10)).orElseThrow()));

        robot.type(KeyCode.RIGHT);
        assertEquals(0x11L, onFx(view::getCaretOffset));
        robot.type(KeyCode.DOWN);
        assertEquals(0x21L, onFx(view::getCaretOffset));
        robot.press(KeyCode.SHIFT).type(KeyCode.RIGHT, 2).release(KeyCode.SHIFT);
        assertEquals(new Selection(0x21, 0x24), onFx(view::getSelection));
        robot.type(KeyCode.END);
        assertEquals(0x2fL, onFx(view::getCaretOffset));
        assertEquals(new Selection(0x2f, 0x30), onFx(view::getSelection), "a plain move collapses the selection");
        robot.type(KeyCode.HOME);
        assertEquals(0x20L, onFx(view::getCaretOffset));
        robot.type(KeyCode.UP, 5);
        assertEquals(0x00L, onFx(view::getCaretOffset), "stops at the first byte");

        int rows = onFx(view::visibleRowCount);
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals((rows - 1) * 16L, onFx(view::getCaretOffset));

        robot.press(KeyCode.CONTROL).type(KeyCode.END).release(KeyCode.CONTROL);
        assertEquals((1L << 20) - 1, onFx(view::getCaretOffset));
        assertEquals((1L << 20) / 16 - rows, onFx(view::firstVisibleRow), "the last row is at the bottom");
        robot.press(KeyCode.CONTROL).type(KeyCode.HOME).release(KeyCode.CONTROL);
        assertEquals(0L, onFx(view::getCaretOffset));
        assertEquals(0L, onFx(view::firstVisibleRow));
    }

    // ---- programmatic navigation --------------------------------------------------------------

    @Test
    void selectSelectsTheRangeAndScrollsItIntoViewGoToMovesTheCaret() throws Exception {
        show(RecordingSource.computed(FOUR_GIB, SYNTHETIC));

        onFx(() -> {
            view.select(3_000_000_000L, 40);
            return null;
        });
        assertEquals(new Selection(3_000_000_000L, 3_000_000_040L), onFx(view::getSelection));
        assertEquals(3_000_000_000L, onFx(view::getCaretOffset));
        long row = 3_000_000_000L / 16;
        assertTrue(onFx(() -> row >= view.firstVisibleRow() && row + 3 < view.firstVisibleRow() + view.visibleRowCount()));

        assertTrue(onFx(() -> view.goTo(0x400)));
        assertEquals(new Selection(0x400, 0x401), onFx(view::getSelection));
        long first = onFx(view::firstVisibleRow);
        assertTrue(first < 0x40 && 0x40 < first + onFx(view::visibleRowCount) / 2,
                "the row is in the upper half, with context above it: first row " + first);
        assertFalse(onFx(() -> view.goTo(FOUR_GIB)), "past the end");
        assertFalse(onFx(() -> view.goTo(-1)));
        assertEquals(0x400L, onFx(view::getCaretOffset), "a refused goTo changes nothing");
    }

    // ---- find ---------------------------------------------------------------------------------

    @Test
    void findLocatesHexAndTextPatternsIncludingAcrossPageAndChunkBoundaries() throws Exception {
        byte[] content = new byte[3 << 20];
        byte[] magic = SearchPatterns.fromHex("e2 e1 f5 e0");
        byte[] name = SearchPatterns.fromText("erofs-browser");
        System.arraycopy(magic, 0, content, 0x400, 4);
        System.arraycopy(magic, 0, content, HexView.PAGE_SIZE - 2, 4);
        System.arraycopy(name, 0, content, (1 << 20) - 5, name.length);
        show(RecordingSource.of(content));

        assertEquals(0x400L, find(SearchPatterns.fromHex("e2e1f5e0"), 0, true));
        assertEquals(HexView.PAGE_SIZE - 2L, find(magic, 0x401, true), "spans the 64 KiB page boundary");
        assertEquals((1L << 20) - 5, find(name, 0, true), "spans the 1 MiB search chunk boundary");
        assertEquals(HexView.PAGE_SIZE - 2L, find(magic, content.length - 1, false), "backward: the last one before");
        assertEquals(0x400L, find(magic, HexView.PAGE_SIZE - 3L, false));
        assertEquals(-1L, find(SearchPatterns.fromText("not here"), 0, true));
        assertEquals(-1L, find(magic, 0x401 + HexView.PAGE_SIZE, true), "nothing after the last one");
    }

    @Test
    void aRunningFindCanBeCancelledAndStopsReading() throws Exception {
        RecordingSource slow = RecordingSource.computed(FOUR_GIB, position -> 0).slowedBy(20);
        show(slow);
        Task<Long> find = onFx(() -> view.find(SearchPatterns.fromText("never"), 0, true));
        runInBackground(find);
        waitFor(() -> onFx(find::getProgress) > 0);

        find.cancel();
        waitFor(find::isDone);
        assertEquals(Worker.State.CANCELLED, onFx(find::getState));
        long readsAfterCancel = slow.readCount();
        Thread.sleep(200);
        assertTrue(slow.readCount() <= readsAfterCancel + 1, "the search stopped reading");
    }

    // ---- copy ---------------------------------------------------------------------------------

    @Test
    void copySelectionAsHexPutsSpaceSeparatedHexOnTheClipboard() throws Exception {
        show(RecordingSource.of(SMALL));
        onFx(() -> {
            Clipboard.getSystemClipboard().clear();
            view.select(8, 4);
            return null;
        });

        assertTrue(onFx(view::copySelectionAsHex));

        waitFor(() -> onFx(() -> "e2 e1 f5 e0".equals(Clipboard.getSystemClipboard().getString())));
    }

    @Test
    void copyRefusesSelectionsOverSixteenMibAndEmptyOnes() throws Exception {
        show(RecordingSource.computed(FOUR_GIB, SYNTHETIC));
        assertFalse(onFx(view::copySelectionAsHex), "nothing selected");
        onFx(() -> {
            view.select(0, HexView.MAX_COPY_BYTES + 1);
            return null;
        });
        assertFalse(onFx(view::copySelectionAsHex));
    }

    // ---- layout and theme ---------------------------------------------------------------------

    @Test
    void theViewGrowsWithItsWindowAndShowsMoreRows() throws Exception {
        show(RecordingSource.computed(1 << 20, SYNTHETIC));
        int before = onFx(view::visibleRowCount);
        onFx(() -> {
            stage.setHeight(stage.getHeight() + 200);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(onFx(view::visibleRowCount) > before + 5);
    }

    @Test
    void rowsOfEightOrThirtyTwoBytesShowThatManyWithAGapAfterEveryEighth() throws Exception {
        show(RecordingSource.of(SMALL));
        onFx(() -> {
            view.setBytesPerRow(32);
            return null;
        });
        waitUntilLoaded(0, 2);
        assertEquals(32, onFx(view::bytesPerRow));
        assertEquals("0000  45 52 4f 46 53 00 00 00  e2 e1 f5 e0 00 00 00 00  68 65 6c 6c 6f 2c 20 77  "
                + "6f 72 6c 64 21 0a 09 7f  EROFS...........hello, world!...", rowText(0));
        onFx(() -> {
            view.setBytesPerRow(8);
            return null;
        });
        waitUntilLoaded(0, 5);
        assertEquals("0008  e2 e1 f5 e0 00 00 00 00  ........", rowText(1));
        assertThrows(IllegalArgumentException.class, () -> view.setBytesPerRow(12));
    }

    @Test
    void asManyBytesAsFitFillTheWidthAndFollowItAndTheFirstByteShownStaysOnScreen() throws Exception {
        show(RecordingSource.computed(1 << 20, SYNTHETIC));
        onFx(() -> {
            view.scrollTo(0x8000);
            view.setBytesPerRow(0);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        int narrow = onFx(view::bytesPerRow);
        assertEquals(0, onFx(view::getRequestedBytesPerRow));
        long firstByte = onFx(() -> view.firstVisibleRow() * view.bytesPerRow());
        onFx(() -> {
            stage.setWidth(stage.getWidth() * 2);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        int wide = onFx(view::bytesPerRow);
        assertTrue(wide > narrow, "a wider window, more bytes a row: " + narrow + " -> " + wide);
        double used = onFx(() -> view.asciiCellBounds(view.firstVisibleRow() * view.bytesPerRow() + view.bytesPerRow() - 1)
                .orElseThrow().getMaxX());
        assertTrue(used <= onFx(view::getWidth), "the columns fit");
        long shownFrom = onFx(() -> view.firstVisibleRow() * view.bytesPerRow());
        long shownTo = onFx(() -> (view.firstVisibleRow() + view.visibleRowCount()) * view.bytesPerRow());
        assertTrue(firstByte >= shownFrom && firstByte < shownTo, "byte " + firstByte + " still shown");
    }

    @Test
    void theDarkThemePaintsADarkBackground() throws Exception {
        show(RecordingSource.of(SMALL));
        onFx(() -> {
            view.setDarkTheme(true);
            return null;
        });
        waitUntilLoaded(0, 3);
        Color background = sampleBeside(snapshot(), onFx(() -> view.cellBounds(0)).orElseThrow());
        assertEquals(HexTheme.DARK.background(), background);
    }

    @Test
    void searchPatternsParseHexWithOrWithoutSeparatorsAndTextAsUtf8() {
        byte[] expected = {(byte) 0xe2, (byte) 0xe1, (byte) 0xf5, (byte) 0xe0};
        assertArrayEquals(expected, SearchPatterns.fromHex("e2 e1 f5 e0"));
        assertArrayEquals(expected, SearchPatterns.fromHex("e2e1f5e0"));
        assertArrayEquals(expected, SearchPatterns.fromHex("E2:E1:F5:E0"));
        assertArrayEquals(expected, SearchPatterns.fromHex("0xe2 0xe1 0xf5 0xe0"));
        assertArrayEquals(new byte[] {'a', (byte) 0xc3, (byte) 0xa9}, SearchPatterns.fromText("a\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> SearchPatterns.fromHex("e2 e"));
        assertThrows(IllegalArgumentException.class, () -> SearchPatterns.fromHex("zz"));
        assertThrows(IllegalArgumentException.class, () -> SearchPatterns.fromHex("  "));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void show(RecordingSource source) throws Exception {
        sources.add(source);
        onFx(() -> {
            view.setSource(source);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String rowText(long row) throws Exception {
        return onFx(() -> view.rowText(row));
    }

    /** Waits until rows {@code first..end-1} show bytes rather than placeholders. */
    private void waitUntilLoaded(long first, long end) throws Exception {
        waitFor(() -> {
            for (long row = first; row < end; row++) {
                if (rowText(row).contains("\u00b7")) {
                    return false;
                }
            }
            return true;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private long find(byte[] pattern, long from, boolean forward) throws Exception {
        Task<Long> task = onFx(() -> view.find(pattern, from, forward));
        runInBackground(task);
        return task.get(10, TimeUnit.SECONDS);
    }

    private static void runInBackground(Task<?> task) {
        Thread thread = new Thread(task, "test-find");
        thread.setDaemon(true);
        thread.start();
    }

    private WritableImage snapshot() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> view.snapshot(null, null)).get(10, TimeUnit.SECONDS);
    }

    /** The background colour just inside the left edge of a cell, where no glyph is drawn. */
    private static Color sampleBeside(WritableImage image, Bounds cell) {
        return image.getPixelReader().getColor((int) Math.ceil(cell.getMinX()) + 1, (int) cell.getCenterY());
    }

    private Point2D screenCentre(Bounds local) throws Exception {
        return screenCentre(view, local);
    }

    private static Point2D screenCentre(HexView of, Bounds local) throws Exception {
        return onFx(() -> of.localToScreen(new Point2D(local.getCenterX(), local.getCenterY())));
    }

    /** The row as the spec says it looks, for full rows. */
    private static String expectedRow(long row, int digits, RecordingSource.Bytes bytes, long length) {
        StringBuilder hex = new StringBuilder();
        StringBuilder ascii = new StringBuilder();
        for (int column = 0; column < 16 && row * 16 + column < length; column++) {
            int b = bytes.at(row * 16 + column) & 0xff;
            hex.append(column == 0 ? "" : column == 8 ? "  " : " ").append(String.format("%02x", b));
            ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return String.format("%0" + digits + "x  %s  %s", row * 16, hex, ascii);
    }

    private static <T> T onFx(Callable<T> action) throws Exception {
        try {
            return WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}

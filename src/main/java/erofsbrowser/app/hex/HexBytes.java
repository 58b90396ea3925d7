package erofsbrowser.app.hex;

import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * The bytes a {@link HexView} shows: read in 64 KiB pages on the view's own background thread into
 * a 64-page LRU cache (so a 4 GiB image scrolls with flat memory and the FX thread never waits for
 * I/O), served a row at a time to the painter, and copied from the source as hex.
 */
final class HexBytes {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hex-view-reader");
        thread.setDaemon(true);
        return thread;
    });
    private final PageCache pages;

    /** {@code arrived} runs on the FX thread when a page arrives, {@code failed} when one cannot be read. */
    HexBytes(Runnable arrived, Consumer<Throwable> failed) {
        pages = new PageCache(HexView.PAGE_SIZE, HexView.CACHED_PAGES, reader, Platform::runLater, arrived, failed);
    }

    void setSource(ByteSource source, long length) {
        pages.setSource(source, length);
    }

    /** Asks for the pages of bytes {@code [firstByte, endByte)}, and one more ahead. */
    void want(long firstByte, long endByte) {
        pages.want(firstByte / HexView.PAGE_SIZE, (endByte - 1) / HexView.PAGE_SIZE + 1);
    }

    /** The {@code count} bytes at {@code offset} as loaded now: the bytes, or pending, or failed. */
    RowFormat.Row row(long offset, int count) {
        PageCache.Page page = pages.page(offset / HexView.PAGE_SIZE);
        if (page instanceof PageCache.Loaded loaded) {
            return new RowFormat.Row(offset, count, loaded.bytes(), (int) (offset % HexView.PAGE_SIZE), RowFormat.State.LOADED);
        }
        RowFormat.State state = page instanceof PageCache.Failed ? RowFormat.State.FAILED : RowFormat.State.PENDING;
        return new RowFormat.Row(offset, count, null, 0, state);
    }

    int cachedPageCount() {
        return pages.cachedPageCount();
    }

    /**
     * Reads {@code s} of {@code from} in the background and puts it on the system clipboard as
     * "e2 e1 f5 e0 ..." a moment later, on the FX thread; false when the reader is stopped.
     */
    boolean copyAsHex(ByteSource from, Selection s, Consumer<Throwable> failed) {
        try {
            reader.execute(() -> {
                try {
                    byte[] bytes = new byte[(int) s.length()];
                    from.readFully(s.start(), bytes, 0, bytes.length);
                    String text = HEX.formatHex(bytes);
                    Platform.runLater(() -> {
                        ClipboardContent content = new ClipboardContent();
                        content.putString(text);
                        Clipboard.getSystemClipboard().setContent(content);
                    });
                } catch (Exception e) {
                    Platform.runLater(() -> failed.accept(e));
                }
            });
            return true;
        } catch (RejectedExecutionException disposedMeanwhile) {
            return false;
        }
    }

    /** Stops the reader thread. */
    void dispose() {
        reader.shutdownNow();
    }
}

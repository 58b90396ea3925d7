package erofsbrowser.app;

import erofsbrowser.image.ImageException;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An image opened, and its root directory read, on a thread of its own while the window that will
 * show it is being built. A start spends a third of a second loading the window's FXML; by the
 * time the window is ready, the image usually is too, and its first frame shows the tree at once
 * rather than an "Opening…" state that the next frames replace (src/bench/bench-startup.sh
 * measures it). The window never waits for it: what is not ready yet arrives as before.
 */
final class OpenAhead {
    /** The session, and its root's rows, or null where the root is not read (no root, or a fault strict reading stops at). */
    record Opened(ImageSession session, List<EntryRow> rootRows) {
    }

    private final Path file;
    private final long offset;
    private final CompletableFuture<Opened> result = new CompletableFuture<>();

    private OpenAhead(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** Starts opening {@code file} at {@code offset}; {@code strict} reads the root as a strict reader does. */
    static OpenAhead start(Path file, long offset, boolean strict) {
        OpenAhead ahead = new OpenAhead(file, offset);
        Thread thread = new Thread(() -> ahead.open(strict), "open-ahead");
        thread.setDaemon(true);
        thread.start();
        return ahead;
    }

    private void open(boolean strict) {
        ImageSession session;
        try {
            try {
                session = ImageSession.open(file, offset);
            } catch (ImageException e) {
                // Not readable as an image: its bytes still are, with the fault marked where it is.
                session = ImageSession.unreadable(file, offset, e);
            }
        } catch (Throwable e) {
            result.completeExceptionally(e); // the window reports it, as it would its own opening's
            return;
        }
        List<EntryRow> rows = null;
        if (session.root() != null) {
            try {
                rows = strict ? session.childrenStrictly(session.root()) : session.children(session.root());
            } catch (Throwable e) {
                // The tree reads it again, and reports it where it shows faults. Nothing may end this
                // thread before the result is complete: the window waits for it.
                rows = null;
            }
        }
        result.complete(new Opened(session, rows));
    }

    /** Whether this opens {@code other} at {@code otherOffset}. */
    boolean opens(Path other, long otherOffset) {
        return file.equals(other) && offset == otherOffset;
    }

    /** The opened image if it is ready now (it never waits); throws what the opening threw. */
    java.util.Optional<Opened> ifReady() throws Exception {
        if (!result.isDone()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(get());
    }

    /** Waits for the opened image (on a background thread); throws what the opening threw. */
    Opened get() throws Exception {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}

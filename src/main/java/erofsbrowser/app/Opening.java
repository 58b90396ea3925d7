package erofsbrowser.app;

import erofsbrowser.image.ByteOwnerMap;
import javafx.concurrent.Task;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opening an image into a window: read in the background (its superblock and root), then shown
 * in every pane, and the map of who owns each byte built behind it. A window that shows an image
 * already opens the next one in a new window.
 */
final class Opening {
    /** Opens images into sessions: by their content, or (in tests) through a watch on the reader. */
    @FunctionalInterface
    interface SessionOpener {
        ImageSession open(Path file, long offset, erofsbrowser.apex.Progress progress,
                          java.util.function.BooleanSupplier cancelled) throws Exception;
    }

    private final BrowserApp app;
    private final Stage stage;
    private final SharedSelection selection;
    private final BackgroundTasks tasks;
    private final Dialogs dialogs;
    private final TreePaneController tree;
    private final Consumer<ImageSession> opened;
    private SessionOpener opener = ImageSession::open;
    private boolean opening;
    private boolean closed;

    /** {@code opened} hears of each image shown (the window's title, recent files, warnings). */
    Opening(BrowserApp app, Stage stage, SharedSelection selection, BackgroundTasks tasks, Dialogs dialogs,
            TreePaneController tree, Consumer<ImageSession> opened) {
        this.app = app;
        this.stage = stage;
        this.selection = selection;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.tree = tree;
        this.opened = opened;
    }

    void useOpener(SessionOpener sessionOpener) {
        this.opener = sessionOpener;
    }

    /** Opens {@code file} in this window, or in a new one when this window shows an image already. */
    void open(Path file, long offset) {
        open(file, offset, null);
    }

    /**
     * As {@link #open(Path, long)}, taking the image from {@code ahead} (null for none), which
     * opens it already: shown at once when it is ready, otherwise when it arrives.
     */
    void open(Path file, long offset, OpenAhead ahead) {
        if (selection.session().get() != null || opening) {
            app.openWindow(new Stage()).open(file, offset, ahead);
            return;
        }
        OpenAhead from = ahead != null && ahead.opens(file, offset) ? ahead : null;
        if (from != null) {
            try {
                java.util.Optional<OpenAhead.Opened> ready = from.ifReady();
                if (ready.isPresent()) {
                    show(ready.get().session(), ready.get().rootRows());
                    return;
                }
            } catch (Exception e) {
                // The task below meets the same failure, and reports it as it reports its own.
            }
        }
        opening = true;
        tree.placeholder("Opening " + file.getFileName() + "…");
        Task<OpenAhead.Opened> task = new Task<>() {
            @Override
            protected OpenAhead.Opened call() throws Exception {
                updateTitle("Opening " + file.getFileName());
                updateProgress(-1, 1);
                if (from != null) {
                    return from.get();
                }
                try {
                    return new OpenAhead.Opened(opener.open(file, offset, this::updateProgress, this::isCancelled), null);
                } catch (erofsbrowser.image.ImageException e) {
                    // Not readable as an image: its bytes still are, with the fault marked where it is.
                    return new OpenAhead.Opened(ImageSession.unreadable(file, offset, e,
                            this::updateProgress, this::isCancelled), null);
                }
            }
        };
        task.setOnSucceeded(e -> {
            opening = false;
            if (closed) {
                closeQuietly(task.getValue().session());
            } else {
                show(task.getValue().session(), task.getValue().rootRows());
            }
        });
        task.setOnFailed(e -> {
            opening = false;
            tree.placeholder(file.getFileName() + " could not be opened: " + Dialogs.message(task.getException())
                    + "\nOpen another image with File › Open…, or drop one here.");
            dialogs.error("Cannot open " + file.getFileName(), task.getException());
        });
        tasks.runListed(task);
    }

    private void show(ImageSession session, java.util.List<EntryRow> rootRows) {
        stage.setTitle(session.fileName() + " — EROFS Browser");
        selection.session().set(session);
        tree.show(session, rootRows);
        opened.accept(session);
        Task<ByteOwnerMap> task = new Task<>() {
            @Override
            protected ByteOwnerMap call() throws Exception {
                updateTitle("Indexing the image's structures");
                updateProgress(-1, 1);
                return session.image().buildOwnerMap(this::isCancelled);
            }
        };
        task.setOnSucceeded(e -> selection.ownerMap().set(task.getValue()));
        task.setOnFailed(e -> selection.fail("Who owns each byte is unknown: " + Dialogs.message(task.getException())));
        AfterTreeShown.run(stage.getScene(), tree::rootShown, () -> {
            if (!closed) {
                tasks.runListed(task);
            }
        });
    }

    /** Files dropped on {@code target} (from a file manager) are opened with {@code open}. */
    static void acceptDroppedFiles(javafx.scene.Node target, java.util.function.BiConsumer<Path, Long> open) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getGestureSource() == null) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped(e -> {
            boolean done = e.getDragboard().hasFiles();
            if (done) {
                e.getDragboard().getFiles().forEach(f -> open.accept(f.toPath(), 0L));
            }
            e.setDropCompleted(done);
            e.consume();
        });
    }

    /** The window closed: an image still opening is closed when it arrives, the one shown now. */
    void close() {
        closed = true;
        ImageSession s = selection.session().get();
        if (s != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(ImageSession s) {
        try {
            s.close();
        } catch (java.io.IOException e) {
            // closing a read-only file: nothing to lose
        }
    }
}

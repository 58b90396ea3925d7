package erofsbrowser.app;

import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.control.TreeItem;

import java.util.List;
import java.util.function.Consumer;

/**
 * A tree row whose children are read in the background the first time they are asked for; until
 * then it holds one "loading…" placeholder, so a large directory never stalls the FX thread.
 */
final class EntryTreeItem extends TreeItem<EntryRow> {
    private final ImageSession session;
    private final BackgroundTasks tasks;
    private final Consumer<Throwable> onError;
    private boolean loadRequested;
    private boolean loaded;

    EntryTreeItem(EntryRow row, ImageSession session, BackgroundTasks tasks, Consumer<Throwable> onError) {
        super(row);
        this.session = session;
        this.tasks = tasks;
        this.onError = onError;
        if (row.isDirectory()) {
            super.getChildren().add(new TreeItem<>(EntryRow.LOADING));
        }
    }

    @Override
    public boolean isLeaf() {
        return !getValue().isDirectory();
    }

    @Override
    public ObservableList<TreeItem<EntryRow>> getChildren() {
        if (!loadRequested && getValue().isDirectory()) {
            loadRequested = true;
            load();
        }
        return super.getChildren();
    }

    /** Whether the real children are in place (or failed to load). */
    boolean isLoaded() {
        return loaded;
    }

    private void load() {
        erofsbrowser.image.Node dir = getValue().node();
        Task<List<EntryRow>> task = new Task<>() {
            @Override
            protected List<EntryRow> call() throws Exception {
                updateTitle("Reading " + dir.pathString());
                return session.children(dir);
            }
        };
        task.setOnSucceeded(e -> {
            List<TreeItem<EntryRow>> items = new java.util.ArrayList<>();
            for (EntryRow r : task.getValue()) {
                items.add(new EntryTreeItem(r, session, tasks, onError));
            }
            loaded = true;
            super.getChildren().setAll(items);
        });
        task.setOnFailed(e -> {
            loaded = true;
            super.getChildren().clear();
            onError.accept(task.getException());
        });
        tasks.run(task);
    }
}

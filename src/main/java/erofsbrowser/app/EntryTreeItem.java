package erofsbrowser.app;

import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.control.TreeItem;

import java.util.List;
import java.util.function.Consumer;

/**
 * A tree row whose children are read in the background the first time they are asked for; until
 * then it holds one "loading…" placeholder, so a large directory never stalls the FX thread. The
 * entries that cannot be read are rows too, marked, and go to the Problems pane.
 */
final class EntryTreeItem extends TreeItem<EntryRow> {
    private final ImageSession session;
    private final BackgroundTasks tasks;
    private final Consumer<Throwable> onError;
    private final Problems problems;
    private final java.util.function.BooleanSupplier strict;
    private boolean loadRequested;
    private boolean loaded;

    /** {@code problems} hears of the faults met reading the directory's entries. */
    EntryTreeItem(EntryRow row, ImageSession session, BackgroundTasks tasks, Consumer<Throwable> onError, Problems problems,
                  java.util.function.BooleanSupplier strict) {
        super(row);
        this.strict = strict;
        this.session = session;
        this.tasks = tasks;
        this.onError = onError;
        this.problems = problems;
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

    /** The directory's rows, read already (by an {@link OpenAhead}): they are its children, and it reads nothing. */
    void fill(List<EntryRow> rows) {
        loadRequested = true;
        List<TreeItem<EntryRow>> items = new java.util.ArrayList<>();
        List<erofsbrowser.image.Fault> faults = new java.util.ArrayList<>();
        for (EntryRow r : rows) {
            items.add(new EntryTreeItem(r, session, tasks, onError, problems, strict));
            if (r.hasFault()) {
                faults.add(r.fault());
            }
        }
        problems.add(faults);
        loaded = true;
        super.getChildren().setAll(items);
    }

    private void load() {
        erofsbrowser.image.Node dir = getValue().node();
        boolean stopAtFault = strict.getAsBoolean();
        Task<List<EntryRow>> task = new Task<>() {
            @Override
            protected List<EntryRow> call() throws Exception {
                updateTitle("Reading " + dir.pathString());
                return stopAtFault ? session.childrenStrictly(dir) : session.children(dir);
            }
        };
        task.setOnSucceeded(e -> fill(task.getValue()));
        task.setOnFailed(e -> {
            loaded = true;
            super.getChildren().clear();
            onError.accept(task.getException());
        });
        tasks.run(task);
    }
}

package erofsbrowser.app;

import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import javafx.concurrent.Task;

import java.util.Arrays;

/**
 * A click on a byte of the raw view: what owns it is looked up in the background, named in the
 * status line, and selected: its entry in the tree, then (once that entry's structures are on
 * show) the deepest field that covers the byte.
 */
final class ByteClicks {
    private final SharedSelection selection;
    private final BackgroundTasks tasks;
    private final TreePaneController tree;
    private final DetailPaneController details;
    /** A field to select once the entry it belongs to is shown. */
    private ByteOwner pending;

    ByteClicks(SharedSelection selection, BackgroundTasks tasks, TreePaneController tree, DetailPaneController details) {
        this.selection = selection;
        this.tasks = tasks;
        this.tree = tree;
        this.details = details;
        selection.view().addListener((obs, old, view) -> revealPending());
    }

    void clicked(long offset) {
        ByteOwnerMap map = selection.ownerMap().get();
        if (map == null) {
            selection.status().set("Still indexing the image's structures…");
            return;
        }
        Task<ByteOwner> task = new Task<>() {
            @Override
            protected ByteOwner call() throws Exception {
                return map.at(offset);
            }
        };
        task.setOnSucceeded(e -> found(task.getValue(), offset));
        task.setOnFailed(e -> selection.status().set(selection.offsetText(offset) + ": " + Dialogs.message(task.getException())));
        tasks.run(task);
    }

    private void found(ByteOwner owner, long offset) {
        if (owner == null) {
            selection.status().set(selection.offsetText(offset) + ": not used by any structure or file");
            return;
        }
        selection.status().set(FieldText.of(owner, offset, selection));
        pending = owner.fields().isEmpty() ? null : owner;
        if (isShown(owner)) {
            revealPending();
        } else if (owner.path() != null) {
            tree.reveal(owner.path());
        } else if (pending != null && !tree.selectPartHolding(owner.structure())) {
            tree.selectImage();
        }
    }

    /**
     * Whether the detail pane shows what {@code owner} belongs to: its entry, or (for a structure
     * of no entry) the image or the part of the file whose structures hold it.
     */
    private boolean isShown(ByteOwner owner) {
        EntryView view = selection.view().get();
        if (view == null) {
            return false;
        }
        if (owner.path() != null) {
            return view.node() != null && Arrays.equals(owner.path(), view.node().path());
        }
        return view.node() == null && owner.structure() != null && view.structures().stream()
                .anyMatch(f -> f.offset() == owner.structure().offset() && f.name().equals(owner.structure().name()));
    }

    private void revealPending() {
        ByteOwner owner = pending;
        if (owner != null && isShown(owner)) {
            pending = null;
            details.reveal(owner.fields());
        }
    }
}

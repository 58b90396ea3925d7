package erofsbrowser.app;

import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import javafx.concurrent.Task;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TreeTableRow;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Dragging entries out of the tree onto a file manager: the files are extracted into a private
 * folder as the drag starts (the drop takes paths, not promises). Small selections are written in
 * the background while the drag goes on; larger ones, measured as they are selected, are prepared
 * first, after asking, and dragged again when ready.
 */
final class DragOut {
    private final Stage stage;
    private final BackgroundTasks tasks;
    private final Dialogs dialogs;
    private final SharedSelection selection;
    private final ExtractionService extraction;
    private final ExtractionActions.TempFolderSource folders;
    private final LongSupplier prepareLimit;
    private volatile long selectionBytes = -1;
    private Task<Long> measuring;
    private final Map<List<Long>, Path> prepared = new HashMap<>();

    DragOut(Stage stage, BackgroundTasks tasks, Dialogs dialogs, SharedSelection selection, ExtractionService extraction,
            ExtractionActions.TempFolderSource folders, LongSupplier prepareLimit) {
        this.stage = stage;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.selection = selection;
        this.extraction = extraction;
        this.folders = folders;
        this.prepareLimit = prepareLimit;
    }

    /** Sums the selection's file sizes in the background, so a drag knows at once whether to ask. */
    void measure(List<Node> nodes) {
        if (measuring != null) {
            measuring.cancel(true);
        }
        selectionBytes = -1;
        ImageSession s = selection.session().get();
        if (s == null || nodes.isEmpty()) {
            return;
        }
        Task<Long> task = new Task<>() {
            @Override
            protected Long call() throws Exception {
                long[] total = {0};
                Set<Long> seen = new HashSet<>();
                for (Node node : nodes) {
                    s.image().walk(node, n -> {
                        if (isCancelled()) {
                            throw new ImageException("measuring cancelled", 0);
                        }
                        if (n.type() == FileType.FILE && seen.add(n.inodeNumber())) {
                            total[0] += n.size();
                        }
                    });
                }
                return total[0];
            }
        };
        measuring = task;
        task.setOnSucceeded(e -> {
            if (task == measuring) {
                selectionBytes = task.getValue();
            }
        });
        task.setOnFailed(e -> {
            if (task == measuring) {
                selectionBytes = Long.MAX_VALUE; // unreadable: a drag asks first, and the preparation reports why
            }
        });
        tasks.run(task);
    }

    private static List<Long> key(List<Node> nodes) {
        return nodes.stream().map(Node::inodeNumber).toList();
    }

    /** Starts a drag of {@code rows} from {@code row}; the image row stands for the root. */
    void start(TreeTableRow<EntryRow> row, List<EntryRow> rows) {
        ImageSession s = selection.session().get();
        List<Node> nodes = nodesOf(rows, s);
        if (nodes.isEmpty()) {
            return;
        }
        Path ready = prepared.get(key(nodes));
        if (ready != null) {
            drag(row, nodes, ready);
            return;
        }
        long size = selectionBytes;
        if (size < 0) {
            selection.status().set("Measuring the selection… drag again in a moment");
            return;
        }
        try {
            Path folder = folders.newFolder("drag");
            if (size <= prepareLimit.getAsLong()) {
                Task<Void> task = prepare(nodes, folder);
                task.setOnSucceeded(e -> prepared.put(key(nodes), folder));
                drag(row, nodes, folder);
                return;
            }
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION, String.format(
                    "The selection holds %,d bytes. Prepare it for dragging? It is extracted to a private "
                            + "folder first; drag again when it is ready.", size), ButtonType.OK, ButtonType.CANCEL);
            ask.initOwner(stage);
            ask.setHeaderText("Large selection");
            if (ask.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK) {
                Task<Void> task = prepare(nodes, folder);
                task.setOnSucceeded(e -> {
                    prepared.put(key(nodes), folder);
                    selection.status().set("Ready: drag the selection again");
                });
            }
        } catch (java.io.IOException e) {
            dialogs.error("Cannot make a folder for the dragged files", e);
        }
    }

    /** The nodes of the rows; a selection with the root (or the image row) drags the root alone. */
    static List<Node> nodesOf(List<EntryRow> rows, ImageSession s) {
        List<Node> nodes = new ArrayList<>();
        for (EntryRow r : rows) {
            Node n = r.kind() == EntryRow.Kind.IMAGE && s != null ? s.root() : r.node();
            if (n != null) {
                if (n.isRoot()) {
                    return List.of(n);
                }
                nodes.add(n);
            }
        }
        return nodes;
    }

    /** Writes the files of a drag of {@code nodes} into {@code folder}; the returned task writes them. */
    Task<Void> prepare(List<Node> nodes, Path folder) {
        Task<Void> task = extraction.dragPreparation(selection.session().get().image(), nodes, folder);
        task.setOnFailed(e -> dialogs.error("Cannot prepare the dragged files", task.getException()));
        tasks.runListed(task);
        return task;
    }

    static List<File> dragFiles(List<Node> nodes, Path folder) {
        List<File> files = new ArrayList<>();
        for (Node n : nodes) {
            files.add(folder.resolve(n.isRoot() ? ExtractionService.ROOT_DRAG_NAME : n.nameString()).toFile());
        }
        return files;
    }

    private void drag(TreeTableRow<EntryRow> row, List<Node> nodes, Path folder) {
        Dragboard board = row.startDragAndDrop(TransferMode.COPY);
        ClipboardContent content = new ClipboardContent();
        content.putFiles(dragFiles(nodes, folder));
        board.setContent(content);
    }
}

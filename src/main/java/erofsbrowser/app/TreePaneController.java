package erofsbrowser.app;

import erofsbrowser.image.FileType;
import erofsbrowser.image.Node;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The entry tree: the image as its top row, directories read in the background as they open,
 * find by name over the whole image (results in a list above the tree; a click shows the entry in
 * every pane and in the tree; Esc or the close button gives the whole tree back), type-ahead,
 * and the entry actions of its context menu.
 */
public final class TreePaneController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @FXML private VBox pane;
    @FXML private TextField findField;
    @FXML private Button closeFindButton;
    @FXML private SplitPane split;
    @FXML private TreeTableView<EntryRow> tree;
    @FXML private ContextMenu treeMenu;
    @FXML private Label treePlaceholder;
    @FXML private TreeTableColumn<EntryRow, EntryRow> nameColumn;
    @FXML private TreeTableColumn<EntryRow, String> sizeColumn;
    @FXML private TreeTableColumn<EntryRow, String> storedColumn;
    @FXML private TreeTableColumn<EntryRow, String> modeColumn;
    @FXML private TreeTableColumn<EntryRow, String> ownerColumn;
    @FXML private TreeTableColumn<EntryRow, String> mtimeColumn;
    @FXML private TreeTableColumn<EntryRow, String> labelColumn;
    @FXML private VBox resultsBox;
    @FXML private Label resultsHeading;
    @FXML private ListView<String> results;

    private SharedSelection selection;
    private BackgroundTasks tasks;
    private Consumer<Throwable> onError;
    private ImageSession session;
    private Task<?> findTask;
    private int revealGeneration;
    private final PauseTransition findDelay = new PauseTransition(Duration.millis(250));
    private final StringBuilder typed = new StringBuilder();
    private long lastTyped;

    void attach(SharedSelection shared, BackgroundTasks background, Consumer<Throwable> errors) {
        this.selection = shared;
        this.tasks = background;
        this.onError = errors;
        nameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        nameColumn.setCellFactory(c -> new EntryNameCell());
        sizeColumn.setCellValueFactory(text(TreePaneController::sizeText));
        storedColumn.setCellValueFactory(text(r -> r.node() == null || r.isDirectory() ? "" : storedText(r)));
        modeColumn.setCellValueFactory(text(EntryRow::mode));
        ownerColumn.setCellValueFactory(text(r -> r.node() == null ? "" : r.node().uid() + ":" + r.node().gid()));
        mtimeColumn.setCellValueFactory(text(r -> r.node() == null ? "" : TIME.format(Instant.ofEpochSecond(r.node().mtime()))));
        labelColumn.setCellValueFactory(text(EntryRow::selinuxLabel));
        tree.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        tree.setOnKeyTyped(e -> typeAhead(e.getCharacter()));
        findDelay.setOnFinished(e -> startFind(findField.getText()));
        findField.textProperty().addListener((obs, old, text) -> findDelay.playFromStart());
        findField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                closeFind();
            } else if (e.getCode() == KeyCode.DOWN && !results.getItems().isEmpty()) {
                results.requestFocus();
                results.getSelectionModel().selectFirst();
            }
        });
        results.getSelectionModel().selectedItemProperty().addListener((obs, old, path) -> {
            if (path != null) {
                reveal(path.getBytes(StandardCharsets.UTF_8));
            }
        });
        results.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                closeFind();
            }
        });
    }

    /** The tree's own control, for the window's drag and selection wiring. */
    TreeTableView<EntryRow> tree() {
        return tree;
    }

    ContextMenu contextMenu() {
        return treeMenu;
    }

    private static javafx.util.Callback<TreeTableColumn.CellDataFeatures<EntryRow, String>,
            javafx.beans.value.ObservableValue<String>> text(Function<EntryRow, String> f) {
        return c -> new ReadOnlyStringWrapper(c.getValue().getValue() == null ? "" : f.apply(c.getValue().getValue()));
    }

    private static String sizeText(EntryRow r) {
        Node n = r.node();
        if (n == null || n.isDirectory()) {
            return "";
        }
        if (n.type() == FileType.CHR || n.type() == FileType.BLK) {
            return n.rdevMajor() + ", " + n.rdevMinor();
        }
        return String.format("%,d", n.size());
    }

    private static String storedText(EntryRow r) {
        String note = r.stored().note();
        return String.format("%,d", r.stored().bytes()) + (note.isEmpty() ? "" : " +");
    }

    // ---- the image ---------------------------------------------------------------------------

    /** Says that {@code name} is opening, or (after a failure) that it could not be opened. */
    void placeholder(String text) {
        treePlaceholder.setText(text);
    }

    void show(ImageSession opened) {
        this.session = opened;
        TreeItem<EntryRow> imageItem = new TreeItem<>(EntryRow.image(opened.fileName()));
        EntryTreeItem rootItem = new EntryTreeItem(EntryRow.of(opened.root(), new erofsbrowser.image.StoredSize(0, ""), ""),
                opened, tasks, e -> onError.accept(e));
        for (erofsbrowser.image.ImagePart part : opened.parts()) {
            imageItem.getChildren().add(new TreeItem<>(EntryRow.part(part)));
        }
        imageItem.getChildren().add(rootItem);
        imageItem.setExpanded(true);
        rootItem.setExpanded(true);
        tree.setRoot(imageItem);
        tree.getSelectionModel().select(imageItem);
    }

    /** The rows selected, in order. */
    List<EntryRow> selectedRows() {
        List<EntryRow> rows = new ArrayList<>();
        for (TreeItem<EntryRow> item : tree.getSelectionModel().getSelectedItems()) {
            if (item != null && item.getValue() != null && item.getValue().kind() != EntryRow.Kind.LOADING) {
                rows.add(item.getValue());
            }
        }
        return rows;
    }

    /** The selected row, or null. */
    EntryRow selectedRow() {
        TreeItem<EntryRow> item = tree.getSelectionModel().getSelectedItem();
        return item == null ? null : item.getValue();
    }

    /** The filesystem's root row: the image row's last child (parts of the file come first). */
    private EntryTreeItem rootItem() {
        List<TreeItem<EntryRow>> children = tree.getRoot().getChildren();
        return (EntryTreeItem) children.get(children.size() - 1);
    }

    /** Selects the part of the file among whose structures {@code structure} is; false when none is. */
    boolean selectPartHolding(erofsbrowser.image.Field structure) {
        if (tree.getRoot() == null || structure == null) {
            return false;
        }
        for (TreeItem<EntryRow> item : tree.getRoot().getChildren()) {
            EntryRow r = item.getValue();
            if (r.kind() == EntryRow.Kind.PART && r.part().structures().stream()
                    .anyMatch(f -> f.offset() == structure.offset() && f.name().equals(structure.name()))) {
                select(item);
                return true;
            }
        }
        return false;
    }

    /** Selects the image's own row. */
    void selectImage() {
        select(tree.getRoot());
    }

    // ---- reveal -----------------------------------------------------------------------------

    /** Selects the entry at {@code path}, loading and expanding directories on the way. */
    void reveal(byte[] path) {
        if (tree.getRoot() == null || tree.getRoot().getChildren().isEmpty()) {
            return;
        }
        EntryTreeItem rootItem = rootItem();
        int generation = ++revealGeneration;
        List<byte[]> parts = new ArrayList<>();
        int i = 1;
        while (i < path.length) {
            int j = i;
            while (j < path.length && path[j] != '/') {
                j++;
            }
            if (j > i) {
                parts.add(Arrays.copyOfRange(path, i, j));
            }
            i = j + 1;
        }
        revealStep(rootItem, parts, 0, generation);
    }

    private void revealStep(TreeItem<EntryRow> item, List<byte[]> parts, int k, int generation) {
        if (generation != revealGeneration) {
            return; // a newer reveal or selection took over
        }
        if (k == parts.size() || !(item instanceof EntryTreeItem) || !item.getValue().isDirectory()) {
            select(item);
            return;
        }
        ObservableList<TreeItem<EntryRow>> children = item.getChildren(); // starts loading
        Runnable next = () -> {
            item.setExpanded(true);
            for (TreeItem<EntryRow> child : item.getChildren()) {
                Node n = child.getValue().node();
                if (n != null && Arrays.equals(n.name(), parts.get(k))) {
                    revealStep(child, parts, k + 1, generation);
                    return;
                }
            }
            select(item);
        };
        if (((EntryTreeItem) item).isLoaded()) {
            next.run();
            return;
        }
        // Continue once the background load has put the real children in place of the placeholder.
        children.addListener(new ListChangeListener<>() {
            @Override
            public void onChanged(Change<? extends TreeItem<EntryRow>> c) {
                children.removeListener(this);
                Platform.runLater(next);
            }
        });
    }

    private void select(TreeItem<EntryRow> item) {
        tree.getSelectionModel().clearSelection();
        tree.getSelectionModel().select(item);
        int row = tree.getRow(item);
        if (row >= 0) {
            tree.scrollTo(Math.max(0, row - 3));
        }
    }

    /** Type-ahead: letters typed within a second select the next visible row whose name starts with them. */
    private void typeAhead(String character) {
        if (character == null || character.isEmpty() || Character.isISOControl(character.charAt(0))) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastTyped > 1_000_000_000L) {
            typed.setLength(0);
        }
        lastTyped = now;
        typed.append(character.toLowerCase(Locale.ROOT));
        String prefix = typed.toString();
        int from = Math.max(0, tree.getSelectionModel().getSelectedIndex());
        int rows = tree.getExpandedItemCount();
        for (int k = 0; k < rows; k++) {
            int i = (from + (prefix.length() == 1 ? k + 1 : k)) % rows;
            TreeItem<EntryRow> item = tree.getTreeItem(i);
            if (item != null && item.getValue() != null && item.getValue().name().toLowerCase(Locale.ROOT).startsWith(prefix)) {
                select(item);
                return;
            }
        }
    }

    // ---- find by name -----------------------------------------------------------------------

    @FXML
    void closeFind() {
        findField.clear();
        stopFind();
        tree.requestFocus();
    }

    /** Focuses the find field (Ctrl+Shift+F). */
    void focusFind() {
        findField.requestFocus();
        findField.selectAll();
    }

    private void stopFind() {
        if (findTask != null) {
            findTask.cancel(true);
            findTask = null;
        }
        results.getItems().clear();
        split.getItems().remove(resultsBox);
        closeFindButton.setDisable(true);
    }

    private void startFind(String text) {
        stopFind();
        if (text == null || text.isBlank() || session == null) {
            return;
        }
        split.getItems().add(0, resultsBox);
        split.setDividerPositions(0.35);
        closeFindButton.setDisable(false);
        resultsHeading.setText("Finding \"" + text + "\"…");
        FindByName task = new FindByName(session, text, results.getItems());
        findTask = task;
        task.setOnSucceeded(e -> {
            if (task == findTask) {
                int n = task.getValue();
                resultsHeading.setText(n == 0 ? "No entry's name contains \"" + text + "\""
                        : (n == 1 ? "1 entry" : String.format("%,d entries", n)) + " named like \"" + text
                        + "\": exact names first, then names that start with it");
            }
        });
        task.setOnFailed(e -> {
            if (task == findTask) {
                resultsHeading.setText("Find stopped: " + task.getException().getMessage());
            }
        });
        tasks.runListed(task);
    }

    /** Entries that find-by-name lists, for tests. */
    List<String> findResults() {
        return List.copyOf(results.getItems());
    }

    boolean findResultsShown() {
        return split.getItems().contains(resultsBox);
    }

    /** Text of the message the empty tree shows. */
    String placeholderText() {
        return treePlaceholder.getText();
    }

    /** A row whose drag starts the window's drag-out. */
    void onDragDetected(java.util.function.BiConsumer<TreeTableRow<EntryRow>, List<EntryRow>> dragOut) {
        tree.setRowFactory(t -> {
            TreeTableRow<EntryRow> row = new TreeTableRow<>();
            row.setOnDragDetected(e -> {
                if (!row.isEmpty() && session != null) {
                    dragOut.accept(row, selectedRows());
                }
                e.consume();
            });
            return row;
        });
    }

    /** Ends background reads; the window is closing. */
    void close() {
        stopFind();
    }
}

package erofsbrowser.app;

import erofsbrowser.image.FileType;
import erofsbrowser.image.Node;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
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
import javafx.scene.layout.VBox;

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
    /** Sizes with the locale's digit grouping, as String.format's "%,d" gives them, at a tenth of its cost per cell. */
    private final java.text.NumberFormat grouped = java.text.NumberFormat.getIntegerInstance();
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
    private FindBar find;
    private int revealGeneration;
    private final StringBuilder typed = new StringBuilder();
    private long lastTyped;

    void attach(SharedSelection shared, BackgroundTasks background, Consumer<Throwable> errors) {
        this.selection = shared;
        this.tasks = background;
        this.onError = errors;
        nameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        nameColumn.setCellFactory(c -> new EntryNameCell());
        sizeColumn.setCellValueFactory(text(this::sizeText));
        storedColumn.setCellValueFactory(text(r -> r.node() == null || r.isDirectory() ? "" : storedText(r)));
        modeColumn.setCellValueFactory(text(EntryRow::mode));
        ownerColumn.setCellValueFactory(text(r -> r.node() == null ? "" : r.node().uid() + ":" + r.node().gid()));
        mtimeColumn.setCellValueFactory(text(r -> r.node() == null ? "" : TIME.format(erofsbrowser.image.Times.instant(r.node().mtime(), 0))));
        labelColumn.setCellValueFactory(text(EntryRow::selinuxLabel));
        tree.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        tree.setOnKeyTyped(e -> typeAhead(e.getCharacter()));
        find = new FindBar(findField, closeFindButton, split, resultsBox, resultsHeading, results, tasks,
                () -> session, selection, path -> reveal(path.getBytes(StandardCharsets.UTF_8)), tree::requestFocus);
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

    private String sizeText(EntryRow r) {
        Node n = r.node();
        if (n == null || n.isDirectory()) {
            return "";
        }
        if (n.type() == FileType.CHR || n.type() == FileType.BLK) {
            return n.rdevMajor() + ", " + n.rdevMinor();
        }
        return grouped.format(n.size());
    }

    /** The bytes the entry takes in the image, and where the rest of it is when not in its own blocks. */
    private String storedText(EntryRow r) {
        String note = r.stored().note();
        long bytes = r.stored().bytes();
        if (note.isEmpty()) {
            return grouped.format(bytes);
        }
        if (note.contains("packed inode")) { // fragments: the file's data, or its tail, inside another file
            return bytes == 0 ? "in packed inode" : grouped.format(bytes) + " + packed";
        }
        return grouped.format(bytes) + " +";
    }

    // ---- the image ---------------------------------------------------------------------------

    /** Says that {@code name} is opening, or (after a failure) that it could not be opened. */
    void placeholder(String text) {
        treePlaceholder.setText(text);
    }

    void show(ImageSession opened) {
        show(opened, null);
    }

    /** Shows {@code opened}, with its root's rows when they are read already ({@code rootRows}, else null). */
    void show(ImageSession opened, java.util.List<EntryRow> rootRows) {
        this.session = opened;
        if (opened.root() == null) { // shown as bytes: the image row, and the fault that stopped the opening
            erofsbrowser.image.Fault fault = new erofsbrowser.image.Fault(null, opened.openError());
            TreeItem<EntryRow> imageItem = new TreeItem<>(EntryRow.image(opened.fileName()).withFault(fault));
            for (erofsbrowser.image.ImagePart part : opened.parts()) { // an APEX's zip, manifest and AVB still are
                imageItem.getChildren().add(new TreeItem<>(EntryRow.part(part)));
            }
            imageItem.getChildren().add(new TreeItem<>(EntryRow.fault(fault, "(no filesystem can be read here)")));
            imageItem.setExpanded(true);
            tree.setRoot(imageItem);
            tree.getSelectionModel().select(imageItem);
            return;
        }
        TreeItem<EntryRow> imageItem = new TreeItem<>(EntryRow.image(opened.fileName()));
        EntryTreeItem rootItem = new EntryTreeItem(EntryRow.of(opened.root(), new erofsbrowser.image.StoredSize(0, ""), ""),
                opened, tasks, e -> onError.accept(e), selection.problems(), () -> selection.strict().get());
        for (erofsbrowser.image.ImagePart part : opened.parts()) {
            imageItem.getChildren().add(new TreeItem<>(EntryRow.part(part)));
        }
        imageItem.getChildren().add(rootItem);
        if (rootRows != null) {
            rootItem.fill(rootRows);
        }
        imageItem.setExpanded(true);
        rootItem.setExpanded(true);
        tree.setRoot(imageItem);
        tree.getSelectionModel().select(imageItem);
    }

    /** The window's scene, or null before the pane is in one. */
    javafx.scene.Scene scene() {
        return tree.getScene();
    }

    /** Whether the opened image's tree shows its root's entries (or, for a file read as bytes, its fault). */
    boolean rootShown() {
        TreeItem<EntryRow> image = tree.getRoot();
        if (image == null) {
            return false;
        }
        for (TreeItem<EntryRow> child : image.getChildren()) {
            if (child instanceof EntryTreeItem root) {
                return root.isLoaded();
            }
        }
        return true;
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
        reveal(path, this::select);
    }

    /**
     * Selects the row of {@code fault}: the fault row of the directory that holds it, else (a
     * fault of an entry that is listed, such as its data) that entry, else the deepest directory
     * on its path that could be reached.
     */
    void revealFault(erofsbrowser.image.Fault fault) {
        byte[] path = fault.error().path().orElse("/").getBytes(StandardCharsets.UTF_8);
        int generation = revealGeneration + 1; // the one reveal() is about to take
        reveal(path, item -> {
            if (!(item instanceof EntryTreeItem dir) || !item.getValue().isDirectory()) {
                select(item);
                return;
            }
            whenLoaded(dir, generation, () -> {
                item.setExpanded(true);
                for (TreeItem<EntryRow> child : item.getChildren()) {
                    erofsbrowser.image.Fault f = child.getValue().fault();
                    if (f != null && f.offset() == fault.offset() && f.problem().equals(fault.problem())) {
                        select(child);
                        return;
                    }
                }
                select(item);
            });
        });
    }

    private void reveal(byte[] path, Consumer<TreeItem<EntryRow>> arrive) {
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
        revealStep(rootItem, parts, 0, generation, arrive);
    }

    private void revealStep(TreeItem<EntryRow> item, List<byte[]> parts, int k, int generation,
                            Consumer<TreeItem<EntryRow>> arrive) {
        if (generation != revealGeneration) {
            return; // a newer reveal or selection took over
        }
        if (k == parts.size() || !(item instanceof EntryTreeItem dir) || !item.getValue().isDirectory()) {
            arrive.accept(item);
            return;
        }
        whenLoaded(dir, generation, () -> {
            item.setExpanded(true);
            for (TreeItem<EntryRow> child : item.getChildren()) {
                Node n = child.getValue().node();
                if (n != null && Arrays.equals(n.name(), parts.get(k))) {
                    revealStep(child, parts, k + 1, generation, arrive);
                    return;
                }
            }
            arrive.accept(item);
        });
    }

    /** Runs {@code next} once {@code dir}'s children are read (now, if they are), unless a newer reveal took over. */
    private void whenLoaded(EntryTreeItem dir, int generation, Runnable next) {
        ObservableList<TreeItem<EntryRow>> children = dir.getChildren(); // starts loading
        if (dir.isLoaded()) {
            next.run();
            return;
        }
        // Continue once the background load has put the real children in place of the placeholder.
        children.addListener(new ListChangeListener<>() {
            @Override
            public void onChanged(Change<? extends TreeItem<EntryRow>> c) {
                children.removeListener(this);
                Platform.runLater(() -> {
                    if (generation == revealGeneration) {
                        next.run();
                    }
                });
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
        find.close();
    }

    /** Focuses the find field (Ctrl+Shift+F). */
    void focusFind() {
        find.focus();
    }

    /** Entries that find-by-name lists, for tests. */
    List<String> findResults() {
        return find.results();
    }

    boolean findResultsShown() {
        return find.resultsShown();
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
        find.stop();
    }
}

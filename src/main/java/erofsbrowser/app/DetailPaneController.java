package erofsbrowser.app;

import erofsbrowser.image.DataRun;
import erofsbrowser.image.Field;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.Problem;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The detail pane: the selected entry's key facts, its structures as a tree of fields (as
 * Wireshark's packet details show a packet), and where its content is stored. Selecting a field
 * makes it the shared selection's field (the raw view tints its bytes); a field chosen elsewhere
 * (a click on a byte) is expanded to and selected here.
 */
public final class DetailPaneController {
    @FXML private VBox pane;
    @FXML private Label title;
    @FXML private GridPane facts;
    @FXML private TreeTableView<Field> structureTree;
    @FXML private Label structurePlaceholder;
    @FXML private TreeTableColumn<Field, Field> fieldNameColumn;
    @FXML private TreeTableColumn<Field, String> fieldValueColumn;
    @FXML private TreeTableColumn<Field, String> fieldMeaningColumn;
    @FXML private TreeTableColumn<Field, String> fieldOffsetColumn;
    @FXML private TreeTableColumn<Field, String> fieldSizeColumn;
    @FXML private TitledPane runsPane;
    @FXML private TableView<DataRun> runTable;
    @FXML private TableColumn<DataRun, String> runFileColumn;
    @FXML private TableColumn<DataRun, String> runImageColumn;
    @FXML private TableColumn<DataRun, String> runCompressionColumn;
    @FXML private TableColumn<DataRun, String> runWhereColumn;

    private SharedSelection selection;
    private BackgroundTasks tasks;
    private Dialogs dialogs;
    private javafx.concurrent.Task<EntryView> loading;
    /** Set while this pane selects a field the selection asked for, so it does not echo back. */
    private boolean following;

    void attach(SharedSelection shared, BackgroundTasks background, Dialogs messages) {
        // The data layout's table joins the window when first expanded (a collapsed pane's content is
        // still styled and laid out, at the first frame's expense).
        javafx.scene.Node runsContent = runsPane.getContent();
        runsPane.setContent(null);
        runsPane.expandedProperty().addListener((obs, was, expanded) -> {
            if (expanded && runsPane.getContent() == null) {
                runsPane.setContent(runsContent);
            }
        });
        this.selection = shared;
        this.tasks = background;
        this.dialogs = messages;
        fieldNameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        fieldNameColumn.setCellFactory(c -> new NameCell());
        fieldValueColumn.setCellValueFactory(c -> text(valueText(c.getValue().getValue())));
        fieldMeaningColumn.setCellValueFactory(c -> text(c.getValue().getValue().meaning()));
        fieldOffsetColumn.setCellValueFactory(c -> text(shared.offsetText(c.getValue().getValue().offset())));
        fieldSizeColumn.setCellValueFactory(c -> text(Long.toString(c.getValue().getValue().size())));
        structureTree.setRowFactory(t -> new FieldRow());
        // Alt+Down/Up step through fields here even before the menu sees the keys.
        structureTree.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.isAltDown() && (e.getCode() == javafx.scene.input.KeyCode.DOWN || e.getCode() == javafx.scene.input.KeyCode.UP)) {
                step(e.getCode() == javafx.scene.input.KeyCode.DOWN ? 1 : -1);
                e.consume();
            }
        });
        structureTree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!following) {
                shared.field().set(item == null ? null : item.getValue());
            }
        });
        runFileColumn.setCellValueFactory(c -> text(range(c.getValue().fileOffset(), c.getValue().fileEnd())));
        runImageColumn.setCellValueFactory(c -> text(c.getValue().stored() == null ? "—"
                : range(c.getValue().stored().offset(), c.getValue().stored().end())));
        runCompressionColumn.setCellValueFactory(c -> text(c.getValue().compression()));
        runWhereColumn.setCellValueFactory(c -> text(c.getValue().where()));
        runTable.getSelectionModel().selectedItemProperty().addListener((obs, old, run) -> {
            if (run != null && run.stored() != null) {
                shared.field().set(Field.structure("content bytes " + range(run.fileOffset(), run.fileEnd()),
                        run.stored().offset(), run.stored().length(), run.where(), List.of()));
            }
        });
        shared.view().addListener((obs, old, view) -> show(view));
        shared.hexOffsets().addListener((obs, old, hex) -> {
            structureTree.refresh();
            runTable.refresh();
        });
    }

    /** Reads what to show of {@code row} (an entry, or the image) in the background, then shows it. */
    void load(EntryRow row) {
        if (loading != null) {
            loading.cancel(true);
        }
        ImageSession s = selection.session().get();
        if (row == null || s == null || row.kind() == EntryRow.Kind.LOADING) {
            return;
        }
        erofsbrowser.image.ByteOwnerMap owners = selection.ownerMap().get();
        javafx.concurrent.Task<EntryView> task = new javafx.concurrent.Task<>() {
            @Override
            protected EntryView call() throws Exception {
                return switch (row.kind()) {
                    case IMAGE -> EntryViews.forImage(s);
                    case PART -> EntryViews.forPart(row.part());
                    case FAULT -> EntryViews.forFault(s, row.fault(), owners);
                    default -> EntryViews.forNode(s, row.node(), row.fault());
                };
            }
        };
        loading = task;
        task.setOnSucceeded(e -> {
            if (task == loading) {
                selection.field().set(null);
                selection.view().set(task.getValue());
            }
        });
        task.setOnFailed(e -> {
            if (task == loading) {
                dialogs.error("Cannot read " + row.name(), task.getException());
            }
        });
        tasks.run(task);
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s);
    }

    private String range(long from, long to) {
        return selection.offsetText(from) + ".." + selection.offsetText(to);
    }

    /** A value as the tree shows it: numbers in decimal, short byte strings in hex, long ones by size. */
    static String valueText(Field f) {
        if (f.value() instanceof FieldValue.Bytes b && b.bytes().length > 16) {
            return HexFormat.of().formatHex(b.bytes(), 0, 16) + "…";
        }
        return f.valueText();
    }

    private void show(EntryView view) {
        following = true;
        try {
            structureTree.setRoot(null);
            facts.getChildren().clear();
            runTable.getItems().clear();
            if (view == null) {
                title.setText("");
                return;
            }
            title.setText(view.title());
            int row = 0;
            for (EntryView.Fact f : view.facts()) {
                Label name = new Label(f.name());
                name.getStyleClass().add("field-name");
                name.setMinWidth(Region.USE_PREF_SIZE); // a long wrapped value must not squeeze the name to "…"
                Label value = new Label(f.value());
                value.getStyleClass().add("field-value");
                value.setWrapText(true);
                facts.addRow(row++, name, value);
            }
            TreeItem<Field> root = new TreeItem<>();
            for (Field s : view.structures()) {
                FieldTreeItem item = new FieldTreeItem(s);
                item.setExpanded(view.structures().size() <= 2);
                root.getChildren().add(item);
            }
            structureTree.setRoot(root);
            structurePlaceholder.setText(view.node() == null ? "No structures." : "No structures lie plainly in the image for this entry.");
            runTable.getItems().setAll(view.runs());
            runsPane.setVisible(view.node() != null);
            runsPane.setManaged(view.node() != null);
        } finally {
            following = false;
        }
        if (view != null && view.focus() >= 0) {
            view.structures().stream().filter(f -> f.contains(view.focus())).findFirst()
                    .ifPresent(f -> reveal(f.pathTo(view.focus())));
        }
    }

    /**
     * Expands to and selects the field at the end of {@code path} (a structure, then fields inside
     * it), as the map of byte owners found it; fields are matched by name and bytes, since the map
     * dissects its own copy of the structure.
     */
    void reveal(List<Field> path) {
        if (structureTree.getRoot() == null || path.isEmpty()) {
            return;
        }
        TreeItem<Field> item = structureTree.getRoot();
        TreeItem<Field> found = null;
        for (Field wanted : path) {
            TreeItem<Field> next = null;
            for (TreeItem<Field> c : item.getChildren()) {
                Field f = c.getValue();
                if (f.name().equals(wanted.name()) && f.offset() == wanted.offset() && f.size() == wanted.size()) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            item.setExpanded(true);
            found = next;
            item = next;
        }
        if (found != null) {
            structureTree.getSelectionModel().select(found);
            int index = structureTree.getRow(found);
            if (index >= 0) {
                structureTree.scrollTo(Math.max(0, index - 3));
            }
        }
    }

    /** The field selected in the tree, or null. */
    Field selectedField() {
        TreeItem<Field> item = structureTree.getSelectionModel().getSelectedItem();
        return item == null ? null : item.getValue();
    }

    @FXML
    void nextField() {
        step(1);
    }

    @FXML
    void previousField() {
        step(-1);
    }

    /** Selects the next (or previous) row that is a field with a value: the next field in byte order. */
    private void step(int direction) {
        int row = structureTree.getSelectionModel().getSelectedIndex();
        for (int i = row + direction; i >= 0 && i < structureTree.getExpandedItemCount(); i += direction) {
            TreeItem<Field> item = structureTree.getTreeItem(i);
            if (item == null) {
                break;
            }
            if (item.getValue().value() == null && !item.isLeaf()) {
                item.setExpanded(true); // step into structures
                continue;
            }
            structureTree.getSelectionModel().clearAndSelect(i);
            structureTree.scrollTo(Math.max(0, i - 3));
            return;
        }
    }

    @FXML
    private void copyValue() {
        Field f = selectedField();
        if (f != null) {
            copy(f.value() instanceof FieldValue.Bytes ? f.valueText() : f.valueText() + (f.meaning().isEmpty() ? "" : " (" + f.meaning() + ")"));
        }
    }

    @FXML
    private void copyOffset() {
        Field f = selectedField();
        if (f != null) {
            copy(selection.offsetText(f.offset()));
        }
    }

    @FXML
    private void copyName() {
        Field f = selectedField();
        if (f != null) {
            copy(f.name());
        }
    }

    private void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        selection.status().set("Copied " + text);
    }

    /** Children made when the row is first expanded: an index array may hold hundreds of thousands. */
    private static final class FieldTreeItem extends TreeItem<Field> {
        private boolean built;

        FieldTreeItem(Field field) {
            super(field);
        }

        @Override
        public boolean isLeaf() {
            return getValue().children().isEmpty();
        }

        @Override
        public javafx.collections.ObservableList<TreeItem<Field>> getChildren() {
            if (!built) {
                built = true;
                List<TreeItem<Field>> items = new java.util.ArrayList<>();
                for (Field c : getValue().children()) {
                    items.add(new FieldTreeItem(c));
                }
                super.getChildren().setAll(items);
            }
            return super.getChildren();
        }
    }

    /** The field's name, marked when it or a field inside it has a problem. */
    private static final class NameCell extends TreeTableCell<Field, Field> {
        @Override
        protected void updateItem(Field f, boolean empty) {
            super.updateItem(f, empty);
            getStyleClass().remove("field-problem");
            if (empty || f == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(f.name());
            if (f.hasProblems()) {
                FontIcon mark = new FontIcon(f.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR)
                        ? "mdi2a-alert-circle" : "mdi2a-alert");
                mark.setIconSize(14);
                mark.getStyleClass().add("problem-mark");
                setGraphic(mark);
                getStyleClass().add("field-problem");
            } else {
                setGraphic(null);
            }
        }
    }

    /**
     * A row's tooltip: where the field is, its raw bytes and meaning, and its problems. Made when
     * the pointer first comes over the row: a tooltip is a window of its own, and making one for
     * every row as it is filled cost the first frame a tenth of its time.
     */
    private final class FieldRow extends TreeTableRow<Field> {
        FieldRow() {
            setOnMouseEntered(e -> {
                Field f = getItem();
                if (!isEmpty() && f != null && getTooltip() == null) {
                    setTooltip(new Tooltip(tooltipText(f)));
                }
            });
        }

        @Override
        protected void updateItem(Field f, boolean empty) {
            super.updateItem(f, empty);
            if (getTooltip() != null) {
                if (empty || f == null) {
                    setTooltip(null);
                } else {
                    getTooltip().setText(tooltipText(f));
                }
            }
        }

        private String tooltipText(Field f) {
            StringBuilder sb = new StringBuilder(f.name()).append('\n')
                    .append(f.size()).append(" bytes at ").append(selection.offsetText(f.offset()));
            if (f.value() != null) {
                sb.append("\nvalue: ").append(valueText(f));
            }
            if (!f.meaning().isEmpty()) {
                sb.append('\n').append(f.meaning());
            }
            if (!f.problems().isEmpty()) {
                sb.append('\n').append(f.problems().stream().map(p -> p.severity().name().toLowerCase() + ": " + p.message())
                        .collect(Collectors.joining("\n")));
            }
            return sb.toString();
        }
    }
}

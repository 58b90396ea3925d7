package erofsbrowser.app;

import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.Fault;
import erofsbrowser.image.Field;
import erofsbrowser.image.Problem;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Problems pane: every fault found in the open image (offset, structure, path, what is
 * wrong), as the tree meets them, as the check that runs after opening finds them, and as File ›
 * Verify finds them. Selecting one selects its row in the tree (the fault's own row, or the entry
 * it concerns) and its bytes in the raw view.
 */
public final class ProblemsPaneController {
    @FXML private VBox pane;
    @FXML private Label heading;
    @FXML private Label summary;
    @FXML private Button verifyButton;
    @FXML private TableView<Problems.Row> table;
    @FXML private TableColumn<Problems.Row, String> offsetColumn;
    @FXML private TableColumn<Problems.Row, String> structureColumn;
    @FXML private TableColumn<Problems.Row, String> pathColumn;
    @FXML private TableColumn<Problems.Row, String> messageColumn;

    private SharedSelection selection;
    private BackgroundTasks tasks;
    private TreePaneController tree;
    private Consumer<Boolean> showPane;
    private FaultScan scan;
    /** A fault chosen here whose bytes are selected once its entry is on show, or null. */
    private Fault pending;

    /** {@code showPane} shows or hides this pane in the window. */
    void attach(SharedSelection shared, BackgroundTasks background, TreePaneController treePane, Consumer<Boolean> showPane) {
        this.selection = shared;
        this.tasks = background;
        this.tree = treePane;
        this.showPane = showPane;
        Problems problems = shared.problems();
        table.setItems(problems.rows());
        offsetColumn.setCellValueFactory(c -> text(shared.offsetText(c.getValue().offset())));
        structureColumn.setCellValueFactory(c -> text(c.getValue().structure()));
        pathColumn.setCellValueFactory(c -> text(c.getValue().path()));
        messageColumn.setCellValueFactory(c -> text(c.getValue().message()));
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(Problems.Row row, boolean empty) {
                super.updateItem(row, empty);
                setTooltip(empty || row == null ? null : new Tooltip(row.fault().line()));
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) {
                select(row.fault());
            }
        });
        problems.count().addListener((obs, old, n) -> {
            updateHeading();
            nameLater(); // a fault the tree meets after the map is built (a directory opened later)
        });
        shared.hexOffsets().addListener((obs, old, hex) -> table.refresh());
        shared.session().addListener((obs, old, session) -> {
            problems.clear();
            summary.setText("");
            if (session != null) {
                AfterTreeShown.run(treePane.scene(), treePane::rootShown, () -> {
                    if (shared.session().get() == session) {
                        check(session);
                    }
                });
            }
        });
        shared.ownerMap().addListener((obs, old, map) -> nameStructures(map));
        shared.view().addListener((obs, old, view) -> selectPendingBytes(view));
        updateHeading();
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s);
    }

    private void updateHeading() {
        int n = selection.problems().count().get();
        heading.setText(n == 0 ? "Problems" : n == 1 ? "Problems: 1 fault" : String.format("Problems: %,d faults", n));
    }

    // ---- finding faults ---------------------------------------------------------------------

    /** Walks the whole tree of a newly opened image for faults (its metadata, not its files' data). */
    private void check(ImageSession session) {
        if (session.root() == null) {
            selection.problems().add(List.of(new Fault(null, session.openError())));
            showPane.accept(true);
            summary.setText(session.image() instanceof erofsbrowser.apex.ApexImage apex
                    ? "The " + apex.apexFile().kind() + "'s payload cannot be read" : "The file cannot be read as an image");
            verifyButton.setDisable(true);
            return;
        }
        start(new FaultScan(session, false, selection.strict().get(), () -> selection.ownerMap().get(), this::found), false);
    }

    /** File › Verify: reads every file of the image too, with progress and cancel, and lists every fault. */
    @FXML
    Task<FaultScan.Result> verify() {
        ImageSession session = selection.session().get();
        if (session == null || session.root() == null) {
            return null;
        }
        showPane.accept(true);
        FaultScan task = new FaultScan(session, true, selection.strict().get(), () -> selection.ownerMap().get(), this::found);
        start(task, true);
        return task;
    }

    private void start(FaultScan task, boolean readData) {
        verifyButton.setDisable(false);
        if (scan != null) {
            scan.cancel(true);
        }
        scan = task;
        verifyButton.setDisable(readData);
        summary.setText(readData ? "Verifying: reading every file…" : "Checking every entry…");
        task.setOnSucceeded(e -> finished(task, task.getValue().summary(readData)));
        task.setOnFailed(e -> finished(task, (readData ? "Verification" : "The check") + " stopped: "
                + Dialogs.message(task.getException())));
        task.setOnCancelled(e -> finished(task, (readData ? "Verification" : "The check") + " cancelled"));
        tasks.runListed(task);
    }

    private void finished(FaultScan task, String text) {
        if (task != scan) {
            return;
        }
        scan = null;
        verifyButton.setDisable(false);
        summary.setText(text);
        selection.status().set(text);
    }

    private void found(List<Problems.Row> rows) {
        if (selection.session().get() == null) {
            return;
        }
        boolean first = selection.problems().count().get() == 0;
        for (Problems.Row r : rows) {
            selection.problems().add(r.fault(), r.structure());
        }
        if (first && !rows.isEmpty()) {
            showPane.accept(true);
        }
    }

    private boolean namingScheduled;

    /** Names the structures of the faults added in this burst, once, when the map of owners is there. */
    private void nameLater() {
        if (namingScheduled || selection.ownerMap().get() == null) {
            return;
        }
        namingScheduled = true;
        javafx.application.Platform.runLater(() -> {
            namingScheduled = false;
            nameStructures(selection.ownerMap().get());
        });
    }

    /** Names the structure of every fault listed without one, now that the map of owners is built. */
    private void nameStructures(ByteOwnerMap map) {
        if (map == null) {
            return;
        }
        List<Fault> unnamed = new ArrayList<>();
        for (Problems.Row r : selection.problems().rows()) {
            if (r.structure().isEmpty()) {
                unnamed.add(r.fault());
            }
        }
        if (unnamed.isEmpty()) {
            return;
        }
        Task<List<Problems.Row>> task = new Task<>() {
            @Override
            protected List<Problems.Row> call() {
                List<Problems.Row> named = new ArrayList<>();
                for (Fault f : unnamed) {
                    named.add(new Problems.Row(f, FaultScan.structureAt(map, f.offset())));
                }
                return named;
            }
        };
        task.setOnSucceeded(e -> found(task.getValue()));
        tasks.run(task);
    }

    // ---- selecting a fault -------------------------------------------------------------------

    private void select(Fault fault) {
        pending = fault;
        selection.status().set(fault.line());
        tree.revealFault(fault);
    }

    /**
     * Once the fault's row is on show: its own view marks the field at its byte already; for an
     * entry's view, the bytes of the fault are selected: the run of stored data that holds it, or
     * the deepest field, or the byte itself.
     */
    private void selectPendingBytes(EntryView view) {
        Fault fault = pending;
        if (fault == null || view == null) {
            return;
        }
        pending = null;
        if (view.focus() >= 0) {
            return;
        }
        long at = fault.offset();
        for (DataRun r : view.runs()) {
            if (r.stored() != null && r.stored().contains(at)) {
                selection.field().set(new Field("unreadable data", r.stored().offset(), r.stored().length(), null,
                        r.where(), List.of(), List.of(Problem.error(fault.problem()))));
                return;
            }
        }
        for (Field s : view.structures()) {
            if (s.contains(at)) {
                List<Field> path = s.pathTo(at);
                selection.field().set(path.get(path.size() - 1));
                return;
            }
        }
        selection.field().set(new Field("fault", at, 1, null, fault.problem(), List.of(), List.of(Problem.error(fault.problem()))));
    }

    @FXML
    private void hide() {
        showPane.accept(false);
    }

    /** The pane's root, for the window to place. */
    VBox pane() {
        return pane;
    }

    /** The faults listed, for tests. */
    List<Problems.Row> rowsForTests() {
        return List.copyOf(table.getItems());
    }

    TableView<Problems.Row> table() {
        return table;
    }
}

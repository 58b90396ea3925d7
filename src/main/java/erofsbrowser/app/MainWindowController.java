package erofsbrowser.app;

import erofsbrowser.app.hex.HexView;
import erofsbrowser.app.hex.SearchPatterns;
import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.Node;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * The main window: opens an image into its panes (tree, details with the structure tree, hex,
 * task strip, status bar), which share one {@link SharedSelection}, and carries out the menus and
 * the toolbar. Every read runs in a background task; this class only starts them and shows what
 * they found.
 */
public final class MainWindowController {
    @FXML private BorderPane root;
    @FXML private Menu recentMenu;
    @FXML private CheckMenuItem darkThemeItem;
    @FXML private CheckMenuItem hexOffsetsItem;
    @FXML private Button backButton;
    @FXML private Button forwardButton;
    @FXML private TextField findField;
    @FXML private TextField offsetField;
    @FXML private HBox warningBar;
    @FXML private Label warningLabel;
    @FXML private TreePaneController treePaneController;
    @FXML private DetailPaneController detailPaneController;
    @FXML private HexPaneController hexPaneController;
    @FXML private TaskStripController taskStripController;
    @FXML private StatusBarController statusBarController;

    private final SharedSelection selection = new SharedSelection();
    private final BackgroundTasks tasks = new BackgroundTasks();
    private final History history = new History();
    private BrowserApp app;
    private Stage stage;
    private Preferences prefs;
    private RecentFiles recent;
    private Dialogs dialogs;
    private ExtractionActions actions;
    private DragOut dragOut;
    private Task<EntryView> viewTask;
    private boolean navigating;
    private boolean opening;
    private boolean closed;
    /** How images are opened: by their content; tests put a watch on the reader this way. */
    private SessionOpener opener = ImageSession::open;
    /** A field to select once the entry it belongs to is shown (a click on one of its bytes). */
    private ByteOwner pendingField;

    /** Connects the window to the app; called once after the FXML is loaded. */
    void attach(BrowserApp owner, Stage window, Preferences preferences) {
        this.app = owner;
        this.stage = window;
        this.prefs = preferences;
        this.recent = new RecentFiles(preferences);
        this.dialogs = new Dialogs(window);
        this.actions = new ExtractionActions(window, tasks, dialogs, selection, this::selectedEntries,
                purpose -> owner.tempFolders().newFolder(purpose), uri -> owner.getHostServices().showDocument(uri));
        this.dragOut = new DragOut(window, tasks, dialogs, selection, actions.service(),
                purpose -> owner.tempFolders().newFolder(purpose), this::dragPrepareLimit);
        stage.setTitle("EROFS Browser");
        treePaneController.attach(selection, tasks, e -> dialogs.error("Cannot read a directory", e));
        detailPaneController.attach(selection);
        hexPaneController.attach(selection, tasks, e -> dialogs.error("Cannot read the content", e));
        taskStripController.attach(tasks);
        statusBarController.attach(selection);
        treePaneController.tree().getSelectionModel().selectedItemProperty().addListener((obs, old, item) ->
                selected(item == null ? null : item.getValue()));
        treePaneController.tree().getSelectionModel().getSelectedItems().addListener(
                (ListChangeListener<Object>) c -> dragOut.measure(selectedEntries()));
        treePaneController.onDragDetected(dragOut::start);
        fillTreeMenu();
        HexView raw = hexPaneController.rawHex();
        raw.hoveredOffsetProperty().addListener((obs, old, off) -> statusBarController.showOffset(off.longValue(), selection));
        raw.setOnByteClicked(this::byteClicked);
        setUpDragAndDrop();
        refreshRecentMenu();
        darkThemeItem.setSelected(prefs.getBoolean("darkTheme", false));
        hexOffsetsItem.setSelected(prefs.getBoolean("hexOffsets", true));
        selection.hexOffsets().set(hexOffsetsItem.isSelected());
        applyTheme();
        updateNavigationButtons();
    }

    private void fillTreeMenu() {
        MenuItem open = new MenuItem("Open");
        open.setOnAction(e -> openWithSystem());
        MenuItem save = new MenuItem("Save as…");
        save.setOnAction(e -> saveAs());
        MenuItem extract = new MenuItem("Extract selected to…");
        extract.setOnAction(e -> extractSelected());
        MenuItem all = new MenuItem("Extract all to…");
        all.setOnAction(e -> extractAll());
        MenuItem copy = new MenuItem("Copy path");
        copy.setOnAction(e -> copyPath());
        treePaneController.contextMenu().getItems().setAll(open, save, extract, all, new SeparatorMenuItem(), copy);
    }

    // ---- opening --------------------------------------------------------------------------

    /** Opens {@code file} in this window, or in a new one when this window shows an image already. */
    public void open(Path file, long offset) {
        if (selection.session().get() != null || opening) {
            app.openWindow(new Stage()).open(file, offset);
            return;
        }
        opening = true;
        treePaneController.placeholder("Opening " + file.getFileName() + "…");
        Task<ImageSession> task = new Task<>() {
            @Override
            protected ImageSession call() throws Exception {
                updateTitle("Opening " + file.getFileName());
                updateProgress(-1, 1);
                return opener.open(file, offset);
            }
        };
        task.setOnSucceeded(e -> {
            opening = false;
            if (closed) {
                closeQuietly(task.getValue());
            } else {
                show(task.getValue());
            }
        });
        task.setOnFailed(e -> {
            opening = false;
            treePaneController.placeholder(file.getFileName() + " could not be opened: " + Dialogs.message(task.getException())
                    + "\nOpen another image with File › Open…, or drop one here.");
            dialogs.error("Cannot open " + file.getFileName(), task.getException());
        });
        tasks.runListed(task);
    }

    private static void closeQuietly(ImageSession s) {
        try {
            s.close();
        } catch (java.io.IOException e) {
            // closing a read-only file: nothing to lose
        }
    }

    private void show(ImageSession opened) {
        stage.setTitle(opened.fileName() + " — EROFS Browser");
        recent.add(opened.file());
        refreshRecentMenu();
        selection.session().set(opened);
        treePaneController.show(opened);
        opened.image().warnings().forEach(this::warn);
        Task<ByteOwnerMap> task = new Task<>() {
            @Override
            protected ByteOwnerMap call() throws Exception {
                updateTitle("Indexing the image's structures");
                updateProgress(-1, 1);
                return opened.image().buildOwnerMap(this::isCancelled);
            }
        };
        task.setOnSucceeded(e -> selection.ownerMap().set(task.getValue()));
        task.setOnFailed(e -> selection.status().set("Who owns each byte is unknown: " + Dialogs.message(task.getException())));
        tasks.runListed(task);
    }

    @FXML
    private void openImage() {
        OpenImageDialog.show(stage, recent.list()).ifPresent(r -> open(r.file(), r.offset()));
    }

    private void refreshRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem item = new MenuItem(p.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> open(p, 0));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void setUpDragAndDrop() {
        root.setOnDragOver((DragEvent e) -> {
            if (e.getDragboard().hasFiles() && e.getGestureSource() == null) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped((DragEvent e) -> {
            boolean done = e.getDragboard().hasFiles();
            if (done) {
                e.getDragboard().getFiles().forEach(f -> open(f.toPath(), 0));
            }
            e.setDropCompleted(done);
            e.consume();
        });
    }

    // ---- selection ---------------------------------------------------------------------------

    /** Reads what the detail pane shows of the selected row, in the background. */
    private void selected(EntryRow row) {
        if (viewTask != null) {
            viewTask.cancel(true);
        }
        ImageSession s = selection.session().get();
        if (row == null || s == null || row.kind() == EntryRow.Kind.LOADING) {
            return;
        }
        if (row.kind() == EntryRow.Kind.ENTRY && !navigating) {
            history.visit(row.node().path());
            updateNavigationButtons();
        }
        Task<EntryView> task = new Task<>() {
            @Override
            protected EntryView call() throws Exception {
                return row.kind() == EntryRow.Kind.IMAGE ? EntryViews.forImage(s) : EntryViews.forNode(s, row.node());
            }
        };
        viewTask = task;
        task.setOnSucceeded(e -> {
            if (task == viewTask && !closed) {
                selection.field().set(null);
                selection.view().set(task.getValue());
                revealPendingField();
            }
        });
        task.setOnFailed(e -> {
            if (task == viewTask) {
                dialogs.error("Cannot read " + row.name(), task.getException());
            }
        });
        tasks.run(task);
    }

    /** Selects the field found under a clicked byte once its entry's structures are on show. */
    private void revealPendingField() {
        ByteOwner owner = pendingField;
        EntryView view = selection.view().get();
        if (owner == null || view == null) {
            return;
        }
        boolean same = owner.path() == null ? view.node() == null : view.node() != null && Arrays.equals(owner.path(), view.node().path());
        if (same) {
            pendingField = null;
            detailPaneController.reveal(owner.fields());
        }
    }

    /** What owns the clicked byte, found in the background; its entry and field are selected. */
    private void byteClicked(long offset) {
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
        task.setOnSucceeded(e -> {
            ByteOwner owner = task.getValue();
            if (owner == null) {
                selection.status().set(selection.offsetText(offset) + ": not used by any structure or file");
                return;
            }
            selection.status().set(FieldText.of(owner, offset, selection));
            pendingField = owner.fields().isEmpty() ? null : owner;
            EntryView view = selection.view().get();
            boolean shown = view != null && (owner.path() == null ? view.node() == null
                    : view.node() != null && Arrays.equals(owner.path(), view.node().path()));
            if (shown) {
                revealPendingField();
            } else if (owner.path() != null) {
                treePaneController.reveal(owner.path());
            } else if (!owner.fields().isEmpty()) {
                treePaneController.selectImage();
            }
        });
        task.setOnFailed(e -> selection.status().set(selection.offsetText(offset) + ": " + Dialogs.message(task.getException())));
        tasks.run(task);
    }

    /** The entries selected in the tree; the image row stands for the root. */
    List<Node> selectedEntries() {
        ImageSession s = selection.session().get();
        List<Node> list = new ArrayList<>();
        for (EntryRow r : treePaneController.selectedRows()) {
            if (r.kind() == EntryRow.Kind.IMAGE && s != null) {
                list.add(s.root());
            } else if (r.kind() == EntryRow.Kind.ENTRY) {
                list.add(r.node());
            }
        }
        return list;
    }

    // ---- finding and going ----------------------------------------------------------------

    @FXML
    private void goToOffset() {
        String text = offsetField.getText().trim().replace("_", "").replace(",", "");
        try {
            long offset = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (hexPaneController.goTo(offset)) {
                selection.status().set("At offset " + selection.offsetText(offset));
            } else {
                selection.status().set("Offset " + text + " is past the end of the image ("
                        + selection.offsetText(hexPaneController.rawHex().getLength()) + " bytes)");
            }
        } catch (NumberFormatException e) {
            selection.status().set("Not an offset: " + text + " (use decimal or 0x hex)");
        }
    }

    /** Finds the next occurrence after the caret of the bytes (hex pairs) or text typed, in the hex view on show. */
    @FXML
    private void findInHex() {
        String text = findField.getText();
        if (text == null || text.isEmpty()) {
            focusFind();
            return;
        }
        HexView view = hexPaneController.shownHexView();
        byte[] pattern;
        try {
            pattern = text.trim().matches("(?i)(0x)?[0-9a-f]{2}([ :,]*(0x)?[0-9a-f]{2})*")
                    ? SearchPatterns.fromHex(text) : SearchPatterns.fromText(text);
        } catch (IllegalArgumentException e) {
            selection.status().set("Cannot search for that: " + e.getMessage());
            return;
        }
        if (view.getSource() == null) {
            return;
        }
        Task<Long> task = view.find(pattern, view.getCaretOffset() + 1, true);
        task.setOnSucceeded(e -> {
            long at = task.getValue();
            if (at < 0) {
                selection.status().set("\"" + text + "\" not found after the caret");
            } else {
                view.select(at, pattern.length);
                selection.status().set("\"" + text + "\" found at offset " + selection.offsetText(at));
            }
        });
        task.setOnFailed(e -> selection.status().set("Search failed: " + Dialogs.message(task.getException())));
        tasks.runListed(task);
    }

    @FXML
    private void focusFind() {
        findField.requestFocus();
        findField.selectAll();
    }

    @FXML
    private void focusFindByName() {
        treePaneController.focusFind();
    }

    @FXML
    private void focusGoToOffset() {
        offsetField.requestFocus();
        offsetField.selectAll();
    }

    @FXML
    private void nextField() {
        detailPaneController.nextField();
    }

    @FXML
    private void previousField() {
        detailPaneController.previousField();
    }

    /** Selects the entry at {@code path}, loading and expanding directories on the way. */
    void reveal(byte[] path) {
        treePaneController.reveal(path);
    }

    @FXML
    private void goBack() {
        navigate(history.back());
    }

    @FXML
    private void goForward() {
        navigate(history.forward());
    }

    private void navigate(byte[] path) {
        if (path == null) {
            return;
        }
        navigating = true;
        try {
            reveal(path);
        } finally {
            Platform.runLater(() -> navigating = false);
        }
        updateNavigationButtons();
    }

    private void updateNavigationButtons() {
        backButton.setDisable(!history.canGoBack());
        forwardButton.setDisable(!history.canGoForward());
    }

    @FXML
    private void copyPath() {
        EntryRow row = treePaneController.selectedRow();
        if (row != null && row.node() != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(row.node().pathString());
            Clipboard.getSystemClipboard().setContent(content);
            selection.status().set("Copied " + row.node().pathString());
        }
    }

    // ---- getting files out -------------------------------------------------------------------

    @FXML
    private void extractSelected() {
        actions.extractSelected();
    }

    @FXML
    private void extractAll() {
        actions.extractAll();
    }

    @FXML
    private void openWithSystem() {
        actions.openWithSystem();
    }

    @FXML
    private void saveAs() {
        actions.saveAs();
    }

    @FXML
    private void verifyImage() {
        actions.verify();
    }

    long dragPrepareLimit() {
        return PreferencesDialog.dragPrepareLimit(prefs);
    }

    @FXML
    private void editPreferences() {
        PreferencesDialog.show(stage, prefs).ifPresent(mib ->
                selection.status().set(String.format("Drags of more than %,d MiB ask first", mib)));
    }

    // ---- view and window --------------------------------------------------------------------

    private void warn(String text) {
        warningLabel.setText(text);
        warningBar.setVisible(true);
        warningBar.setManaged(true);
    }

    @FXML
    private void toggleDarkTheme() {
        prefs.putBoolean("darkTheme", darkThemeItem.isSelected());
        applyTheme();
    }

    @FXML
    private void toggleHexOffsets() {
        prefs.putBoolean("hexOffsets", hexOffsetsItem.isSelected());
        selection.hexOffsets().set(hexOffsetsItem.isSelected());
    }

    private void applyTheme() {
        boolean dark = darkThemeItem.isSelected();
        root.getStyleClass().remove("dark");
        if (dark) {
            root.getStyleClass().add("dark");
        }
        hexPaneController.setDarkTheme(dark);
    }

    @FXML
    private void about() {
        AboutDialog.create(stage).show();
    }

    @FXML
    private void closeWindow() {
        stage.close();
    }

    @FXML
    private void quit() {
        Platform.exit();
    }

    /** Releases the image and stops background work (window closed). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        dialogs.close();
        tasks.close();
        treePaneController.close();
        hexPaneController.close();
        ImageSession s = selection.session().get();
        if (s != null) {
            closeQuietly(s);
        }
    }

    // ---- for tests --------------------------------------------------------------------------

    /** Opens images into sessions. */
    @FunctionalInterface
    interface SessionOpener {
        ImageSession open(Path file, long offset) throws Exception;
    }

    void openSessionsWith(SessionOpener sessionOpener) {
        this.opener = sessionOpener;
    }

    ImageSession session() {
        return selection.session().get();
    }

    SharedSelection selection() {
        return selection;
    }

    TreePaneController treePane() {
        return treePaneController;
    }

    DetailPaneController detailPane() {
        return detailPaneController;
    }

    HexPaneController hexPane() {
        return hexPaneController;
    }

    ExtractionActions actions() {
        return actions;
    }

    DragOut dragOut() {
        return dragOut;
    }

    BackgroundTasks tasks() {
        return tasks;
    }

    Stage stage() {
        return stage;
    }

    /** Selects the image row and switches the theme, as a person would from the menu. */
    void selectImageNodeForTests(boolean dark) {
        darkThemeItem.setSelected(dark);
        applyTheme();
        treePaneController.selectImage();
    }
}

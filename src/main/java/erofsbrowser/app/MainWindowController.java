package erofsbrowser.app;

import erofsbrowser.app.hex.HexView;
import erofsbrowser.image.Node;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.ArrayList;
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
    @FXML private Menu viewMenu;
    @FXML private CheckMenuItem darkThemeItem;
    @FXML private CheckMenuItem hexOffsetsItem;
    @FXML private Button backButton;
    @FXML private Button forwardButton;
    @FXML private TextField findField;
    @FXML private TextField offsetField;
    @FXML private CheckMenuItem problemsItem;
    @FXML private javafx.scene.control.SplitPane verticalSplit;
    @FXML private javafx.scene.control.SplitPane horizontalSplit;
    @FXML private TreePaneController treePaneController;
    @FXML private DetailPaneController detailPaneController;
    @FXML private HexPaneController hexPaneController;
    @FXML private TaskStripController taskStripController;
    @FXML private StatusBarController statusBarController;
    @FXML private WarningBarController warningBarController;
    @FXML private ProblemsPaneController problemsPaneController;

    private final SharedSelection selection = new SharedSelection();
    private final BackgroundTasks tasks = new BackgroundTasks();
    private Navigation navigation;
    private Theme theme;
    private BrowserApp app;
    private Stage stage;
    private Preferences prefs;
    /** Where the hex pane's divider was before the Problems pane took room below it. */
    private double hexDivider = 0.55;
    private RecentFiles recent;
    private Dialogs dialogs;
    private ExtractionActions actions;
    private DragOut dragOut;
    private HexSearch search;
    private ApexVerification apexVerification;
    private Opening opening;
    private boolean closed;

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
        navigation = new Navigation(backButton, forwardButton, this::reveal);
        theme = new Theme(window, root, () -> darkThemeItem.isSelected());
        treePaneController.attach(selection, tasks, e -> dialogs.error("Cannot read a directory", e));
        ColumnLayout.remember(treePaneController.tree(), prefs.node("treeColumns"));
        detailPaneController.attach(selection, tasks, dialogs);
        opening = new Opening(owner, window, selection, tasks, dialogs, treePaneController, this::opened);
        hexPaneController.attach(selection, tasks, e -> dialogs.error("Cannot read the content", e));
        taskStripController.attach(tasks);
        statusBarController.attach(selection);
        problemsPaneController.attach(selection, tasks, treePaneController, this::showProblems);
        warningBarController.attach(selection, () -> showProblems(true));
        treePaneController.tree().getSelectionModel().selectedItemProperty().addListener((obs, old, item) ->
                selected(item == null ? null : item.getValue()));
        treePaneController.tree().getSelectionModel().getSelectedItems().addListener(
                (ListChangeListener<Object>) c -> dragOut.measure(selectedEntries()));
        treePaneController.onDragDetected(dragOut::start);
        fillTreeMenu();
        HexView raw = hexPaneController.rawHex();
        raw.hoveredOffsetProperty().addListener((obs, old, off) -> statusBarController.showOffset(off.longValue(), selection));
        ByteClicks clicks = new ByteClicks(selection, tasks, treePaneController, detailPaneController);
        apexVerification = new ApexVerification(window, tasks, dialogs, offset -> {
            hexPaneController.goTo(offset);
            clicks.clicked(offset);
        });
        raw.setOnByteClicked(clicks::clicked);
        search = new HexSearch(hexPaneController, selection, tasks);
        Opening.acceptDroppedFiles(root, this::open);
        refreshRecentMenu();
        darkThemeItem.setSelected(prefs.getBoolean("darkTheme", false));
        hexOffsetsItem.setSelected(prefs.getBoolean("hexOffsets", true));
        viewMenu.getItems().add(viewMenu.getItems().indexOf(hexOffsetsItem) + 1, hexPaneController.bytesPerRowMenu(prefs));
        SplitLayout.remember(verticalSplit, prefs, "split.hexPane");
        SplitLayout.remember(horizontalSplit, prefs, "split.tree");
        selection.hexOffsets().set(hexOffsetsItem.isSelected());
        selection.strict().set(PreferencesDialog.strict(prefs));
        applyTheme();
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
        opening.open(file, offset);
    }

    /** As {@link #open(Path, long)}, with the image from {@code ahead}, which opens it already. */
    void open(Path file, long offset, OpenAhead ahead) {
        opening.open(file, offset, ahead);
    }

    private void opened(ImageSession session) {
        recent.add(session.file());
        refreshRecentMenu();
    }

    private void refreshRecentMenu() {
        recent.fill(recentMenu, p -> open(p, 0));
    }

    @FXML
    private void openImage() {
        OpenImageDialog.show(stage, recent.list()).ifPresent(r -> open(r.file(), r.offset()));
    }

    // ---- selection ---------------------------------------------------------------------------

    /** Shows the selected row's details (read in the background), and remembers it for Back. */
    private void selected(EntryRow row) {
        navigation.selected(row);
        detailPaneController.load(row);
    }

    /** The entries selected in the tree; the image row stands for the root. */
    List<Node> selectedEntries() {
        ImageSession s = selection.session().get();
        List<Node> list = new ArrayList<>();
        for (EntryRow r : treePaneController.selectedRows()) {
            if (r.kind() == EntryRow.Kind.IMAGE && s != null && s.root() != null) {
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
        search.goTo(offsetField.getText());
    }

    /** Finds the next occurrence after the caret of the bytes (hex pairs) or text typed, in the hex view on show. */
    @FXML
    private void findInHex() {
        if (!search.find(findField.getText())) {
            focusFind();
        }
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
        navigation.back();
    }

    @FXML
    private void goForward() {
        navigation.forward();
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

    /** File › Verify: every file's data read for faults (listed under Problems); an APEX's own checks too, in a report. */
    @FXML
    private void verifyImage() {
        ImageSession s = selection.session().get();
        if (s != null && s.image() instanceof erofsbrowser.apex.ApexImage apex) {
            apexVerification.start(apex, s.fileName());
        }
        problemsPaneController.verify();
    }

    long dragPrepareLimit() {
        return PreferencesDialog.dragPrepareLimit(prefs);
    }

    @FXML
    private void editPreferences() {
        PreferencesDialog.show(stage, prefs).ifPresent(settings -> {
            selection.strict().set(settings.strict());
            selection.status().set(String.format("Drags of more than %,d MiB ask first; %s", settings.dragLimitMiB(),
                    settings.strict() ? "reading stops at the first fault" : "reading goes on past faults"));
        });
    }

    // ---- view and window --------------------------------------------------------------------

    @FXML
    private void toggleProblems() {
        showProblems(problemsItem.isSelected());
    }

    /** Shows (below the hex pane) or hides the Problems pane. */
    private void showProblems(boolean show) {
        problemsItem.setSelected(show);
        javafx.scene.Parent pane = problemsPaneController.pane();
        if (show && !verticalSplit.getItems().contains(pane)) {
            hexDivider = verticalSplit.getDividerPositions()[0];
            verticalSplit.getItems().add(pane);
            verticalSplit.setDividerPositions(hexDivider * 0.85, 0.8);
        } else if (!show && verticalSplit.getItems().remove(pane)) {
            verticalSplit.setDividerPositions(hexDivider); // the divider left is the Problems pane's: put the hex pane's back
        }
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
        theme.apply();
        hexPaneController.setDarkTheme(darkThemeItem.isSelected());
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
        theme.close();
        dialogs.close();
        tasks.close();
        treePaneController.close();
        hexPaneController.close();
        opening.close();
    }

    /** Whether the window is in the dark theme. */
    boolean darkTheme() {
        return darkThemeItem.isSelected();
    }

    // ---- for tests --------------------------------------------------------------------------

    void openSessionsWith(Opening.SessionOpener sessionOpener) {
        opening.useOpener(sessionOpener);
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

    ProblemsPaneController problemsPane() {
        return problemsPaneController;
    }

    WarningBarController warningBar() {
        return warningBarController;
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

    /** File › Verify, as the menu starts it. */
    void verifyForTests() {
        verifyImage();
    }

    /** Selects the image row and switches the theme, as a person would from the menu. */
    void selectImageNodeForTests(boolean dark) {
        darkThemeItem.setSelected(dark);
        applyTheme();
        treePaneController.selectImage();
    }
}

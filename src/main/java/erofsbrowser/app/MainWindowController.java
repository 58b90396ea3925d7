package erofsbrowser.app;

import erofsbrowser.app.hex.ByteSource;
import erofsbrowser.app.hex.HexView;
import erofsbrowser.app.hex.Highlight;
import erofsbrowser.image.ByteRange;
import erofsbrowser.core.Entry;
import erofsbrowser.image.ImageException;
import erofsbrowser.core.ErofsImage;
import erofsbrowser.core.FileData;
import erofsbrowser.image.FileType;
import erofsbrowser.core.ImageMap;
import erofsbrowser.core.ImageRegion;
import erofsbrowser.core.Superblock;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.prefs.Preferences;

/**
 * The main window: the entry tree, the inode-detail pane and the raw/content hex views, linked.
 * Every read of the image runs in a background task; this class only shows results.
 */
public final class MainWindowController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Map<Details.RegionKind, Color> TINTS = java.util.Collections.unmodifiableMap(new EnumMap<>(Map.of(
            Details.RegionKind.SUPERBLOCK, Color.web("#a5d6a7", 0.75),
            Details.RegionKind.INODE, Color.web("#ffb74d", 0.8),
            Details.RegionKind.XATTRS, Color.web("#ce93d8", 0.75),
            Details.RegionKind.DIRENT, Color.web("#81d4fa", 0.8),
            Details.RegionKind.NAME, Color.web("#b3e5fc", 0.8),
            Details.RegionKind.INLINE, Color.web("#fff59d", 0.85),
            Details.RegionKind.DATA, Color.web("#c5e1a5", 0.6),
            Details.RegionKind.EXTENT, Color.web("#ef9a9a", 0.85))));

    @FXML private BorderPane root;
    @FXML private Menu recentMenu;
    @FXML private CheckMenuItem darkThemeItem;
    @FXML private Button backButton;
    @FXML private Button forwardButton;
    @FXML private TextField filterField;
    @FXML private TextField offsetField;
    @FXML private TextField findField;
    @FXML private HBox warningBar;
    @FXML private Label warningLabel;
    @FXML private TreeTableView<EntryRow> tree;
    /** What the empty tree says: that an image is opening, or why it could not be opened. */
    @FXML private Label treePlaceholder;
    @FXML private TreeTableColumn<EntryRow, EntryRow> nameColumn;
    @FXML private TreeTableColumn<EntryRow, String> sizeColumn;
    @FXML private TreeTableColumn<EntryRow, String> diskSizeColumn;
    @FXML private TreeTableColumn<EntryRow, String> modeColumn;
    @FXML private TreeTableColumn<EntryRow, String> ownerColumn;
    @FXML private TreeTableColumn<EntryRow, String> mtimeColumn;
    @FXML private TreeTableColumn<EntryRow, String> labelColumn;
    @FXML private ListView<String> filterResults;
    @FXML private Label detailTitle;
    @FXML private GridPane fieldGrid;
    @FXML private Label xattrHeading;
    @FXML private Label extentHeading;
    @FXML private TableView<Details.XattrRow> xattrTable;
    @FXML private TableColumn<Details.XattrRow, String> xattrNameColumn;
    @FXML private TableColumn<Details.XattrRow, String> xattrValueColumn;
    @FXML private TableColumn<Details.XattrRow, String> xattrDecodedColumn;
    @FXML private TableColumn<Details.XattrRow, String> xattrWhereColumn;
    @FXML private TableView<Details.ExtentRow> extentTable;
    @FXML private TableColumn<Details.ExtentRow, String> extentLogicalColumn;
    @FXML private TableColumn<Details.ExtentRow, String> extentPhysicalColumn;
    @FXML private TableColumn<Details.ExtentRow, String> extentStorageColumn;
    @FXML private TableColumn<Details.ExtentRow, String> extentAlgorithmColumn;
    @FXML private TableColumn<Details.ExtentRow, String> extentSizesColumn;
    @FXML private TableColumn<Details.ExtentRow, String> extentRatioColumn;
    @FXML private TabPane hexTabs;
    @FXML private Tab rawTab;
    @FXML private Tab contentTab;
    @FXML private StackPane rawHexHolder;
    @FXML private StackPane contentHexHolder;
    @FXML private FlowPane legend;
    @FXML private VBox taskStrip;
    @FXML private Label statusImage;
    @FXML private Label statusEntries;
    @FXML private Label statusOwner;
    @FXML private Label statusOffset;

    private final BackgroundTasks tasks = new BackgroundTasks();
    private final ExtractionService extraction = new ExtractionService();
    private final HexView rawHex = new HexView();
    private final HexView contentHex = new HexView();
    private final Deque<byte[]> back = new ArrayDeque<>();
    private final Deque<byte[]> forward = new ArrayDeque<>();
    private BrowserApp app;
    /** Hands a file's URI to the system's default application; tests record it instead. */
    private java.util.function.Consumer<String> documentOpener;
    private Stage stage;
    private Preferences prefs;
    private RecentFiles recent;
    private ImageSession session;
    private volatile ImageMap imageMap;
    private Details shownDetails;
    private List<Details.Region> baseRegions = List.of();
    private Task<?> detailTask;
    private Task<?> filterTask;
    private boolean navigating;
    private boolean opening;
    private boolean closed;
    private ImageRegion lastClicked;
    private boolean keepRawScroll;
    private int revealGeneration;
    private final javafx.animation.PauseTransition filterDelay = new javafx.animation.PauseTransition(Duration.millis(250));

    /** Connects the window to the app; called once after the FXML is loaded. */
    void attach(BrowserApp owner, Stage window, Preferences preferences) {
        this.app = owner;
        this.documentOpener = uri -> owner.getHostServices().showDocument(uri);
        this.stage = window;
        this.prefs = preferences;
        this.recent = new RecentFiles(preferences);
        stage.setTitle("EROFS Browser");
        setUpTree();
        setUpDetailTables();
        setUpHexViews();
        setUpTaskStrip();
        setUpFilter();
        setUpDragAndDrop();
        setUpDragOut();
        refreshRecentMenu();
        darkThemeItem.setSelected(prefs.getBoolean("darkTheme", false));
        applyTheme();
        updateNavigationButtons();
    }

    // ---- opening --------------------------------------------------------------------------

    /** Opens {@code file} in this window, or in a new one when this window shows an image already. */
    public void open(Path file, long offset) {
        if (session != null || opening) {
            app.openWindow(new Stage()).open(file, offset);
            return;
        }
        opening = true;
        treePlaceholder.setText("Opening " + file.getFileName() + "…");
        Task<ImageSession> task = new Task<>() {
            @Override
            protected ImageSession call() throws Exception {
                updateTitle("Opening " + file.getFileName());
                updateProgress(-1, 1);
                return ImageSession.open(file, offset);
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
            treePlaceholder.setText(file.getFileName() + " could not be opened. Open another image with File › Open…, "
                    + "or drop one here.");
            showError("Cannot open " + file.getFileName(), task.getException());
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
        session = opened;
        ErofsImage image = opened.image();
        Superblock sb = image.superblock();
        String name = opened.file().getFileName().toString();
        stage.setTitle(name + " — EROFS Browser");
        recent.add(opened.file());
        refreshRecentMenu();

        TreeItem<EntryRow> imageItem = new TreeItem<>(EntryRow.image(name));
        EntryTreeItem rootItem = new EntryTreeItem(EntryRow.of(opened.root(), opened.root().inode().size(), ""),
                opened, tasks, e -> showError("Cannot read a directory", e));
        imageItem.getChildren().add(rootItem);
        imageItem.setExpanded(true);
        rootItem.setExpanded(true);
        tree.setRoot(imageItem);
        tree.getSelectionModel().select(imageItem);

        statusImage.setText(String.format("%s: %,d bytes, block size %d", name, image.primary().length(), sb.blockSize()));
        statusEntries.setText(String.format("%,d inodes", sb.inodeCount()));
        image.warnings().forEach(this::warn);
        rawHex.setSource(new ByteSource() {
            @Override
            public long length() {
                return image.primary().length();
            }

            @Override
            public int read(long position, byte[] dst, int off, int len) throws ImageException {
                int n = (int) Math.min(len, image.primary().length() - position);
                image.primary().readFully(position, dst, off, n);
                return n;
            }
        });
        buildImageMap(image);
    }

    private void buildImageMap(ErofsImage image) {
        Task<ImageMap> task = new Task<>() {
            @Override
            protected ImageMap call() throws ImageException {
                updateTitle("Indexing the image's structures");
                updateProgress(-1, 1);
                return ImageMap.build(image, this::isCancelled);
            }
        };
        task.setOnSucceeded(e -> imageMap = task.getValue());
        task.setOnFailed(e -> statusOwner.setText("Structure index unavailable: " + message(task.getException())));
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
            boolean done = false;
            if (e.getDragboard().hasFiles()) {
                for (java.io.File f : e.getDragboard().getFiles()) {
                    open(f.toPath(), 0);
                }
                done = true;
            }
            e.setDropCompleted(done);
            e.consume();
        });
    }

    // ---- tree -------------------------------------------------------------------------------

    private void setUpTree() {
        nameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        nameColumn.setCellFactory(c -> new NameCell());
        sizeColumn.setCellValueFactory(text(r -> r.entry() == null ? "" : sizeText(r)));
        diskSizeColumn.setCellValueFactory(text(r -> r.entry() == null || r.entry().type() == FileType.DIR ? ""
                : String.format("%,d", r.onDiskSize())));
        modeColumn.setCellValueFactory(text(EntryRow::mode));
        ownerColumn.setCellValueFactory(text(r -> r.entry() == null ? "" : r.entry().inode().uid() + ":" + r.entry().inode().gid()));
        mtimeColumn.setCellValueFactory(text(r -> r.entry() == null ? "" : TIME.format(r.entry().inode().mtimeInstant())));
        labelColumn.setCellValueFactory(text(EntryRow::selinuxLabel));
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> selected(item));
    }

    private static javafx.util.Callback<TreeTableColumn.CellDataFeatures<EntryRow, String>,
            javafx.beans.value.ObservableValue<String>> text(Function<EntryRow, String> f) {
        return c -> new ReadOnlyStringWrapper(c.getValue().getValue() == null ? "" : f.apply(c.getValue().getValue()));
    }

    private static String sizeText(EntryRow r) {
        var i = r.entry().inode();
        if (i.isDevice()) {
            return i.rdevMajor() + ", " + i.rdevMinor();
        }
        return r.entry().type() == FileType.DIR ? "" : String.format("%,d", i.size());
    }

    /** Name with an icon by type. */
    private static final class NameCell extends TreeTableCell<EntryRow, EntryRow> {
        @Override
        protected void updateItem(EntryRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(row.name());
            setGraphic(icon(row));
        }

        private static FontIcon icon(EntryRow row) {
            String literal;
            String style;
            if (row.kind() == EntryRow.Kind.IMAGE) {
                literal = "mdi2h-harddisk";
                style = "entry-icon-image";
            } else if (row.kind() == EntryRow.Kind.LOADING) {
                literal = "mdi2t-timer-sand";
                style = "entry-icon-file";
            } else {
                switch (row.entry().type()) {
                    case DIR -> { literal = "mdi2f-folder"; style = "entry-icon-dir"; }
                    case SYMLINK -> { literal = "mdi2l-link-variant"; style = "entry-icon-symlink"; }
                    case CHR, BLK -> { literal = "mdi2c-chip"; style = "entry-icon-special"; }
                    case FIFO -> { literal = "mdi2p-pipe"; style = "entry-icon-special"; }
                    case SOCK -> { literal = "mdi2p-power-socket"; style = "entry-icon-special"; }
                    default -> { literal = "mdi2f-file-outline"; style = "entry-icon-file"; }
                }
            }
            FontIcon icon = new FontIcon(literal);
            icon.setIconSize(15);
            icon.getStyleClass().add(style);
            return icon;
        }
    }

    private void selected(TreeItem<EntryRow> item) {
        if (detailTask != null) {
            detailTask.cancel(true);
        }
        if (item == null || item.getValue() == null || session == null) {
            return;
        }
        EntryRow row = item.getValue();
        if (row.kind() == EntryRow.Kind.LOADING) {
            return;
        }
        ImageSession s = session;
        if (row.kind() == EntryRow.Kind.ENTRY && !navigating) {
            recordHistory(row.entry().path());
        }
        Task<Details> task = new Task<>() {
            @Override
            protected Details call() throws Exception {
                return row.kind() == EntryRow.Kind.IMAGE
                        ? DetailsBuilder.forImage(s.image(), s.statistics(), s.file().getFileName().toString(), s.offset())
                        : DetailsBuilder.forEntry(s.image(), row.entry());
            }
        };
        detailTask = task;
        task.setOnSucceeded(e -> {
            if (task == detailTask && !closed) {
                showDetails(task.getValue());
            }
        });
        task.setOnFailed(e -> {
            if (task == detailTask) {
                showError("Cannot read " + row.name(), task.getException());
            }
        });
        tasks.run(task);
        showContent(row);
    }

    private boolean contentErrorShown;

    private void showContent(EntryRow row) {
        contentErrorShown = false;
        Entry entry = row.entry();
        if (entry == null || !(entry.type() == FileType.FILE || entry.type() == FileType.SYMLINK
                || entry.type() == FileType.DIR)) {
            contentHex.setSource(null);
            contentTab.setText("File content");
            return;
        }
        contentTab.setText("Content of " + entry.nameString());
        ErofsImage image = session.image();
        contentHex.setSource(new ByteSource() {
            private volatile FileData data;

            @Override
            public long length() {
                return entry.inode().size();
            }

            @Override
            public int read(long position, byte[] dst, int off, int len) throws ImageException {
                FileData d = data;
                if (d == null) {
                    d = image.data(entry.inode());
                    data = d;
                }
                return d.read(position, dst, off, len);
            }
        });
    }

    // ---- details ----------------------------------------------------------------------------

    private void setUpDetailTables() {
        xattrNameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        xattrValueColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().value()));
        xattrDecodedColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().decoded()));
        xattrWhereColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().where()));
        extentLogicalColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().logical()));
        extentPhysicalColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().physical()));
        extentStorageColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().storage()));
        extentAlgorithmColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().algorithm()));
        extentSizesColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().sizes()));
        extentRatioColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().ratio()));
        extentTable.getSelectionModel().selectedItemProperty().addListener((obs, old, extent) -> {
            List<Details.Region> regions = new ArrayList<>(baseRegions);
            if (extent != null && extent.physicalRange() != null) {
                regions.add(new Details.Region(extent.physicalRange(), Details.RegionKind.EXTENT));
                hexTabs.getSelectionModel().select(rawTab);
                rawHex.scrollTo(extent.physicalRange().offset());
            }
            applyHighlights(regions);
        });
    }

    private void showDetails(Details d) {
        shownDetails = d;
        detailTitle.setText(d.title());
        fieldGrid.getChildren().clear();
        int row = 0;
        for (Details.Field f : d.fields()) {
            Label name = new Label(f.name());
            name.getStyleClass().add("field-name");
            name.setMinWidth(Region.USE_PREF_SIZE); // a long wrapped value must not squeeze the name to "…"
            Label value = new Label(f.value());
            value.getStyleClass().add("field-value");
            value.setWrapText(true);
            fieldGrid.addRow(row++, name, value);
        }
        xattrTable.getItems().setAll(d.xattrs());
        extentTable.getItems().setAll(d.extents());
        boolean entry = !d.regions().stream().anyMatch(r -> r.kind() == Details.RegionKind.SUPERBLOCK);
        for (javafx.scene.Node n : List.of(xattrHeading, xattrTable, extentHeading, extentTable)) {
            n.setVisible(entry);
            n.setManaged(entry);
        }
        baseRegions = d.regions();
        applyHighlights(baseRegions);
        if (d.scrollTo() >= 0 && !keepRawScroll) {
            rawHex.scrollTo(d.scrollTo());
        }
        keepRawScroll = false;
    }

    private void applyHighlights(List<Details.Region> regions) {
        List<Highlight> highlights = new ArrayList<>();
        legend.getChildren().clear();
        java.util.Set<Details.RegionKind> shown = java.util.EnumSet.noneOf(Details.RegionKind.class);
        for (Details.Region r : regions) {
            highlights.add(new Highlight(r.range().offset(), r.range().length(), TINTS.get(r.kind()), r.kind().legend()));
            if (shown.add(r.kind())) {
                Region swatch = new Region();
                swatch.getStyleClass().add("legend-swatch");
                swatch.setBackground(new javafx.scene.layout.Background(new javafx.scene.layout.BackgroundFill(
                        TINTS.get(r.kind()), null, null)));
                Label l = new Label(r.kind().legend(), swatch);
                legend.getChildren().add(l);
            }
        }
        rawHex.setHighlights(highlights);
    }

    // ---- hex views --------------------------------------------------------------------------

    private void setUpHexViews() {
        rawHexHolder.getChildren().add(rawHex);
        contentHexHolder.getChildren().add(contentHex);
        rawHex.hoveredOffsetProperty().addListener((obs, old, off) -> showOffset(off.longValue()));
        rawHex.setOnByteClicked(this::byteClicked);
        rawHex.setOnReadError(e -> statusOwner.setText("Cannot read the image here: " + message(e)));
        contentHex.setOnReadError(e -> {
            if (!contentErrorShown) {
                contentErrorShown = true;
                showError("Cannot read the file's content", e);
            }
        });
    }

    private void showOffset(long offset) {
        statusOffset.setText(offset < 0 ? "" : String.format("offset %,d (0x%x)", offset, offset));
    }

    /** Says what owns the clicked byte; a second click on the same owner selects its entry. */
    private void byteClicked(long offset) {
        ImageMap map = imageMap;
        if (map == null) {
            statusOwner.setText("Still indexing the image's structures…");
            return;
        }
        ImageRegion region = map.innermostAt(offset);
        if (offset >= 0 && offset < Superblock.OFFSET) {
            statusOwner.setText(String.format("0x%x: boot area before the superblock (unused by EROFS)", offset));
            return;
        }
        if (region == null) {
            statusOwner.setText(String.format("0x%x: unused", offset));
            return;
        }
        boolean again = region.equals(lastClicked);
        lastClicked = region;
        if (region.path() == null) {
            statusOwner.setText(String.format("0x%x: %s", offset, region.description()));
        } else if (!again) {
            statusOwner.setText(String.format("0x%x: %s (click again to select it)", offset, region.description()));
        } else {
            statusOwner.setText(String.format("0x%x: %s", offset, region.description()));
            keepRawScroll = true;
            reveal(region.path());
        }
    }

    @FXML
    private void goToOffset() {
        String text = offsetField.getText().trim().replace("_", "").replace(",", "");
        try {
            long offset = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            hexTabs.getSelectionModel().select(rawTab);
            rawHex.goTo(offset);
        } catch (NumberFormatException e) {
            statusOwner.setText("Not an offset: " + text + " (use decimal or 0x hex)");
        }
    }

    /**
     * Finds the next occurrence, after the caret, of the bytes (hex pairs) or text typed, in the
     * hex view on show: the raw image or the file's content. Runs as a cancellable task.
     */
    @FXML
    private void findInHex() {
        String text = findField.getText();
        if (text == null || text.isEmpty()) {
            focusFind();
            return;
        }
        HexView view = hexTabs.getSelectionModel().getSelectedItem() == contentTab ? contentHex : rawHex;
        byte[] pattern;
        try {
            pattern = text.trim().matches("(?i)(0x)?[0-9a-f]{2}([ :,]*(0x)?[0-9a-f]{2})*")
                    ? erofsbrowser.app.hex.SearchPatterns.fromHex(text) : erofsbrowser.app.hex.SearchPatterns.fromText(text);
        } catch (IllegalArgumentException e) {
            statusOwner.setText("Cannot search for that: " + e.getMessage());
            return;
        }
        if (view.getSource() == null) {
            return;
        }
        Task<Long> task = view.find(pattern, view.getCaretOffset() + 1, true);
        task.setOnSucceeded(e -> {
            long at = task.getValue();
            if (at < 0) {
                statusOwner.setText("\"" + text + "\" not found after the caret");
            } else {
                view.select(at, pattern.length);
                statusOwner.setText(String.format("\"%s\" found at offset %,d (0x%x)", text, at, at));
            }
        });
        task.setOnFailed(e -> statusOwner.setText("Search failed: " + message(task.getException())));
        tasks.runListed(task);
    }

    @FXML
    private void focusFind() {
        findField.requestFocus();
        findField.selectAll();
    }

    @FXML
    private void focusGoToOffset() {
        offsetField.requestFocus();
        offsetField.selectAll();
    }

    // ---- navigation -------------------------------------------------------------------------

    /** Selects the entry at {@code path}, loading and expanding directories on the way. */
    void reveal(byte[] path) {
        if (tree.getRoot() == null || tree.getRoot().getChildren().isEmpty()) {
            return;
        }
        EntryTreeItem rootItem = (EntryTreeItem) tree.getRoot().getChildren().get(0);
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
        javafx.collections.ObservableList<TreeItem<EntryRow>> children = item.getChildren(); // starts loading
        Runnable next = () -> {
            item.setExpanded(true);
            for (TreeItem<EntryRow> child : item.getChildren()) {
                Entry e = child.getValue().entry();
                if (e != null && Arrays.equals(e.name(), parts.get(k))) {
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

    private void recordHistory(byte[] path) {
        if (!back.isEmpty() && Arrays.equals(back.peek(), path)) {
            return;
        }
        back.push(path);
        forward.clear();
        updateNavigationButtons();
    }

    @FXML
    private void goBack() {
        if (back.size() < 2) {
            return;
        }
        forward.push(back.pop());
        navigate(back.peek());
    }

    @FXML
    private void goForward() {
        if (forward.isEmpty()) {
            return;
        }
        byte[] path = forward.pop();
        back.push(path);
        navigate(path);
    }

    private void navigate(byte[] path) {
        navigating = true;
        try {
            reveal(path);
        } finally {
            Platform.runLater(() -> navigating = false);
        }
        updateNavigationButtons();
    }

    private void updateNavigationButtons() {
        backButton.setDisable(back.size() < 2);
        forwardButton.setDisable(forward.isEmpty());
    }

    @FXML
    private void copyPath() {
        TreeItem<EntryRow> item = tree.getSelectionModel().getSelectedItem();
        if (item != null && item.getValue().entry() != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(item.getValue().entry().pathString());
            Clipboard.getSystemClipboard().setContent(content);
            statusOwner.setText("Copied " + item.getValue().entry().pathString());
        }
    }

    // ---- find by name -----------------------------------------------------------------------

    private void setUpFilter() {
        filterDelay.setOnFinished(e -> startFilter(filterField.getText()));
        filterField.textProperty().addListener((obs, old, text) -> filterDelay.playFromStart());
        filterResults.setOnMouseClicked(e -> {
            String path = filterResults.getSelectionModel().getSelectedItem();
            if (path != null) {
                reveal(path.getBytes(StandardCharsets.UTF_8));
            }
        });
        filterResults.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                String path = filterResults.getSelectionModel().getSelectedItem();
                if (path != null) {
                    reveal(path.getBytes(StandardCharsets.UTF_8));
                }
            }
        });
    }

    private void startFilter(String text) {
        if (filterTask != null) {
            filterTask.cancel(true);
        }
        filterResults.getItems().clear();
        boolean active = text != null && !text.isBlank() && session != null;
        filterResults.setVisible(active);
        if (!active) {
            return;
        }
        String needle = text.toLowerCase();
        ErofsImage image = session.image();
        Entry start = session.root();
        Task<Integer> task = new Task<>() {
            @Override
            protected Integer call() throws Exception {
                updateTitle("Finding \"" + text + "\"");
                List<String> batch = new ArrayList<>();
                int[] found = {0};
                image.walkEntries(start, e -> {
                    if (isCancelled()) {
                        throw new ImageException("cancelled", 0);
                    }
                    if (!e.isRoot() && e.nameString().toLowerCase().contains(needle)) {
                        batch.add(e.pathString());
                        found[0]++;
                        if (batch.size() >= 200) {
                            publish(new ArrayList<>(batch));
                            batch.clear();
                        }
                    }
                });
                publish(batch);
                return found[0];
            }

            private void publish(List<String> paths) {
                Platform.runLater(() -> {
                    if (!isCancelled()) {
                        filterResults.getItems().addAll(paths);
                    }
                });
            }
        };
        filterTask = task;
        task.setOnSucceeded(e -> statusOwner.setText(task.getValue() + " entries match \"" + text + "\""));
        task.setOnFailed(e -> showError("Find stopped", task.getException()));
        tasks.runListed(task);
    }

    // ---- extraction -------------------------------------------------------------------------

    /** The entries selected in the tree; the image row stands for the root. */
    List<Entry> selectedEntries() {
        List<Entry> list = new ArrayList<>();
        for (TreeItem<EntryRow> item : tree.getSelectionModel().getSelectedItems()) {
            if (item == null || item.getValue() == null) {
                continue;
            }
            EntryRow r = item.getValue();
            if (r.kind() == EntryRow.Kind.IMAGE && session != null) {
                list.add(session.root());
            } else if (r.kind() == EntryRow.Kind.ENTRY) {
                list.add(r.entry());
            }
        }
        return list;
    }

    @FXML
    private void extractSelected() {
        List<Entry> entries = selectedEntries();
        if (session == null || entries.isEmpty()) {
            return;
        }
        javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle("Extract " + ExtractionService.describe(entries) + " to");
        java.io.File folder = chooser.showDialog(stage);
        if (folder != null) {
            extractTo(entries, folder.toPath());
        }
    }

    @FXML
    private void extractAll() {
        if (session == null) {
            return;
        }
        javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle("Extract the whole image to");
        java.io.File folder = chooser.showDialog(stage);
        if (folder != null) {
            extractTo(List.of(session.root()), folder.toPath());
        }
    }

    /** Extracts in the background, asks once what to do with existing files, and sums up at the end. */
    ExtractionService.ExtractionTask extractTo(List<Entry> entries, Path folder) {
        ExtractionService.ExtractionTask task = extraction.extraction(session.image(), entries, folder,
                erofsbrowser.extract.ExtractionOptions.ExistingFiles.ASK, this::askAboutExistingFiles);
        task.setOnSucceeded(e -> info("Extraction finished", summary(task.getValue(), folder)));
        task.setOnCancelled(e -> task.finished().thenAccept(report -> Platform.runLater(
                () -> info("Extraction cancelled", summary(report, folder)))));
        task.setOnFailed(e -> showError("Extraction stopped", task.getException(), String.format(
                "%s had been written to %s. The file being written when it stopped was removed.",
                task.writtenSoFar(), folder)));
        tasks.runListed(task);
        return task;
    }

    static String summary(erofsbrowser.extract.ExtractionReport report, Path folder) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,d entries and %,d bytes written to %s.", report.entries(), report.bytes(), folder));
        if (report.cancelled()) {
            sb.append("\nStopped at ").append(report.stoppedAt())
                    .append(": nothing half-written was left behind.");
        }
        if (!report.skipped().isEmpty()) {
            sb.append(String.format("%n%nLeft out (%d):", report.skipped().size()));
            report.skipped().stream().limit(40).forEach(s -> sb.append("\n  ").append(s));
            if (report.skipped().size() > 40) {
                sb.append("\n  …and ").append(report.skipped().size() - 40).append(" more");
            }
        }
        return sb.toString();
    }

    /** Called on an extraction thread at the first existing file: asks on the FX thread and waits. */
    private erofsbrowser.extract.ExtractionOptions.ExistingFiles askAboutExistingFiles(Path firstConflict) {
        java.util.concurrent.CompletableFuture<erofsbrowser.extract.ExtractionOptions.ExistingFiles> answer =
                new java.util.concurrent.CompletableFuture<>();
        Platform.runLater(() -> {
          try {
            ButtonType overwrite = new ButtonType("Overwrite");
            ButtonType skip = new ButtonType("Skip");
            ButtonType keepBoth = new ButtonType("Keep both");
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, firstConflict + " exists already.\n"
                    + "What should happen to it and to every other existing file of this extraction?",
                    overwrite, skip, keepBoth);
            alert.initOwner(stage);
            alert.setTitle("EROFS Browser");
            alert.setHeaderText("Some files exist already");
            ButtonType chosen = alert.showAndWait().orElse(skip);
            answer.complete(chosen == overwrite ? erofsbrowser.extract.ExtractionOptions.ExistingFiles.OVERWRITE
                    : chosen == keepBoth ? erofsbrowser.extract.ExtractionOptions.ExistingFiles.KEEP_BOTH
                    : erofsbrowser.extract.ExtractionOptions.ExistingFiles.SKIP);
          } catch (RuntimeException e) {
            answer.complete(erofsbrowser.extract.ExtractionOptions.ExistingFiles.SKIP); // never leave the extraction waiting
          }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return erofsbrowser.extract.ExtractionOptions.ExistingFiles.SKIP;
        } catch (java.util.concurrent.ExecutionException e) {
            return erofsbrowser.extract.ExtractionOptions.ExistingFiles.SKIP;
        }
    }

    /** Extracts one regular file into a private folder and opens it with the system's application. */
    @FXML
    private void openWithSystem() {
        Entry entry = theOneSelectedFile("Open");
        if (entry != null) {
            openWithSystem(entry);
        }
    }

    Task<Path> openWithSystem(Entry entry) {
        Task<Path> task = extraction.openingCopy(session.image(), entry, () -> app.tempFolders().newFolder("open"));
        task.setOnSucceeded(e -> {
            statusOwner.setText("Opened " + entry.pathString() + " with the system's application");
            documentOpener.accept(task.getValue().toUri().toString());
        });
        task.setOnFailed(e -> showError("Cannot open " + entry.nameString(), task.getException()));
        tasks.runListed(task);
        return task;
    }

    /** Saves one regular file under a name and folder the person picks. */
    @FXML
    private void saveAs() {
        Entry entry = theOneSelectedFile("Save as");
        if (entry == null) {
            return;
        }
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Save " + entry.nameString());
        chooser.setInitialFileName(entry.nameString());
        java.io.File chosen = chooser.showSaveDialog(stage); // the chooser asks before replacing a file
        if (chosen != null) {
            saveAs(entry, chosen.toPath());
        }
    }

    Task<Path> saveAs(Entry entry, Path target) {
        Task<Path> task = extraction.saving(session.image(), entry, target);
        task.setOnSucceeded(e -> statusOwner.setText("Saved " + task.getValue()));
        task.setOnFailed(e -> showError("Cannot save " + entry.nameString(), task.getException()));
        tasks.runListed(task);
        return task;
    }

    private Entry theOneSelectedFile(String action) {
        List<Entry> entries = selectedEntries();
        if (session == null || entries.size() != 1 || entries.get(0).type() != FileType.FILE) {
            statusOwner.setText(action + " works on one regular file: select one");
            return null;
        }
        return entries.get(0);
    }

    // ---- drag out ---------------------------------------------------------------------------

    /**
     * Files for a drag of {@code entries}: extracted into a new private folder, each as
     * folder/NAME. The paths are known at once; the returned task writes them.
     */
    Task<Void> prepareDrag(List<Entry> entries, Path folder) {
        Task<Void> task = extraction.dragPreparation(session.image(), entries, folder);
        task.setOnFailed(e -> showError("Cannot prepare the dragged files", task.getException()));
        tasks.runListed(task);
        return task;
    }

    static List<java.io.File> dragFiles(List<Entry> entries, Path folder) {
        List<java.io.File> files = new ArrayList<>();
        for (Entry e : entries) {
            files.add(folder.resolve(e.isRoot() ? ExtractionService.ROOT_DRAG_NAME : e.nameString()).toFile());
        }
        return files;
    }

    private void setUpDragOut() {
        tree.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        tree.getSelectionModel().getSelectedItems().addListener((ListChangeListener<TreeItem<EntryRow>>) c -> measureSelection());
        tree.setRowFactory(t -> {
            javafx.scene.control.TreeTableRow<EntryRow> row = new javafx.scene.control.TreeTableRow<>();
            row.setOnDragDetected(e -> {
                if (!row.isEmpty() && session != null) {
                    dragOut(row);
                }
                e.consume();
            });
            return row;
        });
    }

    private volatile long selectionBytes = -1;
    private Task<Long> measuring;
    private final java.util.Map<List<Long>, Path> preparedDrags = new java.util.HashMap<>();

    /** Sums the selection's file sizes in the background, so a drag knows at once whether to ask. */
    private void measureSelection() {
        if (measuring != null) {
            measuring.cancel(true);
        }
        selectionBytes = -1;
        List<Entry> entries = selectedEntries();
        if (session == null || entries.isEmpty()) {
            return;
        }
        ErofsImage image = session.image();
        Task<Long> task = new Task<>() {
            @Override
            protected Long call() throws Exception {
                long[] total = {0};
                java.util.Set<Long> seen = new java.util.HashSet<>();
                for (Entry entry : entries) {
                    image.walkEntries(entry, e -> {
                        if (isCancelled()) {
                            throw new ImageException("cancelled", 0);
                        }
                        if (e.type() == FileType.FILE && seen.add(e.nid())) {
                            total[0] += e.inode().size();
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

    private static List<Long> key(List<Entry> entries) {
        return entries.stream().map(Entry::nid).toList();
    }

    /**
     * Starts a drag of the selection with files in a private folder. Small selections are written
     * in the background as the drag starts (they are ready long before a drop); larger ones are
     * prepared first, after asking, and the person drags again when they are ready.
     */
    private void dragOut(javafx.scene.control.TreeTableRow<EntryRow> row) {
        List<Entry> selected = selectedEntries();
        List<Entry> entries = selected.stream().anyMatch(Entry::isRoot)
                ? List.of(selected.stream().filter(Entry::isRoot).findFirst().orElseThrow()) : selected;
        if (entries.isEmpty()) {
            return;
        }
        Path ready = preparedDrags.get(key(entries));
        if (ready != null) {
            startDrag(row, entries, ready);
            return;
        }
        long limit = dragPrepareLimit();
        long size = selectionBytes;
        if (size < 0) {
            statusOwner.setText("Measuring the selection… drag again in a moment");
            return;
        }
        try {
            Path folder = app.tempFolders().newFolder("drag");
            if (size <= limit) {
                Task<Void> task = prepareDrag(entries, folder);
                task.setOnSucceeded(e -> preparedDrags.put(key(entries), folder));
                startDrag(row, entries, folder);
                return;
            }
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION, String.format(
                    "The selection holds %,d bytes. Prepare it for dragging? It is extracted to a private "
                            + "folder first; drag again when it is ready.", size), ButtonType.OK, ButtonType.CANCEL);
            ask.initOwner(stage);
            ask.setHeaderText("Large selection");
            if (ask.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK) {
                Task<Void> task = prepareDrag(entries, folder);
                task.setOnSucceeded(e -> {
                    preparedDrags.put(key(entries), folder);
                    statusOwner.setText("Ready: drag the selection again");
                });
            }
        } catch (java.io.IOException e) {
            showError("Cannot make a folder for the dragged files", e);
        }
    }

    private void startDrag(javafx.scene.control.TreeTableRow<EntryRow> row, List<Entry> entries, Path folder) {
        javafx.scene.input.Dragboard board = row.startDragAndDrop(TransferMode.COPY);
        ClipboardContent content = new ClipboardContent();
        content.putFiles(dragFiles(entries, folder));
        board.setContent(content);
    }

    // ---- verify -----------------------------------------------------------------------------

    /** Reads and decompresses every file, with progress and cancel: what fsck.erofs checks. */
    @FXML
    private void verifyImage() {
        if (session == null) {
            return;
        }
        ErofsImage image = session.image();
        Entry start = session.root();
        Task<String> task = new Task<>() {
            @Override
            protected String call() throws Exception {
                updateTitle("Verifying " + session.file().getFileName());
                List<Entry> files = new ArrayList<>();
                image.walkEntries(start, e -> {
                    if (isCancelled()) {
                        throw new ImageException("cancelled", 0);
                    }
                    if (e.type() == FileType.FILE) {
                        files.add(e);
                    }
                });
                long total = files.stream().mapToLong(f -> f.inode().size()).sum();
                long[] done = {0};
                for (Entry f : files) {
                    if (isCancelled()) {
                        return "cancelled";
                    }
                    updateMessage(f.pathString());
                    try {
                        image.data(f.inode()).transferTo((b, off, len) -> {
                            if (isCancelled()) {
                                throw new java.io.InterruptedIOException("cancelled");
                            }
                            done[0] += len;
                            updateProgress(done[0], total);
                        });
                    } catch (ImageException ex) {
                        throw ex.atPath(f.pathString());
                    }
                }
                return String.format("All %,d files read without error (%,d bytes).", files.size(), total);
            }
        };
        task.setOnSucceeded(e -> info("Image verified", task.getValue()));
        task.setOnFailed(e -> showError("The image has a problem", task.getException()));
        tasks.runListed(task);
    }

    /** Starts a verification; tests use it to drive a long task. */
    Task<?> startVerification() {
        verifyImage();
        return tasks.running().isEmpty() ? null : tasks.running().get(tasks.running().size() - 1);
    }

    // ---- task strip and messages ------------------------------------------------------------

    private void setUpTaskStrip() {
        tasks.running().addListener((ListChangeListener<Task<?>>) c -> {
            taskStrip.getChildren().clear();
            for (Task<?> t : tasks.running()) {
                Label title = new Label();
                title.textProperty().bind(t.titleProperty());
                Label message = new Label();
                message.textProperty().bind(t.messageProperty());
                message.setMaxWidth(420);
                ProgressBar bar = new ProgressBar();
                bar.progressProperty().bind(t.progressProperty());
                bar.setPrefWidth(180);
                Button cancel = new Button(null, new FontIcon("mdi2c-close"));
                cancel.getStyleClass().add("tool-button");
                cancel.setOnAction(e -> t.cancel(true));
                cancel.setId("cancelTask");
                Region gap = new Region();
                HBox.setHgrow(gap, Priority.ALWAYS);
                HBox row = new HBox(title, message, gap, bar, cancel);
                row.getStyleClass().add("task-row");
                taskStrip.getChildren().add(row);
            }
        });
    }

    private void warn(String text) {
        warningLabel.setText(text);
        warningBar.setVisible(true);
        warningBar.setManaged(true);
    }

    void showError(String title, Throwable error) {
        showError(title, error, null);
    }

    /** An error, and what had been done before it ({@code afterwards}, may be null). */
    void showError(String title, Throwable error, String afterwards) {
        if (closed || error instanceof java.util.concurrent.CancellationException) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.ERROR,
                message(error) + (afterwards == null ? "" : "\n\n" + afterwards), ButtonType.OK);
        alert.initOwner(stage);
        alert.setTitle("EROFS Browser");
        alert.setHeaderText(title);
        alert.getDialogPane().setMinWidth(520);
        alert.show();
    }

    private void info(String title, String text) {
        if (closed) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        alert.initOwner(stage);
        alert.setTitle("EROFS Browser");
        alert.setHeaderText(title);
        alert.show();
    }

    private static String message(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        return e == null ? "unknown error" : e.getMessage() != null ? e.getMessage() : e.toString();
    }

    // ---- view and window --------------------------------------------------------------------

    @FXML
    private void toggleDarkTheme() {
        prefs.putBoolean("darkTheme", darkThemeItem.isSelected());
        applyTheme();
    }

    private void applyTheme() {
        boolean dark = darkThemeItem.isSelected();
        root.getStyleClass().remove("dark");
        if (dark) {
            root.getStyleClass().add("dark");
        }
        rawHex.setDarkTheme(dark);
        contentHex.setDarkTheme(dark);
    }

    private static final String DRAG_LIMIT_KEY = "dragPrepareLimitBytes";

    /** Dragging a selection larger than this asks first (it is extracted before the drop can take it). */
    long dragPrepareLimit() {
        return prefs.getLong(DRAG_LIMIT_KEY, 64L << 20);
    }

    /** File > Preferences: when a drag asks before preparing its files. */
    @FXML
    private void editPreferences() {
        Spinner<Integer> mebibytes = new Spinner<>(1, 1 << 20, (int) Math.max(1, dragPrepareLimit() >> 20), 16);
        mebibytes.setEditable(true);
        mebibytes.setId("drag-limit");
        Label label = new Label("Ask before preparing a drag of more than");
        label.setLabelFor(mebibytes);
        HBox row = new HBox(8, label, mebibytes, new Label("MiB"));
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label why = new Label("Dragged files are extracted to a private folder before the drop; "
                + "larger selections are prepared first, after asking.");
        why.setWrapText(true);
        why.setMaxWidth(460);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(stage);
        dialog.setTitle("Preferences");
        dialog.setHeaderText("Drag-out");
        dialog.getDialogPane().setContent(new VBox(10, row, why));
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            commitTypedValue(mebibytes);
            prefs.putLong(DRAG_LIMIT_KEY, (long) mebibytes.getValue() << 20);
            statusOwner.setText(String.format("Drags of more than %,d MiB ask first", mebibytes.getValue()));
        });
    }

    /** An editable spinner takes typed text only on Enter or focus loss: take it when OK is pressed too. */
    private static void commitTypedValue(Spinner<Integer> spinner) {
        try {
            Integer typed = spinner.getValueFactory().getConverter().fromString(spinner.getEditor().getText().strip());
            if (typed != null) {
                spinner.getValueFactory().setValue(typed);
            }
        } catch (RuntimeException e) {
            // not a number: the last valid value stands
        }
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
        tasks.close();
        rawHex.dispose();
        contentHex.dispose();
        if (session != null) {
            closeQuietly(session);
        }
    }

    // ---- for tests --------------------------------------------------------------------------

    /** Selects the image row and switches the theme, as a person would from the menu. */
    void selectImageNodeForTests(boolean dark) {
        darkThemeItem.setSelected(dark);
        applyTheme();
        select(tree.getRoot());
    }

    void openDocumentsWith(java.util.function.Consumer<String> opener) {
        documentOpener = opener;
    }

    String selectedPathForTests() {
        TreeItem<EntryRow> item = tree.getSelectionModel().getSelectedItem();
        return item == null ? "nothing" : item.getValue().name();
    }

    boolean imageMapReady() {
        return imageMap != null;
    }

    ImageSession session() {
        return session;
    }

    HexView rawHex() {
        return rawHex;
    }

    Details shownDetails() {
        return shownDetails;
    }

    BackgroundTasks tasks() {
        return tasks;
    }

    Stage stage() {
        return stage;
    }
}

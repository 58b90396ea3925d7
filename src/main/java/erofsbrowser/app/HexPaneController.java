package erofsbrowser.app;

import erofsbrowser.app.hex.ByteSource;
import erofsbrowser.app.hex.HexView;
import erofsbrowser.app.hex.Highlight;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The bytes: the raw image, tinted with the structures of what is selected and, strongest, the
 * selected field; and the selected file's content, as text when it is text and in hex either way.
 */
public final class HexPaneController {
    @FXML private VBox pane;
    @FXML private TabPane tabs;
    @FXML private Tab rawTab;
    @FXML private Tab contentTab;
    @FXML private StackPane rawHolder;
    @FXML private StackPane contentHolder;
    @FXML private TextArea contentText;
    @FXML private ToggleButton textToggle;
    @FXML private ToggleButton hexToggle;
    @FXML private ToggleGroup contentMode;
    @FXML private Label contentNote;
    @FXML private FlowPane legend;

    private final HexView rawHex = new HexView();
    private final HexView contentHex = new HexView();
    private SharedSelection selection;
    private BackgroundTasks tasks;
    private Consumer<Throwable> onError;
    private Task<ContentText> textTask;
    private boolean contentErrorShown;

    void attach(SharedSelection shared, BackgroundTasks background, Consumer<Throwable> errors) {
        this.selection = shared;
        this.tasks = background;
        this.onError = errors;
        rawHolder.getChildren().add(rawHex);
        contentHolder.getChildren().add(contentHex);
        // The Content tab's controls join the window when the tab is first shown: styled and laid
        // out with the rest, they cost the first frame time while no file is selected yet.
        javafx.scene.Node contentPane = contentTab.getContent();
        contentTab.setContent(null);
        contentTab.selectedProperty().addListener((obs, was, selected) -> {
            if (selected && contentTab.getContent() == null) {
                contentTab.setContent(contentPane);
            }
        });
        contentHex.setVisible(false);
        contentMode.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                old.setSelected(true); // one of the two is always on
                return;
            }
            boolean text = toggle == textToggle;
            contentText.setVisible(text);
            contentHex.setVisible(!text);
        });
        rawHex.setOnReadError(e -> shared.fail("Cannot read the image here: " + Dialogs.message(e)));
        contentHex.setOnReadError(e -> {
            if (!contentErrorShown) {
                contentErrorShown = true;
                shared.fail("Cannot read the content: " + Dialogs.message(e));
            }
        });
        shared.session().addListener((obs, old, s) -> showImage(s));
        shared.view().addListener((obs, old, view) -> {
            tint();
            if (view != null && view.scrollTo() >= 0) {
                rawHex.scrollTo(view.scrollTo());
            }
            showContent(view == null ? null : view.node());
        });
        shared.field().addListener((obs, old, field) -> {
            tint();
            if (field != null) {
                tabs.getSelectionModel().select(rawTab);
                rawHex.scrollTo(field.offset());
            }
        });
    }

    /**
     * View › Bytes per row, for both hex views, kept in {@code prefs}: as many as fit the pane's
     * width (the default: no empty band beside the characters), or 8, 16, 32, 64.
     */
    javafx.scene.control.Menu bytesPerRowMenu(java.util.prefs.Preferences prefs) {
        javafx.scene.control.Menu menu = new javafx.scene.control.Menu("_Bytes per row");
        ToggleGroup group = new ToggleGroup();
        int saved = prefs.getInt(BYTES_PER_ROW_KEY, 0);
        if (saved != 0 && !HexView.bytesPerRowChoices().contains(saved)) {
            saved = 0;
        }
        java.util.List<Integer> options = new java.util.ArrayList<>(java.util.List.of(0));
        options.addAll(HexView.bytesPerRowChoices());
        for (int n : options) {
            javafx.scene.control.RadioMenuItem item = new javafx.scene.control.RadioMenuItem(
                    n == 0 ? "As many as _fit" : n + " bytes");
            item.setToggleGroup(group);
            item.setSelected(n == saved);
            item.setOnAction(e -> {
                setBytesPerRow(n);
                prefs.putInt(BYTES_PER_ROW_KEY, n);
            });
            menu.getItems().add(item);
        }
        setBytesPerRow(saved);
        return menu;
    }

    private static final String BYTES_PER_ROW_KEY = "hexBytesPerRow";

    private void setBytesPerRow(int bytes) {
        rawHex.setBytesPerRow(bytes);
        contentHex.setBytesPerRow(bytes);
    }

    HexView rawHex() {
        return rawHex;
    }

    HexView contentHex() {
        return contentHex;
    }

    /** The hex view on show: the raw image's or the content's. */
    HexView shownHexView() {
        return tabs.getSelectionModel().getSelectedItem() == contentTab ? contentHex : rawHex;
    }

    /** Shows byte {@code offset} of the raw image; false when it is past the end. */
    boolean goTo(long offset) {
        tabs.getSelectionModel().select(rawTab);
        return rawHex.goTo(offset);
    }

    private void showImage(ImageSession session) {
        if (session == null) {
            rawHex.setSource(null);
            return;
        }
        FileSystemImage image = session.image();
        rawHex.setSource(new ByteSource() {
            @Override
            public long length() {
                return image.source().length();
            }

            @Override
            public int read(long position, byte[] dst, int off, int len) throws ImageException {
                int n = (int) Math.min(len, image.source().length() - position);
                image.source().readFully(position, dst, off, n);
                return n;
            }
        });
    }

    /** Tints the selected entry's structures, its stored data, and the selected field over them. */
    private void tint() {
        EntryView view = selection.view().get();
        List<Highlight> highlights = new ArrayList<>();
        Set<StructureTints> shown = EnumSet.noneOf(StructureTints.class);
        if (view != null) {
            for (DataRun r : view.runs()) {
                if (r.stored() != null && !r.where().startsWith("inline")) {
                    highlights.add(new Highlight(r.stored().offset(), r.stored().length(), StructureTints.DATA.color(), "data"));
                    shown.add(StructureTints.DATA);
                }
            }
            for (Field s : view.structures()) {
                StructureTints t = StructureTints.of(s);
                highlights.add(new Highlight(s.offset(), s.size(), t.color(), s.name()));
                shown.add(t);
            }
        }
        Field field = selection.field().get();
        if (field != null) {
            highlights.add(new Highlight(field.offset(), field.size(), StructureTints.FIELD.color(), field.name()));
            shown.add(StructureTints.FIELD);
        }
        rawHex.setHighlights(highlights);
        legend.getChildren().clear();
        for (StructureTints t : shown) {
            Region swatch = new Region();
            swatch.getStyleClass().add("legend-swatch");
            swatch.setBackground(new Background(new BackgroundFill(t.color(), null, null)));
            legend.getChildren().add(new Label(t.legend(), swatch));
        }
    }

    // ---- content ------------------------------------------------------------------------------

    private void showContent(Node node) {
        contentErrorShown = false;
        if (textTask != null) {
            textTask.cancel(true);
        }
        ImageSession session = selection.session().get();
        boolean readable = node != null && session != null
                && (node.type() == FileType.FILE || node.type() == FileType.SYMLINK);
        contentTab.setDisable(!readable);
        if (!readable) {
            contentHex.setSource(null);
            contentText.clear();
            contentTab.setText("Content");
            if (tabs.getSelectionModel().getSelectedItem() == contentTab) {
                tabs.getSelectionModel().select(rawTab);
            }
            return;
        }
        contentTab.setText("Content of " + node.nameString());
        FileSystemImage image = session.image();
        contentHex.setSource(new ByteSource() {
            private volatile FileContent content;

            @Override
            public long length() {
                return node.size();
            }

            @Override
            public int read(long position, byte[] dst, int off, int len) throws ImageException {
                FileContent c = content;
                if (c == null) {
                    c = image.content(node);
                    content = c;
                }
                return c.read(position, dst, off, len);
            }
        });
        contentText.setText("");
        contentNote.setText("Reading…");
        Task<ContentText> task = new Task<>() {
            @Override
            protected ContentText call() throws Exception {
                return ContentText.read(image, node);
            }
        };
        textTask = task;
        task.setOnSucceeded(e -> {
            if (task != textTask) {
                return;
            }
            ContentText t = task.getValue();
            contentText.setText(t.text());
            contentNote.setText(t.note());
            (t.isText() ? textToggle : hexToggle).setSelected(true);
        });
        task.setOnFailed(e -> {
            if (task == textTask) {
                contentNote.setText("Cannot read the content: " + Dialogs.message(task.getException()));
                hexToggle.setSelected(true);
            }
        });
        tasks.run(task);
    }

    /** Whether the content tab shows text (not hex), for tests. */
    boolean showsContentAsText() {
        return textToggle.isSelected();
    }

    String contentTextForTests() {
        return contentText.getText();
    }

    void setDarkTheme(boolean dark) {
        rawHex.setDarkTheme(dark);
        contentHex.setDarkTheme(dark);
    }

    void close() {
        if (textTask != null) {
            textTask.cancel(true);
        }
        rawHex.dispose();
        contentHex.dispose();
    }

}

package erofsbrowser.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * The desktop app: one window per image given on the command line ({@code [--offset N] IMAGE}...),
 * or the bundled sample image when none is given.
 */
public final class BrowserApp extends Application {
    static final String SAMPLE_RESOURCE = "/erofsbrowser/sample.erofs";
    static final String FXML = "/erofsbrowser/fxml/main-window.fxml";
    static final String CSS = "/erofsbrowser/css/app.css";

    private final List<MainWindowController> windows = new ArrayList<>();
    private Preferences prefs;
    private Path sampleCopy;
    private boolean exitWithLastWindow;
    private TempFolders tempFolders;

    public static void launchWith(String[] args) {
        Application.launch(BrowserApp.class, args);
    }

    /** An image to open: a file and where the image starts in it. */
    record ImageRequest(Path file, long offset) {
    }

    public BrowserApp() {
    }

    /** An app that keeps its settings in {@code preferences} (tests use a scratch node). */
    BrowserApp(Preferences preferences) {
        this.prefs = preferences;
    }

    @Override
    public void start(Stage firstStage) throws Exception {
        if (prefs == null) {
            prefs = Preferences.userRoot().node("erofsbrowser");
        }
        exitWithLastWindow = true;
        // Claims this session's folder and removes those a killed session left, off the FX thread.
        Thread cleanup = new Thread(() -> {
            try {
                tempFolders();
            } catch (IOException e) {
                System.err.println("erofs-browser: " + e.getMessage());
            }
        }, "temp-folders");
        cleanup.setDaemon(true);
        cleanup.start();
        List<ImageRequest> requests = parse(getParameters().getRaw());
        if (requests.isEmpty()) {
            requests = List.of(new ImageRequest(sampleImage(), 0));
        }
        Stage stage = firstStage;
        for (ImageRequest r : requests) {
            openWindow(stage == null ? new Stage() : stage).open(r.file(), r.offset());
            stage = null;
        }
    }

    static List<ImageRequest> parse(List<String> args) {
        List<ImageRequest> list = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--offset") && i + 1 < args.size()) {
                offset = erofsbrowser.cli.WindowCommandLine.parseOffset(args.get(++i));
            } else if (a.startsWith("--offset=")) {
                offset = erofsbrowser.cli.WindowCommandLine.parseOffset(a.substring("--offset=".length()));
            } else {
                list.add(new ImageRequest(Path.of(a), offset));
                offset = 0;
            }
        }
        return list;
    }

    /** A new, empty window; {@link MainWindowController#open} loads an image into it. */
    MainWindowController openWindow(Stage stage) {
        FXMLLoader loader = new FXMLLoader(BrowserApp.class.getResource(FXML));
        try {
            // Never larger than the screen (a window past the screen's edge also upsets headless Monocle).
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            Scene scene = new Scene(loader.load(), Math.min(1280, screen.getWidth()), Math.min(820, screen.getHeight()));
            scene.getStylesheets().add(BrowserApp.class.getResource(CSS).toExternalForm());
            MainWindowController controller = loader.getController();
            controller.attach(this, stage, prefs);
            stage.setScene(scene);
            for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
                InputStream icon = BrowserApp.class.getResourceAsStream("/erofsbrowser/icons/erofs-browser-" + size + ".png");
                if (icon != null) {
                    stage.getIcons().add(new Image(icon));
                }
            }
            stage.setOnHidden(e -> {
                controller.close();
                windows.remove(controller);
                if (windows.isEmpty() && exitWithLastWindow) {
                    Platform.exit();
                }
            });
            windows.add(controller);
            // Styled and laid out before the window maps: its first frame is the panes (with their
            // "opening" states), not a blank window while the first pulse does that work.
            scene.setFill(controller.darkTheme() ? javafx.scene.paint.Color.web("#1f2125") : javafx.scene.paint.Color.web("#f4f4f4"));
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            stage.show();
            return controller;
        } catch (IOException e) {
            throw new UncheckedIOException("the main window's FXML cannot be loaded", e);
        }
    }

    List<MainWindowController> windows() {
        return List.copyOf(windows);
    }

    /**
     * The bundled sample, copied out of the jar so it can be read like any image file. It keeps its
     * name, sample.erofs, which the window shows: in a folder of its own rather than a file with a
     * random name.
     */
    Path sampleImage() throws IOException {
        if (sampleCopy == null) {
            Path folder = Files.createTempDirectory("erofs-browser-sample-");
            folder.toFile().deleteOnExit();
            sampleCopy = folder.resolve("sample.erofs");
            sampleCopy.toFile().deleteOnExit(); // before its folder: the last registered goes first
            try (InputStream in = BrowserApp.class.getResourceAsStream(SAMPLE_RESOURCE)) {
                if (in == null) {
                    throw new IOException("the bundled sample image is missing from the application");
                }
                Files.copy(in, sampleCopy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return sampleCopy;
    }

    /** Private folders for files handed to other applications; removed when the app exits. */
    synchronized TempFolders tempFolders() throws IOException {
        if (tempFolders == null) {
            tempFolders = TempFolders.inDefaultPlace();
        }
        return tempFolders;
    }

    @Override
    public void stop() {
        windows.forEach(MainWindowController::close);
        if (tempFolders != null) {
            tempFolders.removeAll();
        }
    }
}

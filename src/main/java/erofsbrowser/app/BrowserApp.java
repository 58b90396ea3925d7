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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * The desktop app: one window per image given on the command line ({@code [--offset N] IMAGE}...),
 * or the bundled sample image when none is given. While it runs, later launches by the same user
 * open their images in it, each in a new window (see {@link SingleInstance}).
 */
public final class BrowserApp extends Application {
    static final String SAMPLE_RESOURCE = "/erofsbrowser/sample.erofs";
    static final String FXML = "/erofsbrowser/fxml/main-window.fxml";
    static final String CSS = "/erofsbrowser/css/app.css";
    /** How long a launch waits for the running app to take its images (an app still starting takes them once up). */
    private static final Duration HAND_OVER_PATIENCE = Duration.ofSeconds(30);

    private final List<MainWindowController> windows = new ArrayList<>();
    private Preferences prefs;
    private SingleInstance instance;
    private Path sampleCopy;
    private boolean exitWithLastWindow;
    private boolean stopped;
    private TempFolders tempFolders;

    /**
     * Opens the images {@code args} names: in the app this user runs already if there is one (this
     * VM then ends without starting a toolkit), otherwise in an app started here.
     */
    public static void launchWith(String[] args) {
        List<ImageRequest> requests = ImageRequest.parse(List.of(args));
        Optional<Path> folder = instanceFolder();
        if (folder.isPresent() && SingleInstance.handOver(folder.get(), requests, HAND_OVER_PATIENCE)) {
            return;
        }
        Application.launch(BrowserApp.class, args);
    }

    /** This user's folder for the running app's socket; empty (and said why) where there is none to trust. */
    private static Optional<Path> instanceFolder() {
        try {
            Optional<Path> folder = SingleInstance.userFolder(System.getenv("XDG_RUNTIME_DIR"),
                    Path.of(System.getProperty("java.io.tmpdir")));
            if (folder.isEmpty()) {
                System.err.println("erofs-browser: the folder for the running app's socket is not this user's alone;"
                        + " each launch opens an app of its own");
            }
            return folder;
        } catch (IOException | RuntimeException e) {
            System.err.println("erofs-browser: no folder for the running app's socket (" + e + ");"
                    + " each launch opens an app of its own");
            return Optional.empty();
        }
    }

    public BrowserApp() {
    }

    /** An app that keeps its settings in {@code preferences} (tests use a scratch node). */
    BrowserApp(Preferences preferences) {
        this.prefs = preferences;
    }

    /**
     * Opens the images of the command line, then listens for later launches. An app started at
     * the same time by another launch may have got there first: then this one hands it the images
     * and ends without a window.
     */
    @Override
    public void start(Stage firstStage) {
        List<ImageRequest> requests = ImageRequest.parse(getParameters().getRaw());
        Optional<Path> folder = instanceFolder();
        if (folder.isPresent()) {
            try {
                SingleInstance.Claim claim = SingleInstance.claim(folder.get(), requests, HAND_OVER_PATIENCE);
                if (claim instanceof SingleInstance.HandedOver) {
                    Platform.exit();
                    return;
                }
                instance = ((SingleInstance.First) claim).instance();
                SingleInstance listening = instance;
                // A signal (kill, the session's end) ends the JVM without stop(): the socket would stay,
                // and the next launch take it for a running app's (close is safe twice).
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        listening.close();
                    } catch (IOException e) {
                        // the next launch removes a socket that does not answer
                    }
                }, "single-instance-close"));
            } catch (IOException e) {
                System.err.println("erofs-browser: cannot listen for later launches (" + e + ");"
                        + " each launch opens an app of its own");
            }
        }
        begin(requests, firstStage);
    }

    /** Opens the first windows ({@code requests}, or the sample), then takes later launches' images. */
    private void begin(List<ImageRequest> requests, Stage firstStage) {
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
        openAll(requests, firstStage);
        if (instance != null) {
            instance.serve(later -> Platform.runLater(() -> openAll(later, new Stage())));
        }
    }

    /** A window for each request, the first in {@code firstStage}; the sample image when there is none. */
    private void openAll(List<ImageRequest> requests, Stage firstStage) {
        List<ImageRequest> images = requests;
        if (images.isEmpty()) {
            try {
                images = List.of(new ImageRequest(sampleImage(), 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // Each image is opened while its window is built, so that the window's first frame can show it.
        boolean strict = PreferencesDialog.strict(prefs);
        List<OpenAhead> ahead = new ArrayList<>();
        for (ImageRequest r : images) {
            ahead.add(OpenAhead.start(r.file(), r.offset(), strict));
        }
        Stage stage = firstStage;
        for (int i = 0; i < images.size(); i++) {
            ImageRequest r = images.get(i);
            MainWindowController window = buildWindow(stage == null ? new Stage() : stage);
            window.open(r.file(), r.offset(), ahead.get(i));
            show(window);
            window.stage().toFront();
            stage = null;
        }
    }

    /** A new, empty window, shown; {@link MainWindowController#open} loads an image into it. */
    MainWindowController openWindow(Stage stage) {
        MainWindowController window = buildWindow(stage);
        show(window);
        return window;
    }

    /** A new, empty window, not shown yet. */
    private MainWindowController buildWindow(Stage stage) {
        FXMLLoader loader = new FXMLLoader(BrowserApp.class.getResource(FXML));
        try {
            // Never larger than the screen (a window past the screen's edge also upsets headless Monocle).
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            Scene scene = new Scene(loader.load(), Math.min(1280, screen.getWidth()), Math.min(820, screen.getHeight()));
            scene.getStylesheets().add(BrowserApp.class.getResource(CSS).toExternalForm());
            MainWindowController controller = loader.getController();
            controller.attach(this, stage, prefs);
            stage.setScene(scene);
            stage.sizeToScene(); // a stage shown before (the primary one, in tests) keeps its old size otherwise
            StartupProbe.watchIfAsked(scene);
            setIconsLater(stage);
            stage.setOnHidden(e -> {
                controller.close();
                windows.remove(controller);
                if (windows.isEmpty() && exitWithLastWindow) {
                    stop();
                    Platform.exit();
                }
            });
            windows.add(controller);
            return controller;
        } catch (IOException e) {
            throw new UncheckedIOException("the main window's FXML cannot be loaded", e);
        }
    }

    /** The window's icons, decoded on a thread of their own: on the FX thread they delayed the first frame by 10 to 20 ms. */
    private static void setIconsLater(Stage stage) {
        Thread loader = new Thread(() -> {
            List<Image> icons = new ArrayList<>();
            for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
                try (InputStream icon = BrowserApp.class.getResourceAsStream("/erofsbrowser/icons/erofs-browser-" + size + ".png")) {
                    if (icon != null) {
                        icons.add(new Image(icon));
                    }
                } catch (IOException e) {
                    // a missing icon: the desktop shows its default one
                }
            }
            Platform.runLater(() -> stage.getIcons().setAll(icons));
        }, "window-icons");
        loader.setDaemon(true);
        loader.start();
    }

    private static void show(MainWindowController window) {
        Scene scene = window.stage().getScene();
        // Styled and laid out before the window maps: its first frame is the panes (with the image,
        // or their "opening" states), not a blank window while the first pulse does that work.
        scene.setFill(window.darkTheme() ? javafx.scene.paint.Color.web("#1f2125") : javafx.scene.paint.Color.web("#f4f4f4"));
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        window.stage().show();
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

    /** Closes the windows, stops taking launches and removes the temporary folders; once. */
    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (instance != null) {
            try {
                instance.close();
            } catch (IOException e) {
                System.err.println("erofs-browser: " + e.getMessage());
            }
        }
        windows.forEach(MainWindowController::close);
        if (tempFolders != null) {
            tempFolders.removeAll();
        }
    }
}

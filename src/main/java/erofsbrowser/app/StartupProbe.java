package erofsbrowser.app;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;

/**
 * Start-up measurement, asked for with {@code -Derofsbrowser.firstFrame=print} (or {@code =exit}, which
 * then closes the window, and with the last one the app): writes to standard error the wall-clock time, in milliseconds since the epoch,
 * of the first frame that shows an image's tree with the entries of its root directory. The benchmark
 * ({@code src/bench/bench-startup.sh}) compares it with the time the launcher was started, and the
 * build runs the app this way to list the classes a start loads (for the class-data archive).
 */
final class StartupProbe {
    static final String PROPERTY = "erofsbrowser.firstFrame";

    private final Scene scene;
    private final boolean exit;
    private boolean treeLaidOut;
    private boolean done;

    private StartupProbe(Scene scene, boolean exit) {
        this.scene = scene;
        this.exit = exit;
    }

    /** Watches {@code scene} when the system property asks for it; otherwise does nothing. */
    static void watchIfAsked(Scene scene) {
        String mode = System.getProperty(PROPERTY);
        if (mode != null) {
            StartupProbe probe = new StartupProbe(scene, mode.equals("exit"));
            scene.addPostLayoutPulseListener(probe::afterLayout);
        }
    }

    /*
     * A post-layout listener runs inside a pulse, after layout and before the scene is handed to the
     * render thread; the next pulse begins only once that frame is rendered. So the time is taken one
     * pulse after the first layout with the root's entries in place.
     */
    private void afterLayout() {
        if (done) {
            return;
        }
        if (treeLaidOut) {
            done = true;
            System.err.println("erofs-browser: first frame with the tree at " + System.currentTimeMillis() + " ms");
            if (exit) {
                Platform.runLater(() -> scene.getWindow().hide()); // not inside the pulse: closing may end the toolkit
            }
        } else if (rootEntriesShown()) {
            treeLaidOut = true;
            Platform.requestNextPulse();
        }
    }

    private boolean rootEntriesShown() {
        Node node = scene.lookup("#tree");
        if (!(node instanceof TreeTableView<?> tree) || tree.getRoot() == null) {
            return false;
        }
        // The image's row holds the parts of the file (an APEX's) and then the root directory.
        for (TreeItem<?> child : tree.getRoot().getChildren()) {
            if (child instanceof EntryTreeItem root) {
                return root.isLoaded();
            }
        }
        return false;
    }
}

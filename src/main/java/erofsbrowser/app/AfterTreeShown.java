package erofsbrowser.app;

import javafx.application.Platform;
import javafx.scene.Scene;

import java.util.function.BooleanSupplier;

/**
 * Runs an action once a window has drawn an opened image's tree with its root's entries. The scans
 * an opening starts (who owns each byte; faults) wait for it: started with the opening, they took
 * the cores of a two-core machine from the first frame (a start took 1.77-1.91 s with them,
 * 1.66 s after them).
 */
final class AfterTreeShown {
    private final Scene scene;
    private final BooleanSupplier treeShown;
    private final Runnable action;
    private final Runnable listener = this::afterLayout;
    private boolean laidOut;

    private AfterTreeShown(Scene scene, BooleanSupplier treeShown, Runnable action) {
        this.scene = scene;
        this.treeShown = treeShown;
        this.action = action;
    }

    /** Runs {@code action} on the JavaFX thread after the frame that shows the tree; at once when there is no scene. */
    static void run(Scene scene, BooleanSupplier treeShown, Runnable action) {
        if (scene == null) {
            action.run();
            return;
        }
        AfterTreeShown waiting = new AfterTreeShown(scene, treeShown, action);
        scene.addPostLayoutPulseListener(waiting.listener);
        Platform.requestNextPulse();
    }

    /* After the layout that puts the entries in place, one pulse more: the next begins once that frame is drawn. */
    private void afterLayout() {
        if (laidOut) {
            scene.removePostLayoutPulseListener(listener);
            Platform.runLater(action); // not inside the pulse
        } else if (treeShown.getAsBoolean()) {
            laidOut = true;
            Platform.requestNextPulse();
        }
    }
}

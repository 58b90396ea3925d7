package erofsbrowser.app;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

import java.util.function.BooleanSupplier;

/**
 * Runs an action once a window has drawn an opened image's tree with its root's entries. The scans
 * an opening starts (who owns each byte; faults) wait for it: started with the opening, they took
 * the cores of a two-core machine from the first frame (a start took 1.77-1.91 s with them,
 * 1.66 s after them).
 *
 * <p>It looks at each frame (an animation timer keeps frames coming while it waits, which an
 * empty root's tree would not) until one shows the tree, and runs the action after the next.
 */
final class AfterTreeShown extends AnimationTimer {
    private final BooleanSupplier treeShown;
    private final Runnable action;
    private boolean shownInAFrame;

    private AfterTreeShown(BooleanSupplier treeShown, Runnable action) {
        this.treeShown = treeShown;
        this.action = action;
    }

    /** Runs {@code action} on the JavaFX thread after the frame that shows the tree; at once when there is no scene. */
    static void run(Scene scene, BooleanSupplier treeShown, Runnable action) {
        if (scene == null) {
            action.run();
            return;
        }
        new AfterTreeShown(treeShown, action).start();
    }

    @Override
    public void handle(long now) {
        if (shownInAFrame) {
            stop();
            Platform.runLater(action); // not inside the pulse
        } else if (treeShown.getAsBoolean()) {
            shownInAFrame = true; // the next frame draws it
        }
    }
}

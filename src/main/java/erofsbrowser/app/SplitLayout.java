package erofsbrowser.app;

import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;

import java.util.prefs.Preferences;

/**
 * Keeps where the user leaves a split pane's divider (the hex pane's height, the tree's width)
 * for the next window and run: read when a window opens, written when the user lets go of the
 * divider, and only then: a divider a smaller window or the Problems pane moved is not the
 * user's choice. Only the split's own two panes count.
 */
final class SplitLayout {
    /** A pane squeezed past these is not kept: the next window would open with it all but hidden. */
    private static final double MIN = 0.1;
    private static final double MAX = 0.9;

    private SplitLayout() {
    }

    static void remember(SplitPane split, Preferences prefs, String key) {
        double saved = prefs.getDouble(key, -1);
        if (saved >= MIN && saved <= MAX && split.getItems().size() == 2) {
            split.setDividerPositions(saved);
        }
        split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (isOwnDivider(split, e.getTarget()) && split.getItems().size() == 2) {
                double position = split.getDividerPositions()[0];
                if (position >= MIN && position <= MAX) {
                    prefs.putDouble(key, position);
                }
            }
        });
    }

    /** Whether {@code target} is (inside) one of {@code split}'s own dividers, not a nested split's. */
    private static boolean isOwnDivider(SplitPane split, Object target) {
        for (Node n = target instanceof Node node ? node : null; n != null && n != split; n = n.getParent()) {
            if (n.getStyleClass().contains("split-pane-divider")) {
                return n.getParent() == split;
            }
        }
        return false;
    }
}

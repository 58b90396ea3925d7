package erofsbrowser.app;

import javafx.scene.control.SplitPane;

import java.util.prefs.Preferences;

/**
 * Keeps where the user left a split pane's divider (the hex pane's height, the tree's width)
 * across windows and runs: read when a window opens, written when it closes. Only the split's
 * own two panes count: while the Problems pane adds a third, the first divider means another
 * thing and is not kept.
 */
final class SplitLayout {
    private static final double MIN = 0.05;
    private static final double MAX = 0.95;

    private SplitLayout() {
    }

    static void restore(SplitPane split, Preferences prefs, String key) {
        double saved = prefs.getDouble(key, -1);
        if (saved >= MIN && saved <= MAX && split.getItems().size() == 2) {
            split.setDividerPositions(saved);
        }
    }

    static void save(SplitPane split, Preferences prefs, String key) {
        if (split.getItems().size() != 2) {
            return;
        }
        double position = split.getDividerPositions()[0];
        if (position >= MIN && position <= MAX) {
            prefs.putDouble(key, position);
        }
    }
}

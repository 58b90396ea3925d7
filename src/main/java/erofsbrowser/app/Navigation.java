package erofsbrowser.app;

import javafx.application.Platform;
import javafx.scene.control.Button;

import java.util.function.Consumer;

/**
 * Back and forward through the entries a person selected (Alt+Left/Right and the toolbar's
 * arrows), as a browser's: every entry selected is a visit, except those that going back or
 * forward select themselves.
 */
final class Navigation {
    private final History history = new History();
    private final Button backButton;
    private final Button forwardButton;
    private final Consumer<byte[]> reveal;
    private boolean navigating;

    Navigation(Button backButton, Button forwardButton, Consumer<byte[]> reveal) {
        this.backButton = backButton;
        this.forwardButton = forwardButton;
        this.reveal = reveal;
        updateButtons();
    }

    /** A row was selected: an entry becomes the current place, unless going back or forward selected it. */
    void selected(EntryRow row) {
        if (row != null && row.kind() == EntryRow.Kind.ENTRY && !navigating) {
            history.visit(row.node().path());
            updateButtons();
        }
    }

    void back() {
        go(history.back());
    }

    void forward() {
        go(history.forward());
    }

    private void go(byte[] path) {
        if (path == null) {
            return;
        }
        navigating = true;
        try {
            reveal.accept(path);
        } finally {
            Platform.runLater(() -> navigating = false);
        }
        updateButtons();
    }

    private void updateButtons() {
        backButton.setDisable(!history.canGoBack());
        forwardButton.setDisable(!history.canGoForward());
    }
}

package erofsbrowser.app;

import javafx.fxml.FXML;
import javafx.scene.control.Label;

/** The status bar: the image and its size, what the last action did or found, and the offset under the mouse. */
public final class StatusBarController {
    @FXML private Label statusImage;
    @FXML private Label statusOwner;
    @FXML private Label statusOffset;

    void attach(SharedSelection selection) {
        statusOwner.textProperty().bind(selection.status());
        selection.statusIsFailure().addListener((obs, old, failed) -> {
            statusOwner.getStyleClass().remove("status-failure");
            if (failed) {
                statusOwner.getStyleClass().add("status-failure");
            }
        });
        selection.session().addListener((obs, old, s) -> statusImage.setText(s == null ? ""
                : String.format("%s: %s, %,d bytes", s.fileName(), s.image().formatName(), s.image().source().length())));
    }

    /** Shows the offset under the mouse (negative: none), in the chosen base. */
    void showOffset(long offset, SharedSelection selection) {
        statusOffset.setText(offset < 0 ? "" : "offset " + selection.fileOffsetText(offset));
    }
}

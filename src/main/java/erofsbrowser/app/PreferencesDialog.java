package erofsbrowser.app;

import javafx.geometry.Pos;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.util.Optional;
import java.util.prefs.Preferences;

/** File › Preferences: when a drag asks before preparing its files. */
final class PreferencesDialog {
    private static final String DRAG_LIMIT_KEY = "dragPrepareLimitBytes";

    private PreferencesDialog() {
    }

    /** Dragging a selection larger than this asks first (it is extracted before the drop can take it). */
    static long dragPrepareLimit(Preferences prefs) {
        return prefs.getLong(DRAG_LIMIT_KEY, 64L << 20);
    }

    /** Shows the dialog; the new limit in MiB when the person pressed OK. */
    static Optional<Integer> show(Stage owner, Preferences prefs) {
        Spinner<Integer> mebibytes = new Spinner<>(1, 1 << 20, (int) Math.max(1, dragPrepareLimit(prefs) >> 20), 16);
        mebibytes.setEditable(true);
        mebibytes.setId("drag-limit");
        Label label = new Label("Ask before preparing a drag of more than");
        label.setLabelFor(mebibytes);
        HBox row = new HBox(8, label, mebibytes, new Label("MiB"));
        row.setAlignment(Pos.CENTER_LEFT);
        Label why = new Label("Dragged files are extracted to a private folder before the drop; "
                + "larger selections are prepared first, after asking.");
        why.setWrapText(true);
        why.setMaxWidth(460);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Preferences");
        dialog.setHeaderText("Drag-out");
        dialog.getDialogPane().setContent(new VBox(10, row, why));
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        return dialog.showAndWait().filter(b -> b == ButtonType.OK).map(b -> {
            commitTypedValue(mebibytes);
            prefs.putLong(DRAG_LIMIT_KEY, (long) mebibytes.getValue() << 20);
            return mebibytes.getValue();
        });
    }

    /** An editable spinner takes typed text only on Enter or focus loss: take it when OK is pressed too. */
    private static void commitTypedValue(Spinner<Integer> spinner) {
        try {
            Integer typed = spinner.getValueFactory().getConverter().fromString(spinner.getEditor().getText().strip());
            if (typed != null) {
                spinner.getValueFactory().setValue(typed);
            }
        } catch (RuntimeException e) {
            // not a number: the last valid value stands
        }
    }
}

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

/** File › Preferences: when a drag asks before preparing its files; whether reading stops at the first fault. */
final class PreferencesDialog {
    private static final String DRAG_LIMIT_KEY = "dragPrepareLimitBytes";
    private static final String STRICT_KEY = "strict";

    /** What the dialog sets. */
    record Settings(int dragLimitMiB, boolean strict) {
    }

    private PreferencesDialog() {
    }

    /** Dragging a selection larger than this asks first (it is extracted before the drop can take it). */
    static long dragPrepareLimit(Preferences prefs) {
        return prefs.getLong(DRAG_LIMIT_KEY, 64L << 20);
    }

    /** Whether reading stops at the first fault (a strict reader), rather than going on past it. */
    static boolean strict(Preferences prefs) {
        return prefs.getBoolean(STRICT_KEY, false);
    }

    /** Shows the dialog; the new settings when the person pressed OK. */
    static Optional<Settings> show(Stage owner, Preferences prefs) {
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
        javafx.scene.control.CheckBox strict = new javafx.scene.control.CheckBox("Stop at the first fault");
        strict.setId("strict");
        strict.setSelected(strict(prefs));
        Label strictWhy = new Label("A damaged image is shown and extracted as far as it can be read, each fault marked "
                + "where it is. Strict reading stops instead: a directory with one bad entry shows none, and an "
                + "extraction or a verification ends at the first fault.");
        strictWhy.setWrapText(true);
        strictWhy.setMaxWidth(460);
        Label dragHeading = new Label("Drag-out");
        Label faultHeading = new Label("Damaged images");
        dragHeading.getStyleClass().add("detail-heading");
        faultHeading.getStyleClass().add("detail-heading");
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Preferences");
        dialog.getDialogPane().setContent(new VBox(10, dragHeading, row, why, faultHeading, strict, strictWhy));
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        return dialog.showAndWait().filter(b -> b == ButtonType.OK).map(b -> {
            commitTypedValue(mebibytes);
            prefs.putLong(DRAG_LIMIT_KEY, (long) mebibytes.getValue() << 20);
            prefs.putBoolean(STRICT_KEY, strict.isSelected());
            return new Settings(mebibytes.getValue(), strict.isSelected());
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

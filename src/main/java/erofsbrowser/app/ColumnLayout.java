package erofsbrowser.app;

import java.util.prefs.Preferences;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;

/**
 * Keeps a table's column widths and which columns are shown (its column menu) across runs, as a
 * file manager does: each column under its FXML id in {@code prefs}, read when the window opens
 * and written as the user changes them. A column the preferences do not know keeps its FXML width.
 */
final class ColumnLayout {
    private static final double MIN_WIDTH = 24;

    private ColumnLayout() {
    }

    static void remember(TreeTableView<?> table, Preferences prefs) {
        for (TreeTableColumn<?, ?> column : table.getColumns()) {
            String id = column.getId();
            if (id == null) {
                continue;
            }
            double width = prefs.getDouble(id + ".width", -1);
            if (width >= MIN_WIDTH) {
                column.setPrefWidth(width);
            }
            column.setVisible(prefs.getBoolean(id + ".visible", column.isVisible()));
            column.widthProperty().addListener((obs, old, w) -> {
                // a hidden column's width is 0, and a table still laying out passes through others
                if (column.isVisible() && w.doubleValue() >= MIN_WIDTH && table.getScene() != null
                        && table.getScene().getWindow() != null && table.getScene().getWindow().isShowing()) {
                    prefs.putDouble(id + ".width", w.doubleValue());
                }
            });
            column.visibleProperty().addListener((obs, old, visible) -> prefs.putBoolean(id + ".visible", visible));
        }
    }
}

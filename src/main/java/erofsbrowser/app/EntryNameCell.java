package erofsbrowser.app;

import javafx.scene.control.TreeTableCell;
import org.kordamp.ikonli.javafx.FontIcon;

/** An entry's name with an icon by its type. */
final class EntryNameCell extends TreeTableCell<EntryRow, EntryRow> {
    @Override
    protected void updateItem(EntryRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setText(null);
            setGraphic(null);
            return;
        }
        setText(row.name());
        setGraphic(icon(row));
    }

    private static FontIcon icon(EntryRow row) {
        String literal;
        String style;
        if (row.kind() == EntryRow.Kind.IMAGE) {
            literal = "mdi2h-harddisk";
            style = "entry-icon-image";
        } else if (row.kind() == EntryRow.Kind.PART) {
            literal = "mdi2p-package-variant";
            style = "entry-icon-image";
        } else if (row.kind() == EntryRow.Kind.LOADING) {
            literal = "mdi2t-timer-sand";
            style = "entry-icon-file";
        } else {
            switch (row.node().type()) {
                case DIR -> { literal = "mdi2f-folder"; style = "entry-icon-dir"; }
                case SYMLINK -> { literal = "mdi2l-link-variant"; style = "entry-icon-symlink"; }
                case CHR, BLK -> { literal = "mdi2c-chip"; style = "entry-icon-special"; }
                case FIFO -> { literal = "mdi2p-pipe"; style = "entry-icon-special"; }
                case SOCK -> { literal = "mdi2p-power-socket"; style = "entry-icon-special"; }
                default -> { literal = "mdi2f-file-outline"; style = "entry-icon-file"; }
            }
        }
        FontIcon icon = new FontIcon(literal);
        icon.setIconSize(15);
        icon.getStyleClass().add(style);
        return icon;
    }
}

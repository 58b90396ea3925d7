package erofsbrowser.app;

import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.Field;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What one window's panes share: the open image, what is selected and shown, the field chosen in
 * the structure tree, the map of who owns each byte once it is built, and the status line. Each
 * pane watches what it shows and sets what it selects; none of them knows the others. Used on the
 * FX thread only.
 */
final class SharedSelection {
    private final ObjectProperty<ImageSession> session = new SimpleObjectProperty<>(this, "session");
    private final ObjectProperty<EntryView> view = new SimpleObjectProperty<>(this, "view");
    private final ObjectProperty<Field> field = new SimpleObjectProperty<>(this, "field");
    private final ObjectProperty<ByteOwnerMap> ownerMap = new SimpleObjectProperty<>(this, "ownerMap");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final BooleanProperty hexOffsets = new SimpleBooleanProperty(this, "hexOffsets", true);

    /** The open image, or null before one opens. */
    ObjectProperty<ImageSession> session() {
        return session;
    }

    /** What the detail pane shows: the selected entry or the image, once read. */
    ObjectProperty<EntryView> view() {
        return view;
    }

    /** The field selected in the structure tree (its bytes are tinted), or null. */
    ObjectProperty<Field> field() {
        return field;
    }

    /** Who owns each byte; null until the background build is done. */
    ObjectProperty<ByteOwnerMap> ownerMap() {
        return ownerMap;
    }

    /** Whether offsets and ranges are shown in hex (else decimal): one base everywhere. */
    BooleanProperty hexOffsets() {
        return hexOffsets;
    }

    /** {@code offset} in the base chosen for offsets. */
    String offsetText(long offset) {
        return hexOffsets.get() ? "0x" + Long.toHexString(offset) : String.format("%,d", offset);
    }

    /** The status line: what the last action did or found. */
    StringProperty status() {
        return status;
    }
}

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
    private final BooleanProperty statusIsFailure = new SimpleBooleanProperty(this, "statusIsFailure", false);
    private final BooleanProperty hexOffsets = new SimpleBooleanProperty(this, "hexOffsets", true);
    private final Problems problems = new Problems();
    private final BooleanProperty strict = new SimpleBooleanProperty(this, "strict", false);

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

    /**
     * Whether reading stops at the first fault (a directory with a bad entry shows nothing, an
     * extraction stops), as the strict readers of old did; by default everything readable is shown.
     */
    BooleanProperty strict() {
        return strict;
    }

    /** The faults found so far in the open image. */
    Problems problems() {
        return problems;
    }

    /** Whether offsets and ranges are shown in hex (else decimal): one base everywhere. */
    BooleanProperty hexOffsets() {
        return hexOffsets;
    }

    /** {@code offset} in the base chosen for offsets. */
    String offsetText(long offset) {
        return hexOffsets.get() ? "0x" + Long.toHexString(offset) : String.format("%,d", offset);
    }

    /**
     * {@code offset} in the file, in the base chosen for offsets, and where it falls in a filesystem
     * that lies inside the file (an APEX's payload) its offset in that filesystem too:
     * {@code 0x1400 (0x400 in the payload)}.
     */
    String fileOffsetText(long offset) {
        ImageSession s = session.get();
        long inFilesystem = s == null ? -1 : s.image().offsetInFilesystem(offset);
        return offsetText(offset) + (inFilesystem < 0 ? "" : " (" + offsetText(inFilesystem) + " in the payload)");
    }

    /** The status line: what the last action did or found. */
    StringProperty status() {
        return status;
    }

    /** Whether the status line says that the last action failed (shown as an error; the next entry shown clears it). */
    BooleanProperty statusIsFailure() {
        return statusIsFailure;
    }

    /** The last action failed: says why in the status line, until the next action says something or an entry is shown. */
    void fail(String why) {
        status.set(why);
        statusIsFailure.set(true);
    }

    SharedSelection() {
        status.addListener((obs, old, text) -> statusIsFailure.set(false));
        view.addListener((obs, old, shown) -> {
            if (shown != null && statusIsFailure.get()) {
                status.set(""); // a good action since: the failure is no longer news
            }
        });
    }
}

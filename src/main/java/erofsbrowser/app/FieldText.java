package erofsbrowser.app;

import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.Field;
import erofsbrowser.image.FieldValue;

/** How the status bar names a byte's owner: {@code i_size of /bin/sh (le64 at 0x3b408) = 125688 (125,688 bytes)}. */
final class FieldText {
    private FieldText() {
    }

    static String of(ByteOwner owner, long offset, SharedSelection selection) {
        String at = selection.fileOffsetText(offset) + ": ";
        Field f = owner.field();
        if (f == null) {
            return at + owner.description();
        }
        String whose = owner.pathString() != null ? owner.pathString() : owner.structure().name();
        StringBuilder sb = new StringBuilder(at).append(f.name()).append(" of ").append(whose)
                .append(" (").append(width(f)).append(" at ").append(selection.offsetText(f.offset())).append(')');
        if (f.value() != null) {
            sb.append(" = ").append(DetailPaneController.valueText(f));
        }
        if (!f.meaning().isEmpty()) {
            sb.append(": ").append(f.meaning());
        }
        return sb.toString();
    }

    /** The field's encoding: le32, be16, u8, or its length in bytes. */
    static String width(Field f) {
        if (f.value() instanceof FieldValue.Unsigned u) {
            return u.width() == 1 ? "u8" : (u.bigEndian() ? "be" : "le") + (8 * u.width());
        }
        if (f.value() instanceof FieldValue.Varint) {
            return "varint";
        }
        return f.size() == 1 ? "1 byte" : f.size() + " bytes";
    }
}

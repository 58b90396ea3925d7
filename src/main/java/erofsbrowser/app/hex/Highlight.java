package erofsbrowser.app.hex;

import java.util.Objects;
import javafx.scene.paint.Color;

/**
 * A labelled byte range tinted in the hex view (a structure, a field, a search hit). The view
 * mixes {@code color} into its background (see {@link HexTheme#tint}) so that saturated colours
 * stay legible under the text in both themes. Tints are opaque: a later highlight covers an
 * earlier one where they overlap, so list an enclosing structure before its fields and give
 * them different colours (Wireshark tints the enclosing protocol lightly, the field strongly).
 */
public record Highlight(long offset, long length, Color color, String label) {

    public Highlight {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad highlight range " + offset + "+" + length);
        }
        Objects.requireNonNull(color, "color");
        label = label == null ? "" : label;
    }

    /** One past the last byte; saturates instead of overflowing for absurd lengths. */
    public long end() {
        long end = offset + length;
        return end < offset ? Long.MAX_VALUE : end;
    }

    public boolean contains(long position) {
        return position >= offset && position < end();
    }
}

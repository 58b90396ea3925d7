package erofsbrowser.app.hex;

import javafx.scene.paint.Color;

/**
 * The colours of a {@link HexView}. Two stock themes; a window with its own palette builds one
 * with the record constructor.
 *
 * @param tintOpacity how far a {@link Highlight} colour is mixed into the background (0..1), so
 *                    callers can pass saturated colours and the text on top stays readable
 */
public record HexTheme(
        Color background,
        Color gutterBackground,
        Color gridLine,
        Color headerText,
        Color offsetText,
        Color text,
        Color dimText,
        Color errorText,
        Color selection,
        Color caret,
        Color hover,
        double tintOpacity) {

    public static final HexTheme LIGHT = new HexTheme(
            Color.web("#ffffff"),
            Color.web("#f3f3f3"),
            Color.web("#d8d8d8"),
            Color.web("#7a7a7a"),
            Color.web("#6a6a8a"),
            Color.web("#1e1e1e"),
            Color.web("#a8a8a8"),
            Color.web("#c0392b"),
            Color.web("#1f5fd6", 0.45),
            Color.web("#123f99"),
            Color.web("#e08a00"),
            0.35);

    public static final HexTheme DARK = new HexTheme(
            Color.web("#1e1f22"),
            Color.web("#2b2d30"),
            Color.web("#3c3f41"),
            Color.web("#8c8c8c"),
            Color.web("#8f9fbf"),
            Color.web("#d4d4d4"),
            Color.web("#767676"),
            Color.web("#ff6b5b"),
            Color.web("#4f8ff7", 0.50),
            Color.web("#8ab4ff"),
            Color.web("#ffb74d"),
            0.32);

    /**
     * {@code color} as it is painted as a highlight background in this theme: mixed into the
     * background and opaque, so a field drawn over its enclosing structure shows its own colour
     * rather than a muddy blend of both.
     */
    public Color tint(Color color) {
        Color mixed = background.interpolate(color, tintOpacity * color.getOpacity());
        return new Color(mixed.getRed(), mixed.getGreen(), mixed.getBlue(), 1);
    }
}

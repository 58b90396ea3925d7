package erofsbrowser.app;

import erofsbrowser.image.Field;
import javafx.scene.paint.Color;

import java.util.Locale;

/**
 * The tint each kind of structure gets in the raw view, and its legend: one palette for every
 * format, chosen by the structure's name (the format's own: {@code erofs_inode_compact},
 * {@code ext4_inode}, {@code erofs_dirent}, ...).
 */
enum StructureTints {
    INODE("inode", Color.web("#ffb74d", 0.8)),
    XATTRS("xattrs", Color.web("#ce93d8", 0.75)),
    DIRENT("dirent", Color.web("#81d4fa", 0.8)),
    NAME("name", Color.web("#b3e5fc", 0.8)),
    MAP("data map", Color.web("#f48fb1", 0.7)),
    INLINE("inline data", Color.web("#fff59d", 0.85)),
    DIRECTORY("directory block", Color.web("#80cbc4", 0.55)),
    IMAGE("image structure", Color.web("#a5d6a7", 0.75)),
    DATA("data", Color.web("#c5e1a5", 0.6)),
    FIELD("selected field", Color.web("#ef5350", 0.85));

    private final String legend;
    private final Color color;

    StructureTints(String legend, Color color) {
        this.legend = legend;
        this.color = color;
    }

    String legend() {
        return legend;
    }

    Color color() {
        return color;
    }

    /** The tint of a structure, from its name. */
    static StructureTints of(Field structure) {
        String n = structure.name().toLowerCase(Locale.ROOT);
        if (n.contains("dirent") && n.contains("name") || n.equals("name")) {
            return NAME;
        }
        if (n.contains("directory block") || n.contains("dx_") || n.contains("htree")) {
            return DIRECTORY;
        }
        if (n.contains("dirent") || n.contains("dir_entry")) {
            return DIRENT;
        }
        if (n.contains("xattr")) {
            return XATTRS;
        }
        if (n.contains("inline")) {
            return INLINE;
        }
        if (n.contains("inode")) {
            return INODE;
        }
        if (n.contains("map") || n.contains("index") || n.contains("chunk") || n.contains("extent") || n.contains("block map")) {
            return MAP;
        }
        return IMAGE;
    }
}

package erofsbrowser.app;

import erofsbrowser.image.ByteRange;

import java.util.List;

/**
 * What the detail pane shows for a selection, computed in the background: field rows, the
 * extended attributes, the data extents, and the byte regions the raw view highlights.
 *
 * @param title      heading of the pane
 * @param fields     name/value rows
 * @param xattrs     extended attributes (empty for the image)
 * @param extents    where the data lives (empty when there is none)
 * @param regions    regions of the raw image to tint, with their legend name
 * @param scrollTo   the raw offset to bring into view (the inode), or -1
 */
public record Details(String title, List<Field> fields, List<XattrRow> xattrs, List<ExtentRow> extents,
                      List<Region> regions, long scrollTo) {

    /** One name/value row. */
    public record Field(String name, String value) {
    }

    /** One extended attribute, value shown as text where it is text and as hex otherwise. */
    public record XattrRow(String name, String value, String decoded, String where) {
    }

    /** One data extent: logical range, physical range, storage, algorithm and sizes. */
    public record ExtentRow(String logical, String physical, String storage, String algorithm, String sizes,
                            String ratio, ByteRange physicalRange) {
    }

    /** A tinted region of the raw image; {@code kind} picks the tint and names it in the legend. */
    public record Region(ByteRange range, RegionKind kind) {
    }

    /** The kinds of highlighted structures, each with its own tint. */
    public enum RegionKind {
        INODE("inode"),
        XATTRS("xattr area"),
        DIRENT("dirent in parent"),
        NAME("name in parent"),
        INLINE("inline data"),
        DATA("data"),
        SUPERBLOCK("superblock"),
        EXTENT("selected extent");

        private final String legend;

        RegionKind(String legend) {
            this.legend = legend;
        }

        public String legend() {
            return legend;
        }
    }
}

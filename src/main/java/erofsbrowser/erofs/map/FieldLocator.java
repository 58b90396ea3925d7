package erofsbrowser.erofs.map;

import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;

import java.util.List;

/**
 * Finds the fields under a byte: the region the map says holds it, dissected by its structure's
 * own dissector, then descended to the byte. An inode's structures are dissected once for a run
 * of lookups in the same inode (a hex view hovered or clicked byte after byte).
 */
final class FieldLocator {
    private final ErofsImage image;
    private volatile List<Field> imageStructures;
    /** The structures last dissected, and whose they are. */
    private volatile Cached last;

    private record Cached(long nid, boolean inodeOnly, List<Field> structures) {
    }

    FieldLocator(ErofsImage image) {
        this.image = image;
    }

    /** The fields over {@code offset} in region {@code row}, outermost first; empty when the region has no fields. */
    List<Field> fieldsAt(RegionColumns rows, int row, EntryTable entries, long offset) throws ImageException {
        List<Field> structures = switch (rows.kind(row)) {
            case SUPERBLOCK_FIELD, COMPRESSION_CONFIG, DEVICE_SLOT, LONG_XATTR_PREFIX -> imageStructures();
            case INODE -> inode(entries.nid(rows.owner(row)), true);
            case XATTR_AREA, MAP_HEADER, COMPRESSION_INDEX, CHUNK_INDEX, DIRECTORY_BLOCK, SHARED_XATTR ->
                    inode(entries.nid(rows.owner(row)), false);
            case INLINE_DATA, PCLUSTER -> inode(entries.nid(rows.owner(row)), false);
            // "." and ".." are read as part of their directory's block (the region around them).
            case DIRENT, DIRENT_NAME -> rows.extra(row) == RegionDescriber.PLAIN_NAME
                    ? image.direntStructures(entries.path(rows.owner(row))) : List.of();
            case FILE_DATA -> List.of();
        };
        for (Field s : structures) {
            if (s.contains(offset)) {
                return s.pathTo(offset);
            }
        }
        return List.of();
    }

    private List<Field> imageStructures() throws ImageException {
        List<Field> s = imageStructures;
        if (s == null) {
            s = List.copyOf(image.imageStructures());
            imageStructures = s;
        }
        return s;
    }

    private List<Field> inode(long nid, boolean inodeOnly) throws ImageException {
        Cached c = last;
        if (c != null && c.nid == nid && (!c.inodeOnly || inodeOnly)) {
            return c.structures;
        }
        List<Field> s = inodeOnly ? List.of(image.inodeFields(nid)) : image.inodeStructures(nid);
        last = new Cached(nid, inodeOnly, s);
        return s;
    }

}

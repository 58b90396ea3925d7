package erofsbrowser.erofs.map;

import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.ondisk.DirectoryBlockFields;
import erofsbrowser.erofs.ondisk.DirentFields;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the fields under a byte: the region the map says holds it, dissected alone by its
 * structure's own dissector (an inode, an xattr area, one directory block, a dirent from its 12
 * bytes), then descended to the byte. The last structures dissected are kept for a run of
 * lookups in the same place (a hex view hovered or clicked byte after byte).
 */
final class FieldLocator {
    private final ErofsImage image;
    private volatile List<Field> imageStructures;
    /** The structures last dissected, and for which region. */
    private volatile Cached last;

    private record Cached(int row, List<Field> structures) {
    }

    FieldLocator(ErofsImage image) {
        this.image = image;
    }

    /** The fields over {@code offset} in region {@code row}, outermost first; empty when the region has no fields. */
    List<Field> fieldsAt(RegionColumns rows, int row, EntryTable entries, long offset) throws ImageException {
        Cached c = last;
        List<Field> structures;
        if (c != null && c.row == row) {
            structures = c.structures;
        } else {
            structures = dissect(rows, row, entries);
            last = new Cached(row, structures);
        }
        for (Field s : structures) {
            if (s.contains(offset)) {
                return s.pathTo(offset);
            }
        }
        return List.of();
    }

    private List<Field> dissect(RegionColumns rows, int row, EntryTable entries) throws ImageException {
        int owner = rows.owner(row);
        long nid = owner >= 0 ? entries.nid(owner) : -1;
        ByteRange range = rows.range(row);
        return switch (rows.kind(row)) {
            case SUPERBLOCK_FIELD, COMPRESSION_CONFIG, DEVICE_SLOT, LONG_XATTR_PREFIX -> imageStructures();
            case INODE -> List.of(image.inodeFields(nid));
            case XATTR_AREA -> image.xattrAreaFields(nid);
            case SHARED_XATTR -> image.sharedXattrFields(nid);
            case MAP_HEADER, COMPRESSION_INDEX, CHUNK_INDEX, INLINE_DATA, PCLUSTER -> image.dataMapFields(nid);
            case DIRECTORY_BLOCK -> List.of(DirectoryBlockFields.dissect((int) rows.detail(row), range.offset(), read(range)));
            // "." and ".." are read as part of their directory's block (the region around them).
            case DIRENT -> rows.extra(row) == RegionDescriber.PLAIN_NAME
                    ? List.of(DirentFields.raw(range.offset(), read(range), lastName(entries.path(owner)))) : List.of();
            case DIRENT_NAME -> rows.extra(row) == RegionDescriber.PLAIN_NAME
                    ? List.of(DirentFields.name(range.offset(), read(range))) : List.of();
            case FILE_DATA -> List.of();
        };
    }

    private byte[] read(ByteRange range) throws ImageException {
        return image.primary().read(range.offset(), (int) Math.min(range.length(), Integer.MAX_VALUE - 8));
    }

    private static String lastName(byte[] path) {
        int slash = path.length - 1;
        while (slash > 0 && path[slash] != '/') {
            slash--;
        }
        return new String(Arrays.copyOfRange(path, slash + 1, path.length), StandardCharsets.UTF_8);
    }

    private List<Field> imageStructures() throws ImageException {
        List<Field> s = imageStructures;
        if (s == null) {
            s = List.copyOf(image.imageStructures());
            imageStructures = s;
        }
        return s;
    }
}

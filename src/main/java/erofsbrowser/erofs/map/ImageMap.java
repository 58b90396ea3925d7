package erofsbrowser.erofs.map;

import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Who owns each byte of an image: every on-disk structure in the primary image as an
 * {@link ImageRegion}, found by byte offset or by inode. For a hex view that names what a clicked
 * byte is and highlights everything that belongs to the selected entry.
 *
 * <p>Regions nest (a dirent inside a directory block) and may overlap where the format shares
 * bytes: a deduplicated pcluster or a shared xattr is one region with several owners, and chunked
 * files may share block runs. Lookups by offset take O(log n) and return every region containing
 * the byte.
 *
 * <p>Regions are held in sorted primitive columns and their texts made on demand, so a map of a
 * large image costs tens of bytes per region. Immutable: safe to query from any thread.
 */
public final class ImageMap implements ByteOwnerMap {
    private final RegionColumns regions;
    private final EntryTable entries;
    private final RegionDescriber describer;
    private final IntervalIndex byOffset;
    private final NidIndex byNid;
    private final List<ImageException> problems;
    private final FieldLocator fields;

    ImageMap(ErofsImage image, RegionColumns regions, EntryTable entries, RegionDescriber describer,
             List<ImageException> problems, BooleanSupplier cancelled) {
        this.fields = new FieldLocator(image);
        this.regions = regions;
        this.entries = entries;
        this.describer = describer;
        this.problems = problems;
        this.byOffset = regions.intervalIndex();
        RegionCollector.throwIfCancelled(cancelled);
        this.byNid = new NidIndex(entries, regions);
    }

    /**
     * Walks the whole image and maps every structure stored in it. Checks {@code cancelled} for
     * every entry (and inside large files) and throws {@link CancellationException} once it is set.
     * Problems confined to one inode are collected in {@link #problems()}, not thrown.
     *
     * @throws ImageException when the tree itself cannot be walked (a corrupt directory)
     */
    public static ImageMap build(ErofsImage image, BooleanSupplier cancelled) throws ImageException {
        return RegionCollector.collect(image, cancelled);
    }

    /**
     * What owns byte {@code offset}: the innermost region holding it, and the fields down to the
     * byte, from the dissector of the innermost region that has fields (a dirent's bytes are
     * dissected as part of its directory block). Null for an unused byte.
     */
    @Override
    public ByteOwner at(long offset) throws ImageException {
        int[] rows = byOffset.at(offset);
        if (rows.length == 0) {
            return null;
        }
        ImageRegion innermost = region(rows[rows.length - 1]);
        List<Field> path = List.of();
        for (int k = rows.length - 1; k >= 0 && path.isEmpty(); k--) {
            path = fields.fieldsAt(regions, rows[k], entries, offset);
        }
        return new ByteOwner(innermost.range(), innermost.description(), innermost.path(), path);
    }

    /** Every region containing byte {@code offset}, outermost first; empty for an unused byte. */
    public List<ImageRegion> regionsAt(long offset) {
        return regionsAt(byOffset.at(offset));
    }

    /** The innermost region containing byte {@code offset}, or null when the byte is unused. */
    public ImageRegion innermostAt(long offset) {
        int row = byOffset.innermostAt(offset);
        return row < 0 ? null : region(row);
    }

    /**
     * Everything that belongs to inode {@code nid}, in image order: its inode, xattr area, the
     * shared xattrs it uses, the dirents naming it (one per hard link), its layout metadata
     * (map header, indexes, chunk table), directory blocks and data or pclusters. A directory
     * also owns the "." and ".." dirents inside its blocks.
     */
    public List<ImageRegion> regionsOf(long nid) {
        return regionsAt(byNid.rowsOf(nid));
    }

    /** Number of regions. */
    public int size() {
        return regions.size();
    }

    /** Region number {@code index}, counting in image order (by start, containers first). */
    public ImageRegion region(int index) {
        ImageRegion.Kind kind = regions.kind(index);
        int owner = regions.owner(index);
        // A shared xattr belongs to all its users alike: selecting one of them would mislead.
        boolean owned = owner >= 0 && kind != ImageRegion.Kind.SHARED_XATTR;
        return new ImageRegion(regions.range(index), kind, describer.describe(regions, index, entries),
                owned ? entries.path(owner) : null, owned ? entries.nid(owner) : -1);
    }

    /**
     * Problems confined to single inodes that left some of their structures unmapped (at most
     * the first {@value RegionCollector#MAX_PROBLEMS}); empty for a sound image.
     */
    @Override
    public List<ImageException> problems() {
        return problems;
    }

    private List<ImageRegion> regionsAt(int[] rows) {
        List<ImageRegion> list = new ArrayList<>(rows.length);
        for (int row : rows) {
            list.add(region(row));
        }
        return List.copyOf(list);
    }
}

package erofsbrowser.erofs.map;

import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.data.ChunkedData;
import erofsbrowser.erofs.data.CompressedData;
import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.erofs.ondisk.ChunkIndex;
import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.ondisk.DataLayout;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.DirectoryBlock;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.IndexArea;
import erofsbrowser.erofs.ondisk.MapHeader;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.SuperblockField;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.erofs.ondisk.XattrPrefix;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.map.ImageRegion.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Walks an image once and records every on-disk structure that lives in the primary image
 * (device 0) as a region: superblock fields and the tables after it, then for each inode its
 * inode, xattrs, dirents, layout metadata and data.
 *
 * <p>What is left out, because its bytes are not in the primary image as such: structures inside
 * the metabox (inodes whose nid has bit 63 set, their inline data and indexes), data on extra
 * devices (also through unified addressing), fragments (they are bytes of the packed inode's
 * data, whose own pclusters are mapped instead), and dirents of compressed directories.
 *
 * <p>Problems confined to one inode (a corrupt index, a bad xattr) are recorded and the walk goes
 * on: a hex view of a damaged image is when the map matters most. A directory the walk cannot
 * read still fails the whole build, as it fails {@link ErofsImage#walk}.
 */
final class RegionCollector {
    /** Problems kept for display; later ones are dropped, since a corrupt image may have thousands. */
    static final int MAX_PROBLEMS = 100;
    /** Extents between cancellation checks inside one (possibly huge) file. */
    private static final int EXTENTS_PER_CHECK = 1024;

    private final ErofsImage image;
    private final Superblock sb;
    private final BooleanSupplier cancelled;
    private final long imageLength;
    /** Unified-address windows: device-0 addresses that are really on an extra device. */
    private final List<ByteRange> foreignWindows = new ArrayList<>();
    private final RegionTable regions = new RegionTable();
    private final EntryTable entries = new EntryTable();
    /** Nids of hard-linked inodes already mapped. */
    private final Set<Long> linkedInodes = new HashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Long, Integer> sharedXattrNotes = new HashMap<>();
    private final List<ImageException> problems = new ArrayList<>();
    private List<XattrPrefix> plainPrefixes = List.of();
    private int fragmentFiles;

    private RegionCollector(ErofsImage image, BooleanSupplier cancelled) {
        this.image = image;
        this.sb = image.superblock();
        this.cancelled = cancelled;
        this.imageLength = image.primary().length();
        for (DeviceSlot slot : image.deviceSlots()) {
            if (slot.uniaddr() != 0) {
                foreignWindows.add(new ByteRange(sb.blockOffset(slot.uniaddr()), sb.blockOffset(slot.blocks())));
            }
        }
    }

    static ImageMap collect(ErofsImage image, BooleanSupplier cancelled) throws ImageException {
        RegionCollector c = new RegionCollector(image, cancelled);
        c.checkCancelled();
        c.imageTables();
        c.hiddenInode(c.sb.packedNid());
        c.hiddenInode(c.sb.metaboxNid());
        image.walkEntries(image.root(), c::visit);
        c.checkCancelled();
        RegionColumns columns = c.regions.freeze();
        RegionDescriber describer = new RegionDescriber(image.compressionConfigs(), image.deviceSlots(),
                c.plainPrefixes, List.copyOf(c.notes), c.sb.packedNid(), c.sb.metaboxNid(), c.fragmentFiles);
        c.checkCancelled();
        return new ImageMap(image, columns, c.entries.trimmed(), describer, List.copyOf(c.problems), cancelled);
    }

    private void checkCancelled() {
        throwIfCancelled(cancelled);
    }

    static void throwIfCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("building the image map was cancelled");
        }
    }

    private void problem(ImageException e) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(e);
        }
    }

    // ---- image-wide tables ------------------------------------------------------------------

    private void imageTables() {
        for (SuperblockField f : SuperblockField.presentIn(sb)) {
            emit(f.range(), Kind.SUPERBLOCK_FIELD, -1, f.ordinal(), 0);
        }
        List<CompressionConfig> configs = image.compressionConfigs();
        for (int i = 0; i < configs.size(); i++) {
            emit(configs.get(i).range(), Kind.COMPRESSION_CONFIG, -1, i, 0);
        }
        List<DeviceSlot> slots = image.deviceSlots();
        for (int i = 0; i < slots.size(); i++) {
            emit(slots.get(i).range(), Kind.DEVICE_SLOT, -1, i, 0);
        }
        // The same choice ErofsImage.xattrPrefixes makes: only this case reads the table from the image.
        boolean prefixesInImage = sb.has(Feature.PLAIN_XATTR_PFX)
                || (!sb.has(Feature.METABOX) && sb.packedNid() == 0);
        if (prefixesInImage) {
            try {
                plainPrefixes = image.xattrPrefixes();
                for (XattrPrefix p : plainPrefixes) {
                    emit(p.range(), Kind.LONG_XATTR_PREFIX, -1, p.index(), 0);
                }
            } catch (ImageException e) {
                problem(e);
            }
        }
    }

    /** The packed or metabox inode: no path leads to it, but its inode and data are in the image. */
    private void hiddenInode(long nid) {
        if (nid == 0) {
            return;
        }
        try {
            Inode inode = image.inode(nid);
            inodeRegions(inode, entries.add(null, nid));
        } catch (ImageException e) {
            problem(e);
        }
    }

    // ---- the tree -----------------------------------------------------------------------------

    private void visit(Entry entry) {
        checkCancelled();
        int owner = entries.add(entry.path(), entry.nid());
        if (entry.dirent() != null) {
            direntRegions(entry.dirent(), owner, RegionDescriber.PLAIN_NAME);
        }
        // A hard-linked inode is mapped once, under the first path that reaches it. Only inodes
        // that say they have several links are remembered: the set would otherwise hold every
        // nid, and a lying nlink costs nothing worse than identical regions, which merge.
        Inode inode = entry.inode();
        boolean linked = inode.nlink() > 1 && !inode.isDirectory();
        if (!linked || linkedInodes.add(entry.nid())) {
            inodeRegions(inode, owner);
        }
    }

    /** The dirent and its name; both ranges are null when the directory is not stored plainly. */
    private void direntRegions(Dirent d, int owner, int name) {
        if (d.range() != null) {
            emit(d.range(), Kind.DIRENT, owner, 0, name);
        }
        if (d.nameRange() != null) {
            emit(d.nameRange(), Kind.DIRENT_NAME, owner, 0, name);
        }
    }

    private void inodeRegions(Inode inode, int owner) {
        if (!inode.inMetabox()) {
            emit(inode.range(), Kind.INODE, owner, 0, 0);
            emit(inode.xattrAreaRange(), Kind.XATTR_AREA, owner, 0, 0);
        }
        if (inode.xattrCount() > 0 && !sb.has(Feature.SHARED_EA_IN_METABOX)) {
            try {
                sharedXattrs(inode, owner);
            } catch (ImageException e) {
                problem(e.atNid(inode.nid()));
            }
        }
        try {
            FileData data = image.data(inode);
            if (!inode.inMetabox()) {
                layoutRegions(data, owner);
            }
            if (!inode.isDirectory() || !directoryBlockRegions(inode, owner)) {
                extentRegions(data, owner);
            }
        } catch (ImageException e) {
            problem(e.atNid(inode.nid()));
        }
    }

    private void sharedXattrs(Inode inode, int owner) throws ImageException {
        for (Xattr x : image.xattrArea(inode).xattrs()) {
            if (x.isShared()) {
                int note = sharedXattrNotes.computeIfAbsent(x.sharedId(), id -> {
                    notes.add(x.nameString());
                    return notes.size() - 1;
                });
                emit(x.range(), Kind.SHARED_XATTR, owner, x.sharedId(), note);
            }
        }
    }

    /**
     * A directory whose blocks are all stored plainly in the image: each block, and the "." and
     * ".." dirents in it (the other dirents are mapped with the entries they name). Returns false,
     * mapping nothing, when some block is not (compressed, in the metabox, on another device).
     */
    private boolean directoryBlockRegions(Inode dir, int owner) throws ImageException {
        List<DirectoryBlock> blocks = image.directoryBlocks(dir);
        if (blocks.isEmpty() || blocks.stream().anyMatch(b -> b.range() == null)) {
            return false;
        }
        int last = blocks.size() - 1;
        for (DirectoryBlock b : blocks) {
            boolean inline = dir.layout() == DataLayout.FLAT_INLINE && b.index() == last;
            emit(b.range(), Kind.DIRECTORY_BLOCK, owner, b.index(), inline ? 1 : 0);
            for (Dirent d : b.dirents()) {
                if (d.isDot()) {
                    direntRegions(d, owner, RegionDescriber.DOT);
                } else if (d.isDotDot()) {
                    direntRegions(d, owner, RegionDescriber.DOT_DOT);
                }
            }
        }
        return true;
    }

    // ---- data layouts -------------------------------------------------------------------------

    /** What a layout stores after the inode to find the data: compression map, chunk table. */
    private void layoutRegions(FileData data, int owner) throws ImageException {
        if (data instanceof CompressedData compressed) {
            compressionMap(compressed, owner);
        } else if (data instanceof ChunkedData chunked) {
            chunkTable(chunked, owner);
        }
    }

    private void compressionMap(CompressedData data, int owner) throws ImageException {
        MapHeader h = data.header();
        emit(h.range(), Kind.MAP_HEADER, owner, 0, h.wholeFileFragment() ? 1 : 0);
        IndexArea area = IndexArea.of(data.inode(), h, sb.blkszbits());
        int form = switch (area.layout()) {
            case NONE -> -1;
            case FULL -> RegionDescriber.FULL_INDEXES;
            case COMPACT -> RegionDescriber.COMPACT_INDEXES;
            case EXTENTS -> RegionDescriber.EXTENT_RECORDS;
        };
        if (form >= 0) {
            emit(area.range(), Kind.COMPRESSION_INDEX, owner, area.count(), form);
        }
    }


    private void chunkTable(ChunkedData data, int owner) throws ImageException {
        long count = (data.size() + data.chunkSize() - 1) / data.chunkSize();
        if (count == 0) {
            return;
        }
        ChunkIndex first = data.chunkIndex(0);
        ChunkIndex last = data.chunkIndex((int) (count - 1));
        emit(first.range().offset(), last.range().end(), Kind.CHUNK_INDEX, owner, count, (int) first.range().length());
    }

    private void extentRegions(FileData data, int owner) throws ImageException {
        Inode inode = data.inode();
        boolean compressed = inode.layout().isCompressed();
        // Chunks are the unit deduplication shares between files, and extents merge runs of
        // them: mapped chunk by chunk, a shared chunk has the same range in every file using it
        // (one region with all owners) instead of runs that partly overlap. RegionTable joins
        // the unshared pieces back into runs.
        long piece = data instanceof ChunkedData chunked ? chunked.chunkSize() : Long.MAX_VALUE;
        boolean fragment = false;
        int seen = 0;
        for (DataExtent e : data.extents()) {
            if (++seen % EXTENTS_PER_CHECK == 0) {
                checkCancelled();
            }
            switch (e.storage()) {
                case HOLE -> { }
                case FRAGMENT -> fragment = true;
                case INLINE -> {
                    if (!inode.inMetabox()) {
                        extentRegion(e, compressed, true, owner);
                    }
                }
                case BLOCKS -> {
                    if (e.device() != 0) {
                        continue; // on an extra device
                    }
                    if (compressed) {
                        extentRegion(e, true, false, owner);
                    } else {
                        for (long at = 0; at < e.length(); at += piece) {
                            long n = Math.min(piece, e.length() - at);
                            emit(e.physical().offset() + at, e.physical().offset() + at + n, Kind.FILE_DATA, owner,
                                    e.logicalOffset() + at, 0);
                        }
                    }
                }
            }
        }
        if (fragment) {
            fragmentFiles++;
        }
    }

    private void extentRegion(DataExtent e, boolean compressed, boolean inline, int owner) {
        if (compressed) {
            emit(e.physical(), Kind.PCLUSTER, owner, e.logicalOffset(),
                    RegionDescriber.pclusterExtra(e.length(), e.algorithm(), inline, e.partialReference()));
        } else {
            emit(e.physical(), inline ? Kind.INLINE_DATA : Kind.FILE_DATA, owner, e.logicalOffset(), 0);
        }
    }

    // ---- recording ------------------------------------------------------------------------------

    private void emit(ByteRange range, Kind kind, int owner, long detail, int extra) {
        emit(range.offset(), range.end(), kind, owner, detail, extra);
    }

    private void emit(long start, long end, Kind kind, int owner, long detail, int extra) {
        if (end <= start) {
            return;
        }
        for (ByteRange w : foreignWindows) {
            if (start < w.end() && end > w.offset()) {
                return; // on an extra device, reached through unified addressing
            }
        }
        if (start < 0 || end > imageLength) {
            String what = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " at " + start + ".." + end
                    + " lies outside the image (" + imageLength + " bytes)";
            problem(owner >= 0 ? new ImageException(what, start, entries.nid(owner)) : new ImageException(what, start));
            return;
        }
        regions.add(start, end, kind, owner, detail, extra);
    }
}

package erofsbrowser.erofs;

import erofsbrowser.erofs.data.ChunkedData;
import erofsbrowser.erofs.data.CompressedData;
import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.data.Decompressor;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.erofs.io.PclusterCache;
import erofsbrowser.erofs.map.ImageMap;
import erofsbrowser.image.InodeSet;
import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.DirectoryBlock;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.erofs.ondisk.XattrArea;
import erofsbrowser.erofs.ondisk.XattrPrefix;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Node;
import erofsbrowser.image.StoredSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * An opened EROFS image: the entry point of the reader. Reads the superblock on open, then
 * inodes, directories, xattrs and file data on demand. Read-only and safe for concurrent use.
 *
 * <p>Every problem with the image's content is an {@link ImageException} naming what and where.
 */
public final class ErofsImage implements FileSystemImage {
    /** Decompressed pclusters kept for reuse, shared by all threads reading the image. */
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;

    private final Storage storage;
    private final Superblock superblock;
    private final List<CompressionConfig> compressionConfigs;
    private final Directories directories;
    private final Xattrs xattrs;
    /** Each thread's buffer for reading inodes: a walk reads tens of thousands. */
    private final ThreadLocal<byte[]> inodeScratch = ThreadLocal.withInitial(() -> new byte[64]);

    private ErofsImage(ImageSource primary, List<ImageSource> extraDevices, long cacheBytes) throws ImageException {
        this.superblock = Superblock.read(primary);
        this.compressionConfigs = CompressionConfig.readAll(primary, superblock);
        this.storage = new Storage(primary, extraDevices, superblock, cacheBytes);
        this.directories = new Directories(this, storage);
        this.xattrs = new Xattrs(this, storage);
    }

    /** Opens an image read from {@code primary}, with extra devices 1, 2, ... in order. */
    public static ErofsImage open(ImageSource primary, List<ImageSource> extraDevices) throws ImageException {
        return new ErofsImage(primary, extraDevices, DEFAULT_CACHE_BYTES);
    }

    /** Like {@link #open(ImageSource, List)}, keeping at most {@code cacheBytes} of decompressed data. */
    public static ErofsImage open(ImageSource primary, List<ImageSource> extraDevices, long cacheBytes)
            throws ImageException {
        return new ErofsImage(primary, extraDevices, cacheBytes);
    }

    /**
     * Opens the image in {@code file} starting at byte {@code offset}, with extra device files.
     * The files stay open until {@link #close()}.
     */
    public static ErofsImage open(Path file, long offset, List<Path> devices) throws IOException, ImageException {
        List<ImageSource> opened = new ArrayList<>();
        try {
            ImageSource primary = ImageSource.open(file, offset);
            opened.add(primary);
            List<ImageSource> extra = new ArrayList<>();
            for (Path d : devices) {
                ImageSource s = ImageSource.open(d);
                opened.add(s);
                extra.add(s);
            }
            return new ErofsImage(primary, extra, DEFAULT_CACHE_BYTES);
        } catch (IOException | ImageException | RuntimeException e) {
            for (ImageSource s : opened) {
                s.close();
            }
            throw e;
        }
    }

    public static ErofsImage open(Path file) throws IOException, ImageException {
        return open(file, 0, List.of());
    }

    public Superblock superblock() {
        return superblock;
    }

    public ImageSource primary() {
        return storage.primary();
    }

    public List<CompressionConfig> compressionConfigs() {
        return compressionConfigs;
    }

    public List<DeviceSlot> deviceSlots() {
        return storage.deviceSlots();
    }

    // ---- the format-neutral view ------------------------------------------------------------

    @Override
    public String formatName() {
        return "EROFS";
    }

    @Override
    public List<erofsbrowser.image.Fact> facts() throws ImageException {
        return SuperblockFacts.of(this);
    }

    @Override
    public ImageSource source() {
        return storage.primary();
    }

    /** {@code node} as this reader's entry: nodes come back only to the image that made them. */
    private static Entry entry(Node node) {
        if (node instanceof Entry e) {
            return e;
        }
        throw new IllegalArgumentException("not an entry of an EROFS image: " + node.pathString());
    }

    @Override
    public List<Entry> list(Node directory) throws ImageException {
        return children(entry(directory));
    }

    @Override
    public Listing listing(Node directory) {
        return directories.listing(entry(directory));
    }

    @Override
    public List<ExtendedAttribute> xattrs(Node node) throws ImageException {
        List<ExtendedAttribute> list = new ArrayList<>();
        for (Xattr x : xattrs(entry(node).inode())) {
            list.add(new ExtendedAttribute(x.name(), x.value()));
        }
        return list;
    }

    @Override
    public byte[] linkTarget(Node symlink) throws ImageException {
        return symlinkTarget(entry(symlink).inode());
    }

    @Override
    public FileData content(Node node) throws ImageException {
        return data(entry(node).inode());
    }

    @Override
    public List<DataRun> dataRuns(Node node) throws ImageException {
        List<DataRun> runs = new ArrayList<>();
        for (DataExtent e : content(node).extents()) {
            String compression = e.algorithm() == null ? "" : e.algorithm().formatName();
            runs.add(switch (e.storage()) {
                case HOLE -> new DataRun(e.logicalOffset(), e.length(), null, "", "hole");
                case FRAGMENT -> new DataRun(e.logicalOffset(), e.length(), null, compression,
                        "in the packed inode at " + e.physical().offset());
                case INLINE -> new DataRun(e.logicalOffset(), e.length(), entry(node).inode().inMetabox() ? null : e.physical(),
                        compression, entry(node).inode().inMetabox() ? "inline, in the metabox" : "inline after the inode");
                case BLOCKS -> e.device() == 0
                        ? new DataRun(e.logicalOffset(), e.length(), e.physical(), compression,
                                e.partialReference() ? "blocks (pcluster shared with other data)" : "blocks")
                        : new DataRun(e.logicalOffset(), e.length(), null, compression,
                                "on extra device " + e.device() + " at " + e.physical().offset());
            });
        }
        return runs;
    }

    @Override
    public StoredSize storedSize(Node node) throws ImageException {
        Inode inode = entry(node).inode();
        return switch (inode.type()) {
            case FILE, DIR, SYMLINK -> {
                FileData data = data(inode);
                if (data instanceof CompressedData c) {
                    yield new StoredSize(c.storedInImage(), c.wholeFileIsFragment() ? "all in the packed inode"
                            : c.hasFragment() ? "tail in the packed inode" : "");
                }
                if (data instanceof ChunkedData && storage.extraDeviceCount() > 0) {
                    yield new StoredSize(inode.size(), "chunks may lie on extra devices");
                }
                yield new StoredSize(inode.size(), "");
            }
            default -> new StoredSize(0, "");
        };
    }

    @Override
    public List<String> warnings() {
        if (superblock.checksumStatus() != Superblock.ChecksumStatus.MISMATCH) {
            return List.of();
        }
        return List.of(String.format("The superblock checksum does not match (stored 0x%08x, computed 0x%08x): the image "
                + "may be damaged, or was made by an old mkfs.erofs. It is shown as it is.", superblock.checksum(),
                superblock.computedChecksum()));
    }

    @Override
    public List<Field> imageStructures() throws ImageException {
        return Dissection.imageStructures(this);
    }

    @Override
    public List<Field> structures(Node node) throws ImageException {
        return Dissection.structures(this, entry(node));
    }

    /**
     * The structures of inode {@code nid} alone (no dirent): its inode, xattrs, data map, inline
     * data, directory blocks and shared xattrs. For inodes no path leads to (packed, metabox) and
     * for the byte ownership map, which knows inodes by nid.
     */
    public List<Field> inodeStructures(long nid) throws ImageException {
        return Dissection.inodeStructures(this, inode(nid));
    }

    /** The fields of inode {@code nid}'s on-disk inode structure only: the cheap part of {@link #inodeStructures}. */
    public Field inodeFields(long nid) throws ImageException {
        return Dissection.inode(this, inode(nid));
    }

    /** Inode {@code nid}'s inline xattr area, alone (empty when it has none). */
    public List<Field> xattrAreaFields(long nid) throws ImageException {
        return Dissection.xattrArea(this, inode(nid));
    }

    /** Inode {@code nid}'s data map and inline data, alone. */
    public List<Field> dataMapFields(long nid) throws ImageException {
        return Dissection.dataMap(this, inode(nid));
    }

    /** Inode {@code nid}'s shared xattr entries, alone. */
    public List<Field> sharedXattrFields(long nid) throws ImageException {
        return Dissection.sharedXattrs(this, inode(nid));
    }

    @Override
    public ImageMap buildOwnerMap(BooleanSupplier cancelled) throws ImageException {
        return ImageMap.build(this, cancelled);
    }

    @Override
    public void walk(Node start, Visitor visitor) throws ImageException {
        walkEntries(entry(start), visitor::visit);
    }

    @Override
    public void close() {
        storage.close();
    }

    // ---- inodes ----------------------------------------------------------------------------

    public Inode inode(long nid) throws ImageException {
        try {
            MetadataReader meta = nid < 0 ? storage.metabox() : storage.primaryMetadata();
            return Inode.read(meta, superblock, nid, inodeScratch.get());
        } catch (ImageException e) {
            throw e.atNid(nid);
        }
    }

    public Inode rootInode() throws ImageException {
        Inode root = inode(superblock.rootNid());
        if (!root.isDirectory()) {
            throw new ImageException("root inode is not a directory", root.offset(), root.nid());
        }
        return root;
    }

    public Entry root() throws ImageException {
        Inode root = rootInode();
        return new Entry(Entry.ROOT_PATH, root, null, root.nid());
    }

    /** Where the metadata of {@code inode} (xattrs, inline data, indexes) is read from: the image or the metabox. */
    public MetadataReader metadata(Inode inode) throws ImageException {
        return storage.metadata(inode);
    }

    // ---- data -------------------------------------------------------------------------------

    /** The decompressed pclusters kept for reuse by all readers of this image. */
    PclusterCache pclusterCache() {
        return storage.pclusterCache();
    }

    /** The data of {@code inode}, read through its layout. */
    public FileData data(Inode inode) throws ImageException {
        return storage.data(inode);
    }

    /**
     * Starts loading the LZ4 decoder on a background thread when the image may use it: lz4-java
     * unpacks and loads its native library on first use (40 to 50 ms), which would otherwise hold
     * up the first reads of compressed files. For callers about to read many files.
     */
    public void prepareDecoders() {
        if (storage.declaredAlgorithms().contains(CompressionAlgorithm.LZ4)) {
            Thread loader = new Thread(Decompressor::load, "lz4-load");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** A symlink's target bytes. */
    public byte[] symlinkTarget(Inode inode) throws ImageException {
        if (inode.type() != FileType.SYMLINK) {
            throw new ImageException("not a symlink", inode.offset(), inode.nid());
        }
        if (inode.size() > 4096) {
            throw new ImageException("symlink target of " + inode.size() + " bytes is longer than PATH_MAX",
                    inode.offset() + 8, inode.nid());
        }
        if (inode.size() == 0) {
            // No system call makes one, and no link can be made of it: the inode is damaged.
            throw new ImageException("symlink with an empty target (i_size 0)", inode.offset() + 8, inode.nid());
        }
        return data(inode).readFully(0, (int) inode.size());
    }

    // ---- directories ------------------------------------------------------------------------

    /** The blocks of directory {@code dir}, parsed and checked for order. */
    public List<DirectoryBlock> directoryBlocks(Inode dir) throws ImageException {
        return directories.directoryBlocks(dir);
    }

    /**
     * The blocks of a directory stored plainly, going on past bad dirents: each is left out of its
     * block and added to {@code faults}. A block that cannot be read or parsed at all fails.
     */
    public List<DirectoryBlock> directoryBlocksPast(Inode dir, List<erofsbrowser.image.Fault> faults) throws ImageException {
        return directories.directoryBlocksPast(dir, faults);
    }

    /** All dirents of {@code dir}, "." and ".." included, in on-disk (sorted) order. */
    public List<Dirent> dirents(Inode dir) throws ImageException {
        return directories.dirents(dir);
    }

    /** The entries of directory {@code dir}, without "." and "..", in name order. */
    public List<Entry> children(Entry dir) throws ImageException {
        return directories.children(dir);
    }

    /**
     * The entry at absolute {@code path} ("/" separated; empty components and "." ignored), found
     * by binary search over each directory's sorted names as the kernel does. Null if absent.
     */
    public Entry lookup(String path) throws ImageException {
        return lookup(path.getBytes(StandardCharsets.UTF_8));
    }

    public Entry lookup(byte[] path) throws ImageException {
        Entry current = root();
        int i = 0;
        while (i < path.length) {
            int j = i;
            while (j < path.length && path[j] != '/') {
                j++;
            }
            byte[] name = Arrays.copyOfRange(path, i, j);
            i = j + 1;
            if (name.length == 0 || (name.length == 1 && name[0] == '.')) {
                continue;
            }
            if (!current.inode().isDirectory()) {
                return null;
            }
            Dirent d = directories.find(current.inode(), name);
            if (d == null) {
                return null;
            }
            byte[] childPath = d.isDotDot() ? null : current.childPath(name);
            if (childPath == null) {
                throw new ImageException("\"..\" is not supported in image paths", 0);
            }
            try {
                current = new Entry(childPath, inode(d.nid()), d, current.nid());
            } catch (ImageException e) {
                throw e.atPath(new String(childPath, StandardCharsets.UTF_8));
            }
        }
        return current;
    }

    /** The error for directory {@code dir}, which a walk reaches a second time at {@code path}. */
    public static ImageException directoryLoop(Inode dir, String path) {
        return new ImageException("directory loop: the directory at nid " + Long.toUnsignedString(dir.nid())
                + " is reached a second time", dir.offset(), dir.nid()).atPath(path);
    }

    /** Receives entries from {@link #walkEntries}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(Entry entry) throws ImageException;
    }

    /**
     * Visits {@code start} and everything below it, depth first, each directory's entries in name
     * order (so, in {@link Entry#WALK_ORDER}). A directory reached twice (a loop in a corrupt image)
     * is an error.
     */
    public void walkEntries(Entry start, EntryVisitor visitor) throws ImageException {
        InodeSet visitedDirs = new InodeSet();
        Deque<Entry> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            Entry e = stack.pop();
            visitor.visit(e);
            if (e.inode().isDirectory()) {
                if (!visitedDirs.add(e.nid())) {
                    throw directoryLoop(e.inode(), e.pathString());
                }
                List<Entry> children = children(e);
                for (int k = children.size() - 1; k >= 0; k--) {
                    stack.push(children.get(k));
                }
            }
        }
    }

    // ---- xattrs -----------------------------------------------------------------------------

    public XattrArea xattrArea(Inode inode) throws ImageException {
        return xattrs.area(inode);
    }

    /** The inode's extended attributes: inline ones first, then shared ones. */
    public List<Xattr> xattrs(Inode inode) throws ImageException {
        return xattrArea(inode).xattrs();
    }

    /** Where shared xattr {@code id} starts. */
    public long sharedXattrPosition(long id) {
        return xattrs.sharedPosition(id);
    }

    /** The long xattr name prefixes, read from wherever the image keeps them. */
    public List<XattrPrefix> xattrPrefixes() throws ImageException {
        return xattrs.prefixes();
    }
}

package erofsbrowser.core;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * An opened EROFS image: the entry point of the reader. Reads the superblock on open, then
 * inodes, directories, xattrs and file data on demand. Read-only and safe for concurrent use.
 *
 * <p>Every problem with the image's content is an {@link ImageException} naming what and where.
 */
public final class ErofsImage implements FileSystemImage {
    /** Deeper paths than this are refused: PATH_MAX allows at most 2048 levels. */
    static final int MAX_DEPTH = 4096;
    /** Decompressed pclusters kept for reuse, shared by all threads reading the image. */
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;

    private final ImageSource primary;
    private final List<ImageSource> extraDevices;
    private final Superblock superblock;
    private final List<CompressionConfig> compressionConfigs;
    private final List<DeviceSlot> deviceSlots;
    private final int deviceIdMask;
    private final MetadataReader primaryMetadata;
    private volatile MetadataReader metaboxMetadata;
    private volatile List<XattrPrefix> xattrPrefixes;
    private volatile FileData packedData;
    private final PclusterCache pclusterCache;
    private final BufferPool buffers = new BufferPool();
    private final java.util.Set<CompressionAlgorithm> declaredAlgorithms;

    private ErofsImage(ImageSource primary, List<ImageSource> extraDevices, long cacheBytes) throws ImageException {
        this.primary = primary;
        this.pclusterCache = new PclusterCache(cacheBytes);
        this.extraDevices = List.copyOf(extraDevices);
        this.superblock = Superblock.read(primary);
        this.compressionConfigs = CompressionConfig.readAll(primary, superblock);
        this.declaredAlgorithms = superblock.declaredAlgorithms();
        this.deviceSlots = DeviceSlot.readAll(primary, superblock);
        this.deviceIdMask = Integer.highestOneBit(Math.max(1, superblock.extraDevices()) * 2 - 1) * 2 - 1;
        this.primaryMetadata = new MetadataReader() {
            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws ImageException {
                primary.readFully(position, dst, off, len);
            }

            @Override
            public boolean isMetabox() {
                return false;
            }
        };
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
        return primary;
    }

    // ---- the format-neutral view ------------------------------------------------------------

    @Override
    public String formatName() {
        return "EROFS";
    }

    @Override
    public ImageSource source() {
        return primary;
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
        return List.of(SuperblockFields.dissect(primary));
    }

    @Override
    public List<Field> structures(Node node) throws ImageException {
        Entry e = entry(node);
        List<Field> fields = new ArrayList<>();
        if (e.dirent() != null) {
            fields.addAll(DirentFields.dissect(e.dirent(), e.inode(), primary));
        }
        Inode inode = e.inode();
        if (!inode.inMetabox()) {
            fields.add(InodeFields.dissect(inode, primary.read(inode.offset(), (int) inode.range().length()), superblock));
        }
        return fields;
    }

    @Override
    public void walk(Node start, Visitor visitor) throws ImageException {
        walkEntries(entry(start), visitor::visit);
    }

    public List<CompressionConfig> compressionConfigs() {
        return compressionConfigs;
    }

    public List<DeviceSlot> deviceSlots() {
        return deviceSlots;
    }

    int deviceIdMask() {
        return deviceIdMask;
    }

    int extraDeviceCount() {
        return superblock.extraDevices();
    }

    // ---- inodes ----------------------------------------------------------------------------

    /** Each thread's buffer for reading inodes: a walk reads tens of thousands. */
    private final ThreadLocal<byte[]> inodeScratch = ThreadLocal.withInitial(() -> new byte[64]);

    public Inode inode(long nid) throws ImageException {
        try {
            MetadataReader meta = nid < 0 ? metabox() : primaryMetadata;
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

    /** Where the metadata of {@code inode} (xattrs, inline data, indexes) is read from. */
    MetadataReader metadata(Inode inode) throws ImageException {
        return inode.inMetabox() ? metabox() : primaryMetadata;
    }

    private MetadataReader metabox() throws ImageException {
        MetadataReader m = metaboxMetadata;
        if (m != null) {
            return m;
        }
        if (!superblock.has(Feature.METABOX)) {
            throw new ImageException("nid with the metabox bit set, but the image has no metabox", Superblock.OFFSET + 80);
        }
        Inode box = Inode.read(primaryMetadata, superblock, superblock.metaboxNid());
        if (box.type() != FileType.FILE) {
            throw new ImageException("metabox inode is not a regular file", box.offset(), box.nid());
        }
        FileData data = data(box);
        m = new MetadataReader() {
            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws ImageException {
                if (data.read(position, dst, off, len) != len) {
                    throw new ImageException("metadata at metabox offset " + position + " lies past the end of the metabox ("
                            + data.size() + " bytes)", box.offset(), box.nid());
                }
            }

            @Override
            public boolean isMetabox() {
                return true;
            }
        };
        metaboxMetadata = m;
        return m;
    }

    // ---- data -------------------------------------------------------------------------------

    /** The data of {@code inode}, read through its layout. */
    public FileData data(Inode inode) throws ImageException {
        return switch (inode.layout()) {
            case FLAT_PLAIN, FLAT_INLINE -> new FlatData(this, inode);
            case CHUNK_BASED -> new ChunkedData(this, inode);
            case COMPRESSED_FULL, COMPRESSED_COMPACT -> new CompressedData(this, inode);
        };
    }

    /**
     * Reads bytes at {@code offset} of device {@code device} (0 = the image). Offsets on device 0
     * inside a unified-address window of an extra device are redirected to that device.
     */
    void readPhysical(int device, long offset, byte[] dst, int off, int len) throws ImageException {
        int dev = device;
        long pos = offset;
        if (dev == 0) {
            for (DeviceSlot slot : deviceSlots) {
                long start = superblock.blockOffset(slot.uniaddr());
                if (slot.uniaddr() != 0 && pos >= start && pos < start + superblock.blockOffset(slot.blocks())) {
                    dev = slot.index() + 1;
                    pos -= start;
                    break;
                }
            }
        }
        if (dev == 0) {
            if (pos < 0 || pos + len > primary.length() || pos + len < 0) {
                throw new ImageException("data at offset " + pos + "+" + len + " lies beyond the end of the image ("
                        + primary.length() + " bytes)", pos);
            }
            primary.readFully(pos, dst, off, len);
            return;
        }
        if (dev > extraDevices.size()) {
            throw new ImageException("data lies on extra device " + dev + ", which was not given (the image has "
                    + superblock.extraDevices() + " extra devices; pass each with --device)", offset);
        }
        ImageSource source = extraDevices.get(dev - 1);
        if (pos < 0 || pos + len > source.length() || pos + len < 0) {
            throw new ImageException("data at offset " + pos + "+" + len + " lies beyond the end of extra device "
                    + dev + " (" + source.length() + " bytes)", offset);
        }
        source.readFully(pos, dst, off, len);
    }

    /**
     * Starts loading the LZ4 decoder on a background thread when the image may use it: lz4-java
     * unpacks and loads its native library on first use (40 to 50 ms), which would otherwise hold
     * up the first reads of compressed files. For callers about to read many files.
     */
    public void prepareDecoders() {
        if (declaredAlgorithms.contains(CompressionAlgorithm.LZ4)) {
            Thread loader = new Thread(Decompressor::load, "lz4-load");
            loader.setDaemon(true);
            loader.start();
        }
    }

    java.util.Set<CompressionAlgorithm> declaredAlgorithms() {
        return declaredAlgorithms;
    }

    BufferPool buffers() {
        return buffers;
    }

    PclusterCache pclusterCache() {
        return pclusterCache;
    }

    /** The data of the hidden packed inode, which holds fragments (file tails) of other files. */
    FileData packedData() throws ImageException {
        FileData d = packedData;
        if (d == null) {
            if (superblock.packedNid() == 0) {
                throw new ImageException("a file refers to a fragment, but the image has no packed inode", Superblock.OFFSET + 96);
            }
            d = data(inode(superblock.packedNid()));
            packedData = d;
        }
        return d;
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
        return data(inode).readFully(0, (int) inode.size());
    }

    // ---- directories ------------------------------------------------------------------------

    /** The blocks of directory {@code dir}, parsed. */
    public List<DirectoryBlock> directoryBlocks(Inode dir) throws ImageException {
        requireDirectory(dir);
        int blksz = superblock.blockSize();
        long count = (dir.size() + blksz - 1) / blksz;
        if (count > Integer.MAX_VALUE) {
            throw new ImageException("directory too large", dir.offset(), dir.nid());
        }
        FileData data = data(dir);
        // Not sized from i_size: a corrupt size must fail on the first bad block, not allocate first.
        List<DirectoryBlock> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            blocks.add(directoryBlock(data, i));
        }
        checkOrder(dir, blocks);
        return blocks;
    }

    private DirectoryBlock directoryBlock(FileData data, int index) throws ImageException {
        Inode dir = data.inode();
        int blksz = superblock.blockSize();
        long start = (long) index * blksz;
        int length = (int) Math.min(blksz, dir.size() - start);
        byte[] bytes = data.readFully(start, length);
        return DirectoryBlock.parse(dir, index, bytes, length, physicalRange(data, start, length));
    }

    /** Where {@code length} bytes at {@code position} of the data are stored in the image, if plainly. */
    private static ByteRange physicalRange(FileData data, long position, long length) throws ImageException {
        if (data instanceof CompressedData || data.inode().inMetabox()) {
            return null;
        }
        for (DataExtent e : data.extents()) {
            if (position >= e.logicalOffset() && position + length <= e.logicalEnd() && e.isPlainInImage()) {
                return new ByteRange(e.physical().offset() + (position - e.logicalOffset()), length);
            }
        }
        return null;
    }

    private static void checkOrder(Inode dir, List<DirectoryBlock> blocks) throws ImageException {
        Dirent beforePrevious = null;
        Dirent previous = null;
        for (DirectoryBlock block : blocks) {
            for (Dirent d : block.dirents()) {
                int order = previous == null ? -1 : previous.compareName(d);
                if (order >= 0) {
                    // Name the entry out of place: a repeated name is the later one; otherwise the
                    // previous one when it is too large for both its neighbours, else this one.
                    boolean previousIsOdd = order > 0
                            && (beforePrevious == null || beforePrevious.compareName(d) < 0);
                    Dirent odd = previousIsOdd ? previous : d;
                    throw new ImageException("directory entries out of order or repeated: \""
                            + DirectoryBlock.printable(d.name()) + "\" after \"" + DirectoryBlock.printable(previous.name()) + "\"",
                            odd.offsetOr(dir.offset()), dir.nid());
                }
                beforePrevious = previous;
                previous = d;
            }
        }
    }

    /** All dirents of {@code dir}, "." and ".." included, in on-disk (sorted) order. */
    public List<Dirent> dirents(Inode dir) throws ImageException {
        List<Dirent> all = new ArrayList<>();
        for (DirectoryBlock b : directoryBlocks(dir)) {
            all.addAll(b.dirents());
        }
        return all;
    }

    /** The entries of directory {@code dir}, without "." and "..", in name order. */
    public List<Entry> children(Entry dir) throws ImageException {
        if (dir.inode().size() == 0) {
            return List.of();
        }
        List<Entry> children = new ArrayList<>();
        try {
            if (dir.depth() >= MAX_DEPTH) {
                throw new ImageException("directory tree deeper than " + MAX_DEPTH + " levels",
                        dir.inode().offset(), dir.nid());
            }
            for (Dirent d : dirents(dir.inode())) {
                if (d.isDot() || d.isDotDot()) {
                    long expected = d.isDot() ? dir.nid() : dir.parentNid();
                    if (d.nid() != expected) {
                        throw new ImageException("\"" + d.nameString() + "\" entry points to nid "
                                + Long.toUnsignedString(d.nid()) + " instead of " + Long.toUnsignedString(expected),
                                d.offsetOr(dir.inode().offset()), dir.nid());
                    }
                    continue;
                }
                byte[] path = dir.childPath(d.nameBytes());
                Inode inode;
                try {
                    inode = inode(d.nid());
                } catch (ImageException e) {
                    throw e.atPath(new String(path, StandardCharsets.UTF_8));
                }
                children.add(new Entry(path, inode, d, dir.nid()));
            }
        } catch (ImageException e) {
            throw e.atPath(dir.pathString());
        }
        return children;
    }

    private static void requireDirectory(Inode inode) throws ImageException {
        if (!inode.isDirectory()) {
            throw new ImageException("not a directory", inode.offset(), inode.nid());
        }
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
            Dirent d = find(current.inode(), name);
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

    /** Binary search for {@code name}: first over blocks by their first name, then within the block. */
    private Dirent find(Inode dir, byte[] name) throws ImageException {
        int blksz = superblock.blockSize();
        long count = (dir.size() + blksz - 1) / blksz;
        FileData data = data(dir);
        long lo = 0;
        long hi = count - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            List<Dirent> dirents = directoryBlock(data, (int) mid).dirents();
            if (dirents.get(0).compareName(name) > 0) {
                hi = mid - 1;
            } else if (dirents.get(dirents.size() - 1).compareName(name) < 0) {
                lo = mid + 1;
            } else {
                int a = 0;
                int b = dirents.size() - 1;
                while (a <= b) {
                    int m = (a + b) >>> 1;
                    int c = dirents.get(m).compareName(name);
                    if (c == 0) {
                        return dirents.get(m);
                    } else if (c < 0) {
                        a = m + 1;
                    } else {
                        b = m - 1;
                    }
                }
                return null;
            }
        }
        return null;
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
        NidSet visitedDirs = new NidSet();
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
        return XattrArea.read(this, inode);
    }

    /** The inode's extended attributes: inline ones first, then shared ones. */
    public List<Xattr> xattrs(Inode inode) throws ImageException {
        return xattrArea(inode).xattrs();
    }

    long sharedXattrPosition(long id) {
        long base = superblock.has(Feature.SHARED_EA_IN_METABOX) ? 0 : superblock.blockOffset(superblock.xattrBlkaddr());
        return base + 4 * id;
    }

    MetadataReader sharedXattrReader() throws ImageException {
        return superblock.has(Feature.SHARED_EA_IN_METABOX) ? metabox() : primaryMetadata;
    }

    /** The long xattr name prefixes, read from wherever the image keeps them. */
    public List<XattrPrefix> xattrPrefixes() throws ImageException {
        List<XattrPrefix> table = xattrPrefixes;
        if (table != null) {
            return table;
        }
        int count = superblock.xattrPrefixCount();
        if (count == 0 || !superblock.has(Feature.XATTR_PREFIXES)) {
            table = List.of();
        } else {
            MetadataReader reader;
            if (superblock.has(Feature.PLAIN_XATTR_PFX)) {
                reader = primaryMetadata;
            } else if (superblock.has(Feature.METABOX)) {
                reader = metabox();
            } else if (superblock.packedNid() != 0) {
                reader = fileReader(inode(superblock.packedNid()));
            } else {
                reader = primaryMetadata;
            }
            table = XattrPrefix.readTable(reader, superblock.xattrPrefixStart() * 4, count);
        }
        xattrPrefixes = table;
        return table;
    }

    private MetadataReader fileReader(Inode inode) throws ImageException {
        FileData data = data(inode);
        return new MetadataReader() {
            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws ImageException {
                if (data.read(position, dst, off, len) != len) {
                    throw new ImageException("read past the end of the packed inode", inode.offset(), inode.nid());
                }
            }

            @Override
            public boolean isMetabox() {
                return false;
            }
        };
    }

    @Override
    public void close() {
        extraDevices.forEach(ImageSource::close);
        primary.close();
    }
}

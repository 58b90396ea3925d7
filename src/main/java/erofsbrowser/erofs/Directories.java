package erofsbrowser.erofs;

import erofsbrowser.erofs.data.CompressedData;
import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.erofs.ondisk.DirectoryBlock;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.Fault;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading directories: their blocks of dirents, checked for order as the kernel's lookup needs
 * them, the entries they name, and the binary search the kernel's lookup does.
 */
final class Directories {
    /** Deeper paths than this are refused: PATH_MAX allows at most 2048 levels. */
    static final int MAX_DEPTH = 4096;
    /**
     * Past faults, a directory stops being read after this many blocks in a row cannot be: a
     * damaged i_size can claim billions of blocks, each another fault to keep.
     */
    static final int MAX_BAD_BLOCKS_IN_A_ROW = 16;
    /** Faults kept for one directory; the rest are counted in one more. */
    static final int MAX_FAULTS = 1024;

    private final ErofsImage image;
    private final Storage storage;

    Directories(ErofsImage image, Storage storage) {
        this.image = image;
        this.storage = storage;
    }

    /** The blocks of directory {@code dir}, parsed. */
    List<DirectoryBlock> directoryBlocks(Inode dir) throws ImageException {
        requireDirectory(dir);
        int blksz = storage.superblock().blockSize();
        long count = (dir.size() + blksz - 1) / blksz;
        if (count > Integer.MAX_VALUE) {
            throw new ImageException("directory too large", dir.offset(), dir.nid());
        }
        FileData data = storage.data(dir);
        // Not sized from i_size: a corrupt size must fail on the first bad block, not allocate first.
        List<DirectoryBlock> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            blocks.add(directoryBlock(data, i));
        }
        checkOrder(dir, blocks);
        return blocks;
    }

    DirectoryBlock directoryBlock(FileData data, int index) throws ImageException {
        return directoryBlock(data, index, null);
    }

    /** As {@link #directoryBlock(FileData, int)}; with {@code faults}, a bad dirent is left out and added there. */
    private DirectoryBlock directoryBlock(FileData data, int index, List<Fault> faults) throws ImageException {
        Inode dir = data.inode();
        int blksz = storage.superblock().blockSize();
        long start = (long) index * blksz;
        int length = (int) Math.min(blksz, dir.size() - start);
        byte[] bytes = data.readFully(start, length);
        return DirectoryBlock.parse(dir, index, bytes, length, physicalRange(data, start, length), faults);
    }

    /**
     * As {@link #directoryBlocks(Inode)}, going on past bad dirents: each is left out of its block
     * and added to {@code faults}. A block that cannot be read or parsed at all still fails.
     */
    List<DirectoryBlock> directoryBlocksPast(Inode dir, List<Fault> faults) throws ImageException {
        requireDirectory(dir);
        int blksz = storage.superblock().blockSize();
        long count = (dir.size() + blksz - 1) / blksz;
        if (count > Integer.MAX_VALUE) {
            throw new ImageException("directory too large", dir.offset(), dir.nid());
        }
        FileData data = storage.data(dir);
        List<DirectoryBlock> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            blocks.add(directoryBlock(data, i, faults));
        }
        return blocks;
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
    List<Dirent> dirents(Inode dir) throws ImageException {
        List<Dirent> all = new ArrayList<>();
        for (DirectoryBlock b : directoryBlocks(dir)) {
            all.addAll(b.dirents());
        }
        return all;
    }

    /** The entries of directory {@code dir}, without "." and "..", in name order. */
    List<Entry> children(Entry dir) throws ImageException {
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
                    inode = image.inode(d.nid());
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

    /**
     * The entries of {@code dir} as far as they can be read, and a fault for each part that
     * cannot: a block that cannot be read, a dirent whose name is out of bounds or holds a
     * {@code /} or NUL, names out of order or repeated (listed, since readdir shows them, but the
     * kernel's lookup may not find them), a "." or ".." naming the wrong directory, an inode that
     * cannot be read. Entries in name order; a repeated name is listed once.
     */
    FileSystemImage.Listing listing(Entry dir) {
        List<Entry> children = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        Inode inode = dir.inode();
        if (inode.size() == 0) {
            return new FileSystemImage.Listing(children, faults);
        }
        if (dir.depth() >= MAX_DEPTH) {
            faults.add(new Fault(dir.name(), new ImageException("directory tree deeper than " + MAX_DEPTH + " levels",
                    inode.offset(), dir.nid()).atPath(dir.pathString())));
            return new FileSystemImage.Listing(children, faults);
        }
        int blksz = storage.superblock().blockSize();
        long count = (inode.size() + blksz - 1) / blksz;
        FileData data;
        try {
            requireDirectory(inode);
            data = storage.data(inode);
        } catch (ImageException e) {
            faults.add(new Fault(null, e.atPath(dir.pathString())));
            return new FileSystemImage.Listing(children, faults);
        }
        Dirent previous = null;
        int badInARow = 0;
        for (long i = 0; i < count; i++) {
            if (badInARow == MAX_BAD_BLOCKS_IN_A_ROW || faults.size() >= MAX_FAULTS) {
                faults.add(new Fault(null, new ImageException("directory not read past its block " + i + " of " + count
                        + ": " + (badInARow == MAX_BAD_BLOCKS_IN_A_ROW ? MAX_BAD_BLOCKS_IN_A_ROW + " blocks in a row cannot be read"
                        : MAX_FAULTS + " faults met") + " (is i_size " + inode.size() + " right?)", inode.offset(), dir.nid())
                        .atPath(dir.pathString())));
                break;
            }
            List<Fault> bad = new ArrayList<>();
            DirectoryBlock block;
            try {
                long start = i * blksz;
                int length = (int) Math.min(blksz, inode.size() - start);
                byte[] bytes = data.readFully(start, length);
                block = DirectoryBlock.parse(inode, (int) i, bytes, length, physicalRange(data, start, length), bad);
            } catch (ImageException e) {
                faults.add(new Fault(null, e.atPath(dir.pathString())));
                badInARow++;
                continue;
            }
            badInARow = bad.isEmpty() || !block.dirents().isEmpty() ? 0 : badInARow + 1;
            for (Fault f : bad) {
                faults.add(new Fault(f.name(), f.error().atPath(dir.pathString())));
            }
            for (Dirent d : block.dirents()) {
                if (previous != null && previous.compareName(d) >= 0) {
                    boolean repeated = previous.compareName(d) == 0;
                    faults.add(new Fault(d.name(), new ImageException((repeated ? "directory entry repeated: \""
                            : "directory entries out of order: \"") + DirectoryBlock.printable(d.name()) + "\" after \""
                            + DirectoryBlock.printable(previous.name()) + "\"", d.offsetOr(inode.offset()), dir.nid())
                            .atPath(new String(dir.childPath(d.nameBytes()), StandardCharsets.UTF_8))));
                    if (repeated) {
                        continue;
                    }
                }
                previous = d;
                entry(dir, d, children, faults);
            }
        }
        children.sort(Entry.WALK_ORDER);
        return new FileSystemImage.Listing(children, faults);
    }

    /** Adds the entry {@code d} names in {@code dir}, or its fault; checks "." and "..". */
    private void entry(Entry dir, Dirent d, List<Entry> children, List<Fault> faults) {
        if (d.isDot() || d.isDotDot()) {
            long expected = d.isDot() ? dir.nid() : dir.parentNid();
            if (d.nid() != expected) {
                faults.add(new Fault(d.name(), new ImageException("\"" + d.nameString() + "\" entry points to nid "
                        + Long.toUnsignedString(d.nid()) + " instead of " + Long.toUnsignedString(expected),
                        d.offsetOr(dir.inode().offset()), dir.nid()).atPath(dir.pathString())));
            }
            return;
        }
        byte[] path = dir.childPath(d.nameBytes());
        try {
            children.add(new Entry(path, image.inode(d.nid()), d, dir.nid()));
        } catch (ImageException e) {
            faults.add(new Fault(d.name(), e.atPath(new String(path, StandardCharsets.UTF_8))));
        }
    }

    private static void requireDirectory(Inode inode) throws ImageException {
        if (!inode.isDirectory()) {
            throw new ImageException("not a directory", inode.offset(), inode.nid());
        }
    }

    /**
     * Binary search for {@code name}: first over blocks by their first name, then within the block.
     * A bad dirent beside it (a name with '/', say) is passed over, as the kernel's lookup passes
     * over what it does not compare with; where the search cannot go on (a block with no good
     * dirent, or one that cannot be read), every block is searched in turn.
     */
    Dirent find(Inode dir, byte[] name) throws ImageException {
        int blksz = storage.superblock().blockSize();
        long count = (dir.size() + blksz - 1) / blksz;
        FileData data = storage.data(dir);
        long lo = 0;
        long hi = count - 1;
        try {
            while (lo <= hi) {
                long mid = (lo + hi) >>> 1;
                List<Dirent> dirents = directoryBlock(data, (int) mid, new ArrayList<>()).dirents();
                if (dirents.isEmpty()) {
                    return findInEveryBlock(data, count, name);
                }
                if (dirents.get(0).compareName(name) > 0) {
                    hi = mid - 1;
                } else if (dirents.get(dirents.size() - 1).compareName(name) < 0) {
                    lo = mid + 1;
                } else {
                    return findIn(dirents, name);
                }
            }
        } catch (ImageException e) {
            return findInEveryBlock(data, count, name);
        }
        return null;
    }

    private static Dirent findIn(List<Dirent> dirents, byte[] name) {
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

    /** {@code name} in any block that can be read; if it is in none, the first block that could not be read fails. */
    private Dirent findInEveryBlock(FileData data, long count, byte[] name) throws ImageException {
        ImageException unread = null;
        for (long i = 0; i < count && i < MAX_FAULTS * (long) MAX_BAD_BLOCKS_IN_A_ROW; i++) {
            try {
                for (Dirent d : directoryBlock(data, (int) i, new ArrayList<>()).dirents()) {
                    if (d.compareName(name) == 0) {
                        return d;
                    }
                }
            } catch (ImageException e) {
                if (unread == null) {
                    unread = e;
                }
            }
        }
        if (unread != null) {
            throw unread;
        }
        return null;
    }
}

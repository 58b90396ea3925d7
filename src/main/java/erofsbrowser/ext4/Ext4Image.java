package erofsbrowser.ext4;

import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.StoredSize;
import java.util.function.BooleanSupplier;

import erofsbrowser.image.Fault;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Node;
import erofsbrowser.image.Printable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ext2, ext3 or ext4 filesystem image, read as the Linux kernel's ext4 driver reads it: the
 * superblock and group descriptors, inodes, extent trees and indirect block maps, inline data,
 * linear and hashed directories, extended attributes; checksums are verified and a mismatch is a
 * warning, not a refusal. A journal is not replayed: an image that needs recovery is shown as it
 * is on disk, with a warning. Encrypted entries are listed under their stored names (as hex) and
 * their content is refused. Read-only and safe for concurrent use.
 */
public final class Ext4Image implements FileSystemImage {
    /** Deeper trees are refused: a path grows with its depth, and a corrupt image could nest without end. */
    static final int MAX_DEPTH = 4096;
    /**
     * A directory with more entries is refused rather than listed: each listed entry holds its
     * inode (some 400 bytes), and a corrupt directory can map the same block over and over.
     */
    static final int MAX_ENTRIES = 1 << 20;

    private final ImageSource source;
    private final Volume volume;
    private final Xattrs xattrs;

    private Ext4Image(ImageSource source, Volume volume) {
        this.source = source;
        this.volume = volume;
        this.xattrs = new Xattrs(volume);
    }

    /** Opens the ext2/3/4 filesystem in {@code source}; closing the image closes the source. */
    public static Ext4Image open(ImageSource source) throws ImageException {
        Superblock sb = Superblock.read(source);
        GroupDescriptors groups = GroupDescriptors.read(source, sb);
        return new Ext4Image(source, new Volume(source, sb, groups));
    }

    /** Opens the image file {@code file}. */
    public static Ext4Image open(Path file) throws IOException, ImageException {
        ImageSource source = ImageSource.open(file);
        try {
            return open(source);
        } catch (ImageException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    Volume volume() {
        return volume;
    }

    @Override
    public String formatName() {
        if (volume.superblock().has(Ext4Feature.EXTENTS) || volume.superblock().has(Ext4Feature.FLEX_BG)
                || volume.superblock().has(Ext4Feature.BIT64)) {
            return "ext4";
        }
        return volume.superblock().has(Ext4Feature.HAS_JOURNAL) ? "ext3" : "ext2";
    }

    @Override
    public List<erofsbrowser.image.Fact> facts() {
        return SuperblockFacts.of(volume.superblock());
    }

    @Override
    public ImageSource source() {
        return source;
    }

    private static Ext4Entry entry(Node node) {
        if (node instanceof Ext4Entry e) {
            return e;
        }
        throw new IllegalArgumentException("not an entry of an ext4 image: " + node.pathString());
    }

    @Override
    public Ext4Entry root() throws ImageException {
        Inode inode;
        try {
            inode = volume.inode(Superblock.ROOT_INO);
        } catch (ImageException e) {
            throw e.atPath("/");
        }
        if (inode.type() != FileType.DIR) {
            throw new ImageException("the root inode (2) is not a directory", inode.offset()).atInode("inode", 2).atPath("/");
        }
        return new Ext4Entry(Ext4Entry.ROOT_PATH.clone(), inode, -1, Superblock.ROOT_INO);
    }

    @Override
    public List<Ext4Entry> list(Node directory) throws ImageException {
        List<Ext4Entry> children = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        read(entry(directory), children, faults);
        if (!faults.isEmpty()) {
            throw faults.get(0).error(); // strict: the first fault, in the order of the directory's bytes
        }
        return children;
    }

    /**
     * The entries of {@code directory} past any fault: a name with '/' or NUL, an inode that cannot
     * be read, a block whose entries break off (the scan goes on with the next block), each a fault
     * where it is; the rest are listed.
     */
    @Override
    public Listing listing(Node directory) {
        List<Ext4Entry> children = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        read(entry(directory), children, faults);
        return new Listing(children, faults);
    }

    /** Reads {@code dir}'s entries into {@code children} (in name order) and its faults into {@code faults} (in byte order). */
    private void read(Ext4Entry dir, List<Ext4Entry> children, List<Fault> faults) {
        if (dir.type() != FileType.DIR) {
            faults.add(new Fault(null, new ImageException("not a directory", dir.inode().offset())
                    .atInode("inode", dir.inodeNumber()).atPath(dir.pathString())));
            return;
        }
        if (dir.depth() >= MAX_DEPTH) {
            faults.add(new Fault(null, new ImageException("directory tree deeper than " + MAX_DEPTH + " levels",
                    dir.inode().offset()).atInode("inode", dir.inodeNumber()).atPath(dir.pathString())));
            return;
        }
        boolean hexNames = dir.inode().isEncrypted();
        try {
            new Directory(volume, dir.inode()).scan((ino, b, at, len, fileType, offset) -> {
                if (isDotOrDotDot(b, at, len)) {
                    return true;
                }
                byte[] name = Arrays.copyOfRange(b, at, at + len);
                if (children.size() + faults.size() == MAX_ENTRIES) {
                    faults.add(new Fault(null, new ImageException("directory has more than " + MAX_ENTRIES + " entries",
                            offset).atInode("inode", dir.inodeNumber()).atPath(dir.pathString())));
                    return false;
                }
                byte[] path;
                try {
                    path = hexNames ? dir.childPath(hex(b, at, len), 0, 2 * len) : dir.childPath(b, at, checkName(b, at, len, offset, dir));
                } catch (ImageException e) {
                    faults.add(new Fault(name, e.atPath(dir.pathString())));
                    return true;
                }
                try {
                    children.add(new Ext4Entry(path, volume.inode(ino), offset, dir.inodeNumber()));
                } catch (ImageException e) {
                    faults.add(new Fault(name, e.atPath(new String(path, java.nio.charset.StandardCharsets.UTF_8))));
                }
                return true;
            }, e -> faults.add(new Fault(null, e.atPath(dir.pathString()))));
        } catch (ImageException e) {
            faults.add(new Fault(null, e.atPath(dir.pathString())));
        }
        children.sort(Ext4Entry.BY_NAME);
    }

    /**
     * The superblock of {@code source} dissected field by field, whatever rules its values break:
     * what a file this reader refuses still shows of itself.
     */
    public static Field dissectSuperblock(ImageSource source) throws ImageException {
        return SuperblockFields.dissect(Superblock.lenient(source));
    }

    static boolean isDotOrDotDot(byte[] b, int at, int len) {
        return (len == 1 && b[at] == '.') || (len == 2 && b[at] == '.' && b[at + 1] == '.');
    }

    /** The name's length, once it is known to hold no '/' nor NUL (such a name would break every path). */
    private static int checkName(byte[] b, int at, int len, long offset, Ext4Entry dir) throws ImageException {
        if (len == 0) {
            throw new ImageException("a directory entry has an empty name", offset + 6).atInode("inode", dir.inodeNumber());
        }
        for (int i = at; i < at + len; i++) {
            if (b[i] == '/' || b[i] == 0) {
                throw new ImageException("directory entry name \"" + Printable.name(Arrays.copyOfRange(b, at, at + len))
                        + "\" holds " + (b[i] == 0 ? "a NUL byte" : "'/'"),
                        offset + 8 + (i - at)).atInode("inode", dir.inodeNumber());
            }
        }
        return len;
    }

    private static byte[] hex(byte[] b, int at, int len) {
        byte[] h = new byte[2 * len];
        final byte[] digits = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < len; i++) {
            h[2 * i] = digits[(b[at + i] >>> 4) & 0xF];
            h[2 * i + 1] = digits[b[at + i] & 0xF];
        }
        return h;
    }

    @Override
    public Ext4Entry lookup(byte[] path) throws ImageException {
        Ext4Entry current = root();
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
            if (name.length == 2 && name[0] == '.' && name[1] == '.') {
                throw new ImageException("\"..\" is not supported in image paths", 0);
            }
            if (current.type() != FileType.DIR) {
                return null;
            }
            Ext4Entry next = child(current, name);
            if (next == null) {
                return null;
            }
            current = next;
        }
        return current;
    }

    /**
     * The entry called {@code name} in {@code dir}, or null: the directory is scanned until it is
     * found; in a casefolded directory, a name that differs only in case matches too, as in the kernel.
     */
    private Ext4Entry child(Ext4Entry dir, byte[] name) throws ImageException {
        boolean hexNames = dir.inode().isEncrypted();
        boolean folded = !hexNames && dir.inode().hasFlag(Inode.CASEFOLD_FL) && volume.superblock().has(Ext4Feature.CASEFOLD);
        String key = folded ? CaseFold.key(name, 0, name.length) : null;
        long[] found = {-1, -1};
        byte[][] stored = {name};
        try {
            for (int pass = 0; pass < (key == null ? 1 : 2) && found[0] < 0; pass++) {
                boolean exact = pass == 0;
                new Directory(volume, dir.inode()).scan((ino, b, at, len, fileType, offset) -> {
                    boolean match = hexNames ? Arrays.equals(hex(b, at, len), name) : exact
                            ? Arrays.equals(b, at, at + len, name, 0, name.length)
                            : key.equals(CaseFold.key(b, at, len));
                    if (match && !isDotOrDotDot(b, at, len)) {
                        found[0] = ino;
                        found[1] = offset;
                        stored[0] = hexNames ? name : Arrays.copyOfRange(b, at, at + len);
                        return false;
                    }
                    return true;
                });
            }
        } catch (ImageException e) {
            throw e.atPath(dir.pathString());
        }
        if (found[0] < 0) {
            return null;
        }
        byte[] path = dir.childPath(stored[0], 0, stored[0].length);
        try {
            return new Ext4Entry(path, volume.inode(found[0]), found[1], dir.inodeNumber());
        } catch (ImageException e) {
            throw e.atPath(new String(path, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public List<ExtendedAttribute> xattrs(Node node) throws ImageException {
        Ext4Entry e = entry(node);
        try {
            return xattrs.listed(e.inode());
        } catch (ImageException x) {
            throw x.atPath(e.pathString());
        }
    }

    @Override
    public byte[] linkTarget(Node symlink) throws ImageException {
        Ext4Entry e = entry(symlink);
        if (e.type() != FileType.SYMLINK) {
            throw new ImageException("not a symlink", e.inode().offset()).atInode("inode", e.inodeNumber())
                    .atPath(e.pathString());
        }
        try {
            if (e.inode().size() == 0) {
                // No system call makes one, and no link can be made of it: the inode is damaged.
                throw new ImageException("symlink with an empty target (i_size 0)", e.inode().offset() + 4)
                        .atInode("inode", e.inodeNumber());
            }
            FileContent c = Contents.of(volume, e.inode());
            long max = Math.min(c.size(), volume.blockSize() - 1L);
            return c.readFully(0, (int) max);
        } catch (ImageException x) {
            throw x.atPath(e.pathString());
        }
    }

    @Override
    public FileContent content(Node node) throws ImageException {
        Ext4Entry e = entry(node);
        try {
            return Contents.of(volume, e.inode());
        } catch (ImageException x) {
            throw x.atPath(e.pathString());
        }
    }

    @Override
    public List<Field> imageStructures() throws ImageException {
        return Ext4Structures.image(volume);
    }

    @Override
    public List<Field> structures(Node node) throws ImageException {
        Ext4Entry e = entry(node);
        try {
            return Ext4Structures.of(volume, e);
        } catch (ImageException x) {
            throw x.atPath(e.pathString());
        }
    }

    @Override
    public List<DataRun> dataRuns(Node node) throws ImageException {
        Ext4Entry e = entry(node);
        try {
            return DataRuns.of(volume, e.inode());
        } catch (ImageException x) {
            throw x.atPath(e.pathString());
        }
    }

    @Override
    public StoredSize storedSize(Node node) {
        return DataRuns.storedSize(volume, entry(node).inode());
    }

    @Override
    public Ext4ByteMap buildOwnerMap(BooleanSupplier cancelled) throws ImageException {
        return Ext4ByteMap.build(this, cancelled);
    }

    @Override
    public List<String> warnings() {
        return volume.warnings();
    }

    @Override
    public void close() {
        source.close();
    }
}

package erofsbrowser.ext4;

import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.ext4.Ext4Region.Kind;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Who owns each byte of an ext4 image: the superblock and its backups, the descriptor tables,
 * the bitmaps and inode tables of every group, each entry's inode slot, directory entry, xattr
 * block, map blocks and data, the journal, and the free space; found by byte offset or by inode.
 * The ext4 counterpart of the EROFS reader's {@code ImageMap}, with the same queries. A byte's
 * field ({@code s_inodes_count}, {@code i_size_lo}, {@code rec_len}) comes from the structure's
 * dissector when asked for, so the map itself keeps only primitive columns: some 50 bytes per
 * region. Immutable: safe to query from any thread.
 */
public final class Ext4ByteMap implements ByteOwnerMap {
    private final Ext4Image image;
    private final RegionTable regions;
    private final byte[][] paths;
    private final long[] entryInodes;
    private final List<ImageException> problems;
    /** Rows by the inode that owns them: {@code rowsByInode[i]} belongs to {@code inodeKeys[i]}, sorted by inode. */
    private final long[] inodeKeys;
    private final int[] rowsByInode;

    Ext4ByteMap(Ext4Image image, RegionTable regions, byte[][] paths, long[] entryInodes, List<ImageException> problems) {
        this.image = image;
        this.regions = regions;
        this.paths = paths;
        this.entryInodes = entryInodes;
        this.problems = problems;
        int n = regions.size;
        long[] keys = new long[n];
        for (int row = 0; row < n; row++) {
            keys[row] = inodeOf(row);
        }
        // Rows sorted by (inode, row) through packed longs: inode numbers + 1 take 33 bits, rows 30.
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = (keys[i] + 1) << 30 | i;
        }
        Arrays.sort(packed);
        this.inodeKeys = new long[n];
        this.rowsByInode = new int[n];
        for (int i = 0; i < n; i++) {
            rowsByInode[i] = (int) (packed[i] & ((1 << 30) - 1));
            inodeKeys[i] = (packed[i] >>> 30) - 1;
        }
    }

    /**
     * Walks the whole image and maps every structure. Checks {@code cancelled} for every entry
     * (and inside large files) and throws {@link CancellationException} once it is set. Problems
     * confined to one entry are collected in {@link #problems()}, not thrown.
     *
     * @throws ImageException when the root cannot be read
     */
    public static Ext4ByteMap build(Ext4Image image, BooleanSupplier cancelled) throws ImageException {
        return ByteMapBuilder.build(image, cancelled);
    }

    /** The inode a row belongs to: its entry's, or for the journal's and xattr inodes' structures the one its detail names. */
    private long inodeOf(int row) {
        int owner = regions.owners[row];
        long d = regions.details[row];
        return switch (regions.kind(row)) {
            case INODE, EXTENT_BLOCK, XATTR_BLOCK -> owner >= 0 && regions.kind(row) != Kind.INODE ? entryInodes[owner] : d;
            case INDIRECT_BLOCK -> d >>> 2;
            case JOURNAL -> image.volume().superblock().journalInum();
            case RESERVED_INODE_DATA -> d;
            default -> owner >= 0 ? entryInodes[owner] : -1;
        };
    }

    /**
     * What owns byte {@code offset}: the innermost region holding it, and the fields down to the
     * byte (from the innermost region that has a dissected structure); null for a byte no
     * structure reached owns.
     */
    @Override
    public ByteOwner at(long offset) throws ImageException {
        Ext4Region innermost = innermostAt(offset);
        if (innermost == null) {
            return null;
        }
        return new ByteOwner(innermost.range(), innermost.description(), innermost.path(), fieldsAt(offset));
    }

    /** Every region containing byte {@code offset}, outermost first; empty for a byte no structure reached owns. */
    public List<Ext4Region> regionsAt(long offset) {
        List<Ext4Region> list = new ArrayList<>();
        for (int row : regions.at(offset)) {
            list.add(region(row));
        }
        return List.copyOf(list);
    }

    /** The innermost region containing byte {@code offset}, or null. */
    public Ext4Region innermostAt(long offset) {
        int[] rows = regions.at(offset);
        return rows.length == 0 ? null : region(rows[rows.length - 1]);
    }

    /** Everything that belongs to inode {@code inode}, in image order: slot, dirents naming it, xattr block, map blocks, data. */
    public List<Ext4Region> regionsOf(long inode) {
        int i = Arrays.binarySearch(inodeKeys, inode);
        if (i < 0) {
            return List.of();
        }
        while (i > 0 && inodeKeys[i - 1] == inode) {
            i--;
        }
        List<Ext4Region> list = new ArrayList<>();
        for (; i < inodeKeys.length && inodeKeys[i] == inode; i++) {
            list.add(region(rowsByInode[i]));
        }
        return List.copyOf(list);
    }

    /** Number of regions. */
    public int size() {
        return regions.size;
    }

    /** Region number {@code row}, counting in image order. */
    public Ext4Region region(int row) {
        int owner = regions.owners[row];
        byte[] path = owner >= 0 ? paths[owner] : null;
        long inode = inodeOf(row);
        ByteRange range = new ByteRange(regions.starts[row], regions.ends[row] - regions.starts[row]);
        return new Ext4Region(range, regions.kind(row), describe(row, path), path, inode);
    }

    /** Problems confined to single entries that left some of their structures unmapped (the first 100). */
    @Override
    public List<ImageException> problems() {
        return problems;
    }

    private String describe(int row, byte[] path) {
        long d = regions.details[row];
        String p = path == null ? null : new String(path, StandardCharsets.UTF_8);
        return switch (regions.kind(row)) {
            case BOOT_AREA -> "boot area (the 1024 bytes before the superblock, unused by ext4)";
            case SUPERBLOCK -> d == 0 ? "superblock" : "backup superblock in group " + d;
            case SUPERBLOCK_PADDING -> "rest of the superblock's block" + (d == 0 ? "" : " in group " + d);
            case GROUP_DESCRIPTOR_TABLE -> "group descriptor table, block " + d;
            case GROUP_DESCRIPTOR -> "group descriptor " + d;
            case BACKUP_GROUP_DESCRIPTORS -> "backup of the group descriptors in group " + d;
            case RESERVED_GDT -> "blocks reserved for the descriptor table to grow, in group " + d;
            case BLOCK_BITMAP -> "block bitmap of group " + d;
            case INODE_BITMAP -> "inode bitmap of group " + d;
            case INODE_TABLE -> "inode table of group " + d;
            case INODE -> "inode " + d + inodeRole(row, d, p);
            case XATTR_BLOCK -> "xattr block of " + p;
            case EXTENT_BLOCK -> "extent tree block of " + p;
            case INDIRECT_BLOCK -> "indirect block of " + p;
            case DIRECTORY_BLOCK -> "directory block " + d + " of " + p;
            case DIRENT -> "directory entry of " + p;
            case FILE_DATA -> "data of " + p + " from byte " + (d << image.volume().superblock().blockBits());
            case XATTR_VALUE -> "xattr value (in an inode of its own) of " + p;
            case JOURNAL -> "journal, from its block " + d;
            case RESERVED_INODE_DATA -> "data of reserved inode " + d;
            case FREE -> "free blocks from block " + d;
        };
    }

    private String inodeRole(int row, long inode, String path) {
        if (path != null) {
            return entryInodes[regions.owners[row]] != inode ? " (an xattr value) of " + path : " of " + path;
        }
        if (inode == image.volume().superblock().journalInum()) {
            return " (the journal)";
        }
        return inode < image.volume().superblock().firstIno() ? " (reserved)" : "";
    }

    /**
     * The fields over byte {@code offset}, from the structure down to the deepest field (as
     * {@link Field#pathTo} gives them), read from the image now; empty where no dissected
     * structure lies (data, free space, an unused inode slot).
     */
    public List<Field> fieldsAt(long offset) throws ImageException {
        int[] rows = regions.at(offset);
        Volume volume = image.volume();
        for (int k = rows.length - 1; k >= 0; k--) {
            int row = rows[k];
            Field structure = structure(row, volume);
            if (structure != null) {
                return structure.pathTo(offset);
            }
        }
        return List.of();
    }

    private Field structure(int row, Volume volume) throws ImageException {
        Superblock sb = volume.superblock();
        long start = regions.starts[row];
        long d = regions.details[row];
        switch (regions.kind(row)) {
            case SUPERBLOCK:
                return d == 0 ? SuperblockFields.dissect(sb) : null;
            case GROUP_DESCRIPTOR:
                return GroupDescriptorFields.dissect(volume, (int) d);
            case INODE:
                return InodeFields.dissect(volume.inode(d), sb);
            case XATTR_BLOCK:
                return XattrFields.block(volume.block(start >>> sb.blockBits()), start, start >>> sb.blockBits(), volume);
            case EXTENT_BLOCK:
                return ExtentFields.block(volume.block(start >>> sb.blockBits()), start, start >>> sb.blockBits(), volume,
                        volume.inode(d));
            case INDIRECT_BLOCK:
                return IndirectFields.block(volume.block(start >>> sb.blockBits()), start, start >>> sb.blockBits(),
                        (int) (d & 3), volume);
            case DIRENT, DIRECTORY_BLOCK:
                return entryStructure(row, volume, offsetOf(row));
            default:
                return null;
        }
    }

    private long offsetOf(int row) {
        return regions.starts[row];
    }

    /** A directory entry or block, dissected through the entry's own structures. */
    private Field entryStructure(int row, Volume volume, long at) throws ImageException {
        int owner = regions.owners[row];
        if (owner < 0) {
            return null;
        }
        Ext4Entry e = image.lookup(paths[owner]);
        if (e == null) {
            return null;
        }
        for (Field f : image.structures(e)) {
            if (f.contains(at) && (regions.kind(row) == Kind.DIRENT ? f.name().equals("ext4_dir_entry_2")
                    : !f.name().equals("ext4_dir_entry_2"))) {
                return f;
            }
        }
        return null;
    }
}

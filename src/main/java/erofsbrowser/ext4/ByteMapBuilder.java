package erofsbrowser.ext4;

import erofsbrowser.ext4.Ext4Region.Kind;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Walks an ext4 image once and records who owns each byte: the fixed structures of every block
 * group (superblock and its backups, descriptor tables, reserved descriptor blocks, bitmaps, inode
 * tables), then for each entry of the tree its inode slot, the directory entry naming it, its
 * xattr block, its map blocks and its data, then the journal, and last the free space the block
 * bitmaps show. Problems confined to one entry are recorded and the walk goes on.
 */
final class ByteMapBuilder {
    static final int MAX_PROBLEMS = 100;
    static final long RESIZE_INO = 7;
    private static final int RUNS_PER_CHECK = 1024;

    private final Ext4Image image;
    private final Volume volume;
    private final Superblock sb;
    private final BooleanSupplier cancelled;
    private final RegionTable regions = new RegionTable();
    private byte[][] paths = new byte[256][];
    private long[] inodes = new long[256];
    private int entries;
    /** Inodes whose slot and data are mapped already (hard links map once). */
    private final InodeSet mapped = new InodeSet();
    private final List<ImageException> problems = new ArrayList<>();
    private int runs;

    private ByteMapBuilder(Ext4Image image, BooleanSupplier cancelled) {
        this.image = image;
        this.volume = image.volume();
        this.sb = volume.superblock();
        this.cancelled = cancelled;
    }

    static Ext4ByteMap build(Ext4Image image, BooleanSupplier cancelled) throws ImageException {
        ByteMapBuilder b = new ByteMapBuilder(image, cancelled);
        b.groupStructures();
        b.tree();
        b.journal();
        b.reservedInodes();
        b.freeSpace();
        b.checkCancelled();
        b.regions.freeze();
        return new Ext4ByteMap(image, b.regions, Arrays.copyOf(b.paths, b.entries), Arrays.copyOf(b.inodes, b.entries),
                List.copyOf(b.problems));
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("building the ext4 byte map was cancelled");
        }
    }

    private int entry(byte[] path, long inode) {
        if (entries == paths.length) {
            paths = Arrays.copyOf(paths, entries * 2);
            inodes = Arrays.copyOf(inodes, entries * 2);
        }
        paths[entries] = path;
        inodes[entries] = inode;
        return entries++;
    }

    private void problem(ImageException e) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(e);
        }
    }

    private long block(long b) {
        return sb.blockOffset(b);
    }

    // ---- the fixed structures -------------------------------------------------------------

    private void groupStructures() {
        GroupDescriptors groups = volume.groups();
        int bs = sb.blockSize();
        regions.add(0, Superblock.OFFSET, Kind.BOOT_AREA, -1, 0);
        regions.add(Superblock.OFFSET, Superblock.OFFSET + Superblock.SIZE, Kind.SUPERBLOCK, -1, 0);
        if (bs > Superblock.OFFSET + Superblock.SIZE) {
            regions.add(Superblock.OFFSET + Superblock.SIZE, bs, Kind.SUPERBLOCK_PADDING, -1, 0);
        }
        int perBlock = bs / sb.descSize();
        long descBlocks = (groups.count() + perBlock - 1) / perBlock;
        boolean metaBg = sb.has(Ext4Feature.META_BG);
        long plainDescBlocks = metaBg ? Math.min(descBlocks, sb.firstMetaBg()) : descBlocks;
        for (long nr = 0; nr < descBlocks; nr++) {
            long at = groups.descriptorBlock(nr);
            regions.add(block(at), block(at + 1), Kind.GROUP_DESCRIPTOR_TABLE, -1, nr);
        }
        for (int g = 0; g < groups.count(); g++) {
            long off = groups.descriptorOffset(g);
            regions.add(off, off + sb.descSize(), Kind.GROUP_DESCRIPTOR, -1, g);
            if (g > 0 && sb.groupHasSuper(g)) {
                long first = groups.groupFirstBlock(g);
                regions.add(block(first), block(first) + Superblock.SIZE, Kind.SUPERBLOCK, -1, g);
                regions.add(block(first) + Superblock.SIZE, block(first + 1), Kind.SUPERBLOCK_PADDING, -1, g);
                regions.add(block(first + 1), block(first + 1 + plainDescBlocks), Kind.BACKUP_GROUP_DESCRIPTORS, -1, g);
            }
            if (sb.groupHasSuper(g) && sb.has(Ext4Feature.RESIZE_INODE)) {
                long first = groups.groupFirstBlock(g) + 1 + plainDescBlocks;
                regions.add(block(first), block(first + sb.reservedGdtBlocks()), Kind.RESERVED_GDT, -1, g);
            }
            if (groups.fault(g) == null) {
                regions.add(block(groups.blockBitmap(g)), block(groups.blockBitmap(g) + 1), Kind.BLOCK_BITMAP, -1, g);
                regions.add(block(groups.inodeBitmap(g)), block(groups.inodeBitmap(g) + 1), Kind.INODE_BITMAP, -1, g);
                long table = groups.inodeTable(g);
                regions.add(block(table), block(table) + sb.inodesPerGroup() * sb.inodeSize(), Kind.INODE_TABLE, -1, g);
            }
        }
        if (metaBg) {
            for (long nr = sb.firstMetaBg(); nr < descBlocks; nr++) {
                long group = nr * perBlock;
                for (long backup : new long[] {group + 1, group + perBlock - 1}) {
                    if (backup < groups.count() && backup != group) {
                        long at = groups.groupFirstBlock(backup) + (sb.groupHasSuper(backup) ? 1 : 0);
                        regions.add(block(at), block(at + 1), Kind.BACKUP_GROUP_DESCRIPTORS, -1, backup);
                    }
                }
            }
        }
    }

    // ---- the tree ---------------------------------------------------------------------------

    private void tree() throws ImageException {
        Deque<Ext4Entry> pending = new ArrayDeque<>();
        Ext4Entry root = image.root();
        pending.push(root);
        InodeSet visitedDirs = new InodeSet();
        while (!pending.isEmpty()) {
            checkCancelled();
            Ext4Entry e = pending.pop();
            int owner = entry(e.path(), e.inodeNumber());
            if (e.direntOffset() >= 0) {
                regions.add(e.direntOffset(), e.direntOffset() + direntLength(e), Kind.DIRENT, owner, e.parent());
            }
            try {
                inode(e.inode(), owner);
            } catch (ImageException x) {
                problem(x.atPath(e.pathString()));
            }
            if (e.type() == FileType.DIR && visitedDirs.add(e.inodeNumber())) {
                try {
                    List<Ext4Entry> children = image.list(e);
                    for (int k = children.size() - 1; k >= 0; k--) {
                        pending.push(children.get(k));
                    }
                } catch (ImageException x) {
                    problem(x);
                }
            }
        }
    }

    private int direntLength(Ext4Entry e) {
        try {
            byte[] h = volume.source().read(e.direntOffset(), 8);
            int len = Directory.decodeRecLen(LittleEndian.u16(h, 4), sb.blockSize());
            return Math.max(8, Math.min(len, sb.blockSize()));
        } catch (ImageException x) {
            return 8;
        }
    }

    /** The inode's slot, xattr block, map blocks and data; once per inode. */
    private void inode(Inode inode, int owner) throws ImageException {
        if (!mapped.add(inode.number())) {
            return;
        }
        regions.add(inode.offset(), inode.offset() + inode.length(), Kind.INODE, owner, inode.number());
        long acl = inode.fileAcl();
        if (acl != 0 && volume.validBlocks(acl, 1)) {
            regions.add(block(acl), block(acl + 1), Kind.XATTR_BLOCK, owner, inode.number());
        }
        eaInodes(inode, owner);
        FileType t = inode.type();
        if ((t == FileType.FILE || t == FileType.DIR || t == FileType.SYMLINK) && !inode.hasInlineData()
                && !inode.isFastSymlink(sb)) {
            data(inode, owner, t == FileType.DIR ? Kind.DIRECTORY_BLOCK : Kind.FILE_DATA);
        }
    }

    private void eaInodes(Inode inode, int owner) {
        Xattrs xattrs = new Xattrs(volume);
        try {
            for (List<XattrEntry> list : List.of(xattrs.inBody(inode), xattrs.inBlock(inode))) {
                for (XattrEntry x : list) {
                    if (x.valueInum() != 0 && !mapped.contains(x.valueInum())) {
                        Inode ea = volume.inode(x.valueInum()); // refuses a number past the inode count first:
                        mapped.add(x.valueInum());              // the set's bits grow to the largest number added
                        regions.add(ea.offset(), ea.offset() + ea.length(), Kind.INODE, owner, ea.number());
                        data(ea, owner, Kind.XATTR_VALUE);
                    }
                }
            }
        } catch (ImageException e) {
            problem(e);
        }
    }

    /** The map blocks and the data runs of {@code inode}, as {@code kind}. */
    private void data(Inode inode, int owner, Kind kind) throws ImageException {
        BlockMap map = Contents.blockMap(volume, inode);
        if (map instanceof ExtentTree tree) {
            tree.visit((node, parentIndex) -> {
                if (parentIndex >= 0) {
                    regions.add(node.offset(), node.offset() + sb.blockSize(), Kind.EXTENT_BLOCK, owner, inode.number());
                }
            });
        } else {
            indirectBlocks(inode, owner);
        }
        int bits = sb.blockBits();
        long blocks = (inode.size() + sb.blockSize() - 1) >>> bits;
        long logical = 0;
        while (logical < blocks) {
            if (++runs % RUNS_PER_CHECK == 0) {
                checkCancelled();
            }
            BlockMap.Run run = map.map(logical, blocks);
            if (run.physical() >= 0) {
                if (kind == Kind.DIRECTORY_BLOCK) {
                    for (long k = 0; k < run.length(); k++) {
                        regions.add(block(run.physical() + k), block(run.physical() + k + 1), kind, owner, logical + k);
                    }
                } else {
                    long detail = kind == Kind.RESERVED_INODE_DATA ? inode.number() : logical;
                    regions.add(block(run.physical()), block(run.physical() + run.length()), kind, owner, detail);
                }
            }
            logical += run.length();
        }
    }

    private void indirectBlocks(Inode inode, int owner) throws ImageException {
        for (int level = 1; level <= 3; level++) {
            long p = LittleEndian.u32(inode.raw(), Inode.I_BLOCK + 4 * (IndirectMap.DIRECT + level - 1));
            indirect(p, level, owner, inode.number());
        }
    }

    private void indirect(long p, int level, int owner, long inode) throws ImageException {
        if (p == 0 || !volume.validBlocks(p, 1)) {
            return;
        }
        regions.add(block(p), block(p + 1), Kind.INDIRECT_BLOCK, owner, inode << 2 | level);
        if (level > 1) {
            byte[] b = volume.block(p);
            for (int i = 0; i < b.length / 4; i++) {
                long child = LittleEndian.u32(b, 4 * i);
                if (child != p) {
                    indirect(child, level - 1, owner, inode);
                }
            }
        }
    }

    // ---- journal and free space ------------------------------------------------------------

    private void journal() {
        long j = sb.journalInum();
        if (j == 0 || j > sb.inodesCount() || !mapped.add(j)) { // past the count: no inode, and no bits for it
            return;
        }
        try {
            Inode inode = volume.inode(j);
            regions.add(inode.offset(), inode.offset() + inode.length(), Kind.INODE, -1, j);
            data(inode, -1, Kind.JOURNAL);
        } catch (ImageException e) {
            problem(e);
        }
    }

    /**
     * The other reserved inodes in use (below s_first_ino): their slots and data. The resize
     * inode's data is the reserved descriptor blocks, mapped already; its double indirect block
     * is all of its own.
     */
    private void reservedInodes() {
        for (long n = 1; n < Math.min(sb.firstIno(), sb.inodesCount() + 1); n++) {
            checkCancelled();
            if (n == Superblock.ROOT_INO || mapped.contains(n)) {
                continue;
            }
            try {
                long at = volume.inodeOffset(n);
                byte[] raw = volume.source().read(at, sb.inodeSize());
                if (LittleEndian.u16(raw, 0) == 0 || LittleEndian.u16(raw, 0x1A) == 0) {
                    continue;
                }
                Inode inode = Inode.decode(n, at, raw, sb);
                mapped.add(n);
                regions.add(at, at + raw.length, Kind.INODE, -1, n);
                if (n == RESIZE_INO) {
                    long dind = LittleEndian.u32(raw, Inode.I_BLOCK + 4 * (IndirectMap.DIRECT + 1));
                    if (dind != 0 && volume.validBlocks(dind, 1)) {
                        regions.add(block(dind), block(dind + 1), Kind.INDIRECT_BLOCK, -1, n << 2 | 2);
                    }
                } else if (inode.type() == FileType.FILE || inode.type() == FileType.DIR) {
                    data(inode, -1, Kind.RESERVED_INODE_DATA);
                }
            } catch (ImageException e) {
                problem(e);
            }
        }
    }

    /** Runs of free blocks (clusters with bigalloc) from each group's block bitmap. */
    private void freeSpace() {
        GroupDescriptors groups = volume.groups();
        int clusterBits = sb.clusterBits();
        for (int g = 0; g < groups.count(); g++) {
            checkCancelled();
            if (groups.fault(g) != null || (groups.flags(g) & GroupDescriptors.BLOCK_UNINIT) != 0) {
                continue; // an uninitialised bitmap says nothing; its blocks show as unmapped
            }
            long first = groups.groupFirstBlock(g);
            long count = groups.groupLastBlock(g) - first + 1;
            byte[] bitmap;
            try {
                bitmap = volume.block(groups.blockBitmap(g));
            } catch (ImageException e) {
                problem(e);
                continue;
            }
            long clusters = (count + (1L << clusterBits) - 1) >>> clusterBits;
            long runStart = -1;
            for (long c = 0; c <= clusters; c++) {
                boolean free = c < clusters && c / 8 < bitmap.length && (bitmap[(int) (c / 8)] & (1 << (c % 8))) == 0;
                if (free && runStart < 0) {
                    runStart = c;
                } else if (!free && runStart >= 0) {
                    long from = first + (runStart << clusterBits);
                    long to = Math.min(first + count, first + (c << clusterBits));
                    regions.add(block(from), Math.min(block(to), volume.source().length()), Kind.FREE, -1, from);
                    runStart = -1;
                }
            }
        }
    }
}

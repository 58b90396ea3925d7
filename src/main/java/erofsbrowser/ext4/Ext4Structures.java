package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The field trees of an ext4 image and of its entries, in the order a reader meets them: the
 * superblock and group descriptors; for an entry, the directory entry that names it, its inode
 * (with the in-inode xattrs), its xattr block, the blocks of its extent tree or block map, and a
 * directory's own blocks. Very large maps and directories are shown up to a limit, so that one
 * entry's trees stay quick to build.
 */
final class Ext4Structures {
    /** The most group descriptors shown (a 16 TiB filesystem has 131072). */
    static final int MAX_GROUPS = 1024;
    /** The most extent tree or indirect blocks shown for one inode. */
    static final int MAX_MAP_BLOCKS = 64;
    /** The most directory blocks shown for one directory. */
    static final int MAX_DIRECTORY_BLOCKS = 16;

    private Ext4Structures() {
    }

    static List<Field> image(Volume volume) throws ImageException {
        List<Field> fields = new ArrayList<>();
        fields.add(SuperblockFields.dissect(volume.superblock()));
        int groups = Math.min(volume.groups().count(), MAX_GROUPS);
        for (int g = 0; g < groups; g++) {
            fields.add(GroupDescriptorFields.dissect(volume, g));
        }
        return fields;
    }

    static List<Field> of(Volume volume, Ext4Entry e) throws ImageException {
        Superblock sb = volume.superblock();
        List<Field> fields = new ArrayList<>();
        if (e.direntOffset() >= 0) {
            fields.add(dirent(volume, e));
        }
        Inode inode = e.inode();
        fields.add(InodeFields.dissect(inode, sb));
        long acl = inode.fileAcl();
        if (acl != 0 && volume.validBlocks(acl, 1)) {
            fields.add(XattrFields.block(volume.block(acl), sb.blockOffset(acl), acl, volume));
        }
        boolean mapped = !inode.hasInlineData() && !inode.isFastSymlink(sb)
                && (e.type() == FileType.FILE || e.type() == FileType.DIR || e.type() == FileType.SYMLINK);
        if (mapped) {
            if (inode.usesExtents()) {
                extentBlocks(volume, inode, fields);
            } else {
                indirectBlocks(volume, inode, fields);
            }
            if (e.type() == FileType.DIR) {
                directoryBlocks(volume, inode, fields);
            }
        }
        return fields;
    }

    /** The entry that names {@code e} in its parent directory. */
    private static Field dirent(Volume volume, Ext4Entry e) throws ImageException {
        Superblock sb = volume.superblock();
        byte[] header = volume.source().read(e.direntOffset(), 8);
        int recLen = Directory.decodeRecLen(LittleEndian.u16(header, 4), sb.blockSize());
        int len = (int) Math.max(8, Math.min(Math.min(recLen, sb.blockSize()), volume.source().length() - e.direntOffset()));
        byte[] b = volume.source().read(e.direntOffset(), len);
        Inode parent = volume.inode(e.parent());
        boolean withHash = parent.isEncrypted() && parent.hasFlag(Inode.CASEFOLD_FL);
        return DirentFields.dirent(b, 0, len, e.direntOffset(), withHash, null, sb);
    }

    private static void extentBlocks(Volume volume, Inode inode, List<Field> fields) throws ImageException {
        ExtentTree tree = new ExtentTree(volume, inode);
        if (tree.root().depth() == 0) {
            return;
        }
        Superblock sb = volume.superblock();
        Deque<ExtentNode> pending = new ArrayDeque<>();
        pending.add(tree.root());
        int shown = 0;
        while (!pending.isEmpty() && shown < MAX_MAP_BLOCKS) {
            ExtentNode node = pending.poll();
            if (node.depth() == 0) {
                continue;
            }
            for (int i = 0; i < node.entries() && shown < MAX_MAP_BLOCKS; i++) {
                long block = node.child(i);
                byte[] b = volume.block(block);
                fields.add(ExtentFields.block(b, sb.blockOffset(block), block, volume, inode));
                shown++;
                pending.add(tree.child(node, i));
            }
        }
    }

    private static void indirectBlocks(Volume volume, Inode inode, List<Field> fields) throws ImageException {
        Superblock sb = volume.superblock();
        record Pending(long block, int level) {
        }
        Deque<Pending> pending = new ArrayDeque<>();
        for (int level = 1; level <= 3; level++) {
            long p = LittleEndian.u32(inode.raw(), Inode.I_BLOCK + 4 * (IndirectMap.DIRECT + level - 1));
            if (p != 0 && volume.validBlocks(p, 1)) {
                pending.add(new Pending(p, level));
            }
        }
        int shown = 0;
        while (!pending.isEmpty() && shown < MAX_MAP_BLOCKS) {
            Pending p = pending.poll();
            byte[] b = volume.block(p.block);
            fields.add(IndirectFields.block(b, sb.blockOffset(p.block), p.block, p.level, volume));
            shown++;
            if (p.level > 1) {
                for (int i = 0; i < b.length / 4; i++) {
                    long child = LittleEndian.u32(b, 4 * i);
                    if (child != 0 && volume.validBlocks(child, 1)) {
                        pending.add(new Pending(child, p.level - 1));
                    }
                }
            }
        }
    }

    private static void directoryBlocks(Volume volume, Inode dir, List<Field> fields) throws ImageException {
        Superblock sb = volume.superblock();
        BlockMap map = Contents.blockMap(volume, dir);
        Directory directory = new Directory(volume, dir);
        int seed = dir.checksumSeed(sb);
        boolean withHash = dir.isEncrypted() && dir.hasFlag(Inode.CASEFOLD_FL);
        long blocks = (dir.size() + sb.blockSize() - 1) >>> sb.blockBits();
        long logical = 0;
        int shown = 0;
        while (logical < blocks && shown < MAX_DIRECTORY_BLOCKS) {
            BlockMap.Run run = map.map(logical, blocks);
            for (long k = 0; k < run.length() && !run.readsAsZeros() && shown < MAX_DIRECTORY_BLOCKS; k++) {
                long block = run.physical() + k;
                byte[] b = volume.block(block);
                long offset = sb.blockOffset(block);
                Field dx = directory.isIndexBlock(b, logical + k) ? DxFields.block(b, offset, logical + k, seed, sb) : null;
                fields.add(dx != null ? dx : DirentFields.leafBlock("directory block " + (logical + k), b, 0, b.length,
                        offset, withHash, seed, sb));
                shown++;
            }
            logical += run.length();
        }
    }
}

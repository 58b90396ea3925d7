package erofsbrowser.ext4;

import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;

import java.util.Arrays;

/**
 * Where an inode's bytes come from, as the kernel decides it: inline data, a fast symlink's
 * {@code i_block}, an extent tree or an indirect block map; nothing for devices, fifos and
 * sockets. Encrypted content cannot be read without its key and is refused.
 */
final class Contents {
    private Contents() {
    }

    static FileContent of(Volume volume, Inode inode) throws ImageException {
        if (inode.isEncrypted()) {
            throw new ImageException("inode " + inode.number() + " is encrypted (fscrypt): its content cannot be "
                    + "read without the key", inode.offset() + 0x20).atInode("inode", inode.number());
        }
        FileType type = inode.type();
        if (type != FileType.FILE && type != FileType.DIR && type != FileType.SYMLINK) {
            return new InlineContent(new byte[0]);
        }
        if (inode.hasInlineData()) {
            return new InlineContent(inlineData(volume, inode), inode.size());
        }
        if (inode.isFastSymlink(volume.superblock())) {
            int n = (int) Math.min(inode.size(), Inode.I_BLOCK_SIZE - 1);
            return new InlineContent(Arrays.copyOfRange(inode.raw(), Inode.I_BLOCK, Inode.I_BLOCK + n));
        }
        return new MappedContent(volume, blockMap(volume, inode), inode.size());
    }

    /** The inode's block map: its extent tree, or its indirect map. */
    static BlockMap blockMap(Volume volume, Inode inode) throws ImageException {
        return inode.usesExtents() ? new ExtentTree(volume, inode) : new IndirectMap(volume, inode);
    }

    /** The bytes an inline-data inode holds: {@code i_block}, then the value of {@code system.data}. */
    static byte[] inlineData(Volume volume, Inode inode) throws ImageException {
        XattrEntry data = new Xattrs(volume).inlineDataEntry(inode);
        int extra = data == null ? 0 : (int) data.valueSize();
        byte[] b = new byte[Inode.I_BLOCK_SIZE + extra];
        System.arraycopy(inode.raw(), Inode.I_BLOCK, b, 0, Inode.I_BLOCK_SIZE);
        if (extra > 0) {
            volume.source().readFully(data.valueOffset(), b, Inode.I_BLOCK_SIZE, extra);
        }
        return b;
    }
}

package erofsbrowser.ext4;

import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an inode's extended attributes as the kernel's {@code ext4_listxattr} and
 * {@code ext4_xattr_get} do: the entries in the inode's body (after {@code i_extra_isize}, behind
 * the magic {@code 0xEA020000}), then those of the block {@code i_file_acl} points at, each
 * checked as {@code ext4_xattr_check_entries} checks them; a value in an inode of its own
 * (ea_inode) is that inode's content; POSIX ACLs are turned from ext4's compact form into the
 * form {@code getxattr} returns.
 */
final class Xattrs {
    static final int MAGIC = 0xEA020000;
    /** The xattr block's header: h_magic, h_refcount, h_blocks, h_hash, h_checksum, h_reserved[3]. */
    static final int BLOCK_HEADER = 32;
    /** EXT4_XATTR_SIZE_MAX. */
    static final long SIZE_MAX = 1L << 24;

    private final Volume volume;

    Xattrs(Volume volume) {
        this.volume = volume;
    }

    /** Where the in-inode xattr header lies in the inode's bytes, or -1 when the inode has none. */
    static int bodyHeader(Inode inode) {
        int extra = inode.storedExtraIsize();
        int header = Superblock.GOOD_OLD_INODE_SIZE + extra;
        if (extra == 0 || header + 4 > inode.length() || LittleEndian.i32(inode.raw(), header) != MAGIC) {
            return -1;
        }
        return header;
    }

    /** The entries in the inode's body, in stored order. */
    List<XattrEntry> inBody(Inode inode) throws ImageException {
        int header = bodyHeader(inode);
        if (header < 0) {
            return List.of();
        }
        int first = header + 4;
        return entries(inode.raw(), first, inode.length(), first, inode.offset(), false, inode);
    }

    /** The entries of the inode's xattr block, in stored order; empty when it has none. */
    List<XattrEntry> inBlock(Inode inode) throws ImageException {
        long block = inode.fileAcl();
        if (block == 0) {
            return List.of();
        }
        byte[] b = xattrBlock(inode);
        return entries(b, BLOCK_HEADER, b.length, 0, volume.superblock().blockOffset(block), true, inode);
    }

    /** The inode's xattr block, checked: magic, one block, checksum (a mismatch is a warning). */
    byte[] xattrBlock(Inode inode) throws ImageException {
        long block = inode.fileAcl();
        Superblock sb = volume.superblock();
        if (!volume.validBlocks(block, 1)) {
            throw new ImageException("i_file_acl points at block " + block + ", outside the filesystem",
                    inode.offset() + 0x68).atInode("inode", inode.number());
        }
        byte[] b = volume.block(block);
        long at = sb.blockOffset(block);
        if (LittleEndian.i32(b, 0) != MAGIC) {
            throw new ImageException(String.format("the xattr block %d has h_magic 0x%08x, not 0x%08x", block,
                    LittleEndian.i32(b, 0), MAGIC), at).atInode("inode", inode.number());
        }
        if (LittleEndian.i32(b, 8) != 1) {
            throw new ImageException("the xattr block " + block + " has h_blocks " + LittleEndian.u32(b, 8)
                    + ", not 1", at + 8).atInode("inode", inode.number());
        }
        if (sb.metadataCsum() && blockChecksum(b, block) != LittleEndian.i32(b, 16)) {
            volume.warn("The checksum of the xattr block " + block + " (of inode " + inode.number()
                    + ") does not match.");
        }
        return b;
    }

    /** The xattr block checksum as {@code ext4_xattr_block_csum} computes it. */
    int blockChecksum(byte[] b, long block) {
        int c = Crc32c.updateInt(volume.superblock().checksumSeed(), (int) block);
        c = Crc32c.updateInt(c, (int) (block >>> 32));
        c = Crc32c.update(c, b, 0, 16);
        c = Crc32c.updateZeros(c, 4);
        return Crc32c.update(c, b, 20, b.length - 20);
    }

    /**
     * Parses the entries of {@code b} from {@code first} up to {@code end}, values counted from
     * {@code valueBase}; {@code offset} is the image offset of {@code b[0]}.
     */
    private static List<XattrEntry> entries(byte[] b, int first, int end, int valueBase, long offset, boolean inBlock,
                                            Inode inode) throws ImageException {
        List<XattrEntry> list = new ArrayList<>();
        int e = first;
        while (true) {
            if (e + 4 > end) {
                throw corrupt("the xattr entries run past the end of their area", offset + e, inode);
            }
            if (LittleEndian.i32(b, e) == 0) {
                break;
            }
            int nameLen = LittleEndian.u8(b, e);
            int next = e + XattrEntry.entryLength(nameLen);
            if (next >= end) {
                throw corrupt("an xattr entry runs past the end of its area", offset + e, inode);
            }
            byte[] suffix = Arrays.copyOfRange(b, e + 16, e + 16 + nameLen);
            for (byte c : suffix) {
                if (c == 0) {
                    throw corrupt("an xattr name holds a NUL byte", offset + e + 16, inode);
                }
            }
            long size = LittleEndian.u32(b, e + 8);
            long inum = LittleEndian.u32(b, e + 4);
            int offs = LittleEndian.u16(b, e + 2);
            list.add(new XattrEntry(LittleEndian.u8(b, e + 1), suffix, offset + e, next - e,
                    inum != 0 ? -1 : offset + valueBase + offs, inum, size, LittleEndian.i32(b, e + 12), inBlock));
            e = next;
        }
        int namesEnd = e + 4;
        for (XattrEntry x : list) {
            if (x.valueSize() > SIZE_MAX) {
                throw corrupt("an xattr value of " + x.valueSize() + " bytes is larger than 16 MiB", x.offset() + 8, inode);
            }
            if (x.valueSize() != 0 && x.valueInum() == 0) {
                long value = x.valueOffset() - offset;
                long padded = (x.valueSize() + 3) & ~3L;
                if (value - valueBase > end - valueBase || value < namesEnd || padded > end - value) {
                    throw corrupt("an xattr value (" + x.valueSize() + " bytes at e_value_offs "
                            + (value - valueBase) + ") overlaps the names or runs past the end of its area",
                            x.offset() + 2, inode);
                }
            }
        }
        return list;
    }

    private static ImageException corrupt(String problem, long offset, Inode inode) {
        return new ImageException(problem, offset).atInode("inode", inode.number());
    }

    /** The stored value of {@code x}, an entry of {@code inode}: from the inode, its block, or an inode of its own. */
    byte[] value(XattrEntry x, Inode inode) throws ImageException {
        if (x.valueInum() != 0) {
            return eaInodeValue(x, inode);
        }
        byte[] v = new byte[(int) x.valueSize()];
        if (v.length > 0) {
            volume.source().readFully(x.valueOffset(), v, 0, v.length);
        }
        return v;
    }

    private byte[] eaInodeValue(XattrEntry x, Inode owner) throws ImageException {
        if (!volume.superblock().has(Ext4Feature.EA_INODE)) {
            throw corrupt("an xattr value lies in inode " + x.valueInum() + " but the filesystem has no ea_inode",
                    x.offset() + 4, owner);
        }
        Inode ea = volume.inode(x.valueInum());
        if (!ea.hasFlag(Inode.EA_INODE_FL) || ea.type() != FileType.FILE) {
            throw corrupt("inode " + x.valueInum() + ", which an xattr value names, is not an xattr inode "
                    + "(EXT4_EA_INODE_FL)", x.offset() + 4, owner);
        }
        if (ea.size() != x.valueSize()) {
            throw corrupt("xattr inode " + x.valueInum() + " holds " + ea.size() + " bytes, the entry says "
                    + x.valueSize(), x.offset() + 8, owner);
        }
        byte[] v = new byte[(int) x.valueSize()];
        int n = Contents.of(volume, ea).read(0, v, 0, v.length);
        if (n != v.length) {
            throw corrupt("xattr inode " + x.valueInum() + " ends early", ea.offset(), owner);
        }
        return v;
    }

    /** The attributes as {@code listxattr} and {@code getxattr} give them: body first, then the block. */
    List<ExtendedAttribute> listed(Inode inode) throws ImageException {
        List<ExtendedAttribute> list = new ArrayList<>();
        Superblock sb = volume.superblock();
        for (List<XattrEntry> entries : List.of(inBody(inode), inBlock(inode))) {
            for (XattrEntry x : entries) {
                byte[] name = x.listedName(sb);
                if (name == null) {
                    continue;
                }
                byte[] value = value(x, inode);
                if (x.nameIndex() == XattrName.POSIX_ACL_ACCESS || x.nameIndex() == XattrName.POSIX_ACL_DEFAULT) {
                    value = PosixAcl.toXattr(value, x.valueOffset() < 0 ? x.offset() : x.valueOffset(), inode);
                }
                list.add(new ExtendedAttribute(name, value));
            }
        }
        return list;
    }

    /** The {@code system.data} entry of an inline-data inode (in its body), or null. */
    XattrEntry inlineDataEntry(Inode inode) throws ImageException {
        for (XattrEntry x : inBody(inode)) {
            if (x.nameIndex() == XattrName.SYSTEM && x.suffix().length == 4 && x.suffix()[0] == 'd'
                    && x.suffix()[1] == 'a' && x.suffix()[2] == 't' && x.suffix()[3] == 'a' && x.valueInum() == 0) {
                return x;
            }
        }
        return null;
    }
}

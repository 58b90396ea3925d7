package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

import java.io.ByteArrayOutputStream;

/**
 * POSIX ACLs as ext4 stores them ({@code ext4_acl_header}, version 1, then short entries of tag
 * and permissions, and long ones with a user or group id for ACL_USER and ACL_GROUP), turned into
 * what {@code getxattr("system.posix_acl_*")} returns: the kernel's {@code posix_acl_to_xattr}
 * form, version 2, every entry eight bytes, ids of other tags as ACL_UNDEFINED_ID.
 */
final class PosixAcl {
    static final int EXT4_ACL_VERSION = 1;
    static final int POSIX_ACL_XATTR_VERSION = 2;
    static final int USER_OBJ = 0x01;
    static final int USER = 0x02;
    static final int GROUP_OBJ = 0x04;
    static final int GROUP = 0x08;
    static final int MASK = 0x10;
    static final int OTHER = 0x20;

    private PosixAcl() {
    }

    /** The xattr form of the stored ACL {@code disk} (which lies at image {@code offset}), as ext4_acl_from_disk reads it. */
    static byte[] toXattr(byte[] disk, long offset, Inode inode) throws ImageException {
        if (disk.length < 4 || LittleEndian.i32(disk, 0) != EXT4_ACL_VERSION) {
            throw new ImageException("a POSIX ACL is not in ext4's format (version 1)", offset).atInode("inode", inode.number());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(disk.length * 2);
        writeInt(out, POSIX_ACL_XATTR_VERSION);
        int at = 4;
        while (at < disk.length) {
            if (at + 4 > disk.length) {
                throw bad(offset + at, inode);
            }
            int tag = LittleEndian.u16(disk, at);
            int perm = LittleEndian.u16(disk, at + 2);
            long id;
            switch (tag) {
                case USER_OBJ, GROUP_OBJ, MASK, OTHER -> {
                    id = 0xFFFF_FFFFL;
                    at += 4;
                }
                case USER, GROUP -> {
                    if (at + 8 > disk.length) {
                        throw bad(offset + at, inode);
                    }
                    id = LittleEndian.u32(disk, at + 4);
                    at += 8;
                }
                default -> throw new ImageException("a POSIX ACL entry has the unknown tag " + tag, offset + at)
                        .atInode("inode", inode.number());
            }
            out.write(tag);
            out.write(tag >>> 8);
            out.write(perm);
            out.write(perm >>> 8);
            writeInt(out, (int) id);
        }
        return out.toByteArray();
    }

    private static ImageException bad(long offset, Inode inode) {
        return new ImageException("a POSIX ACL ends inside an entry", offset).atInode("inode", inode.number());
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}

package erofsbrowser.ext4;

import erofsbrowser.image.ByteRange;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A run of bytes of an ext4 image and what owns it, as an {@link Ext4ByteMap} reports it (the
 * ext4 counterpart of the EROFS reader's {@code ImageRegion}).
 *
 * @param range       where it lies in the image
 * @param kind        what it is
 * @param description what it is in words, naming its owner ("inode 12 of /etc/passwd")
 * @param path        the path of the entry it belongs to, or null (superblock, bitmaps, free space, journal)
 * @param inode       the inode it belongs to, or -1
 */
public record Ext4Region(ByteRange range, Kind kind, String description, byte[] path, long inode) {

    /** What a region is; constants that contain others come first, the order {@link Ext4ByteMap#at} uses for equal ranges. */
    public enum Kind {
        /** The 1024 bytes before the superblock: boot code, unused by ext4. */
        BOOT_AREA,
        /** {@code struct ext4_super_block} (the primary one, or a backup in a group). */
        SUPERBLOCK,
        /** The rest of the block that holds a superblock. */
        SUPERBLOCK_PADDING,
        /** A block of the primary group descriptor table; its descriptors lie inside it. */
        GROUP_DESCRIPTOR_TABLE,
        /** One {@code struct ext4_group_desc} of the primary table. */
        GROUP_DESCRIPTOR,
        /** A backup copy of the group descriptor table. */
        BACKUP_GROUP_DESCRIPTORS,
        /** Blocks reserved after the descriptors for the table to grow (resize_inode). */
        RESERVED_GDT,
        /** A group's block (or cluster) bitmap. */
        BLOCK_BITMAP,
        /** A group's inode bitmap. */
        INODE_BITMAP,
        /** A group's inode table; the slots of inodes in use lie inside it as {@link #INODE}. */
        INODE_TABLE,
        /** The slot of an inode in use. */
        INODE,
        /** A block of extended attributes ({@code i_file_acl}), maybe shared by several inodes. */
        XATTR_BLOCK,
        /** A non-root node of an extent tree. */
        EXTENT_BLOCK,
        /** An indirect block of a block map. */
        INDIRECT_BLOCK,
        /** A block of a directory; its entries lie inside it as {@link #DIRENT}. */
        DIRECTORY_BLOCK,
        /** A directory entry ({@code struct ext4_dir_entry_2}), owned by the entry it names. */
        DIRENT,
        /** A run of a file's (or symlink's) data blocks. */
        FILE_DATA,
        /** The content of an xattr inode (ea_inode): one xattr value. */
        XATTR_VALUE,
        /** The journal's blocks (the journal inode's data). */
        JOURNAL,
        /** The data of another reserved inode (quota, orphan file, boot loader). */
        RESERVED_INODE_DATA,
        /** Blocks the block bitmaps mark free. */
        FREE
    }

    public Ext4Region {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public byte[] path() {
        return path == null ? null : path.clone();
    }

    /** The owning entry's path for display, or null. */
    public String pathString() {
        return path == null ? null : new String(path, StandardCharsets.UTF_8);
    }

    /** Whether the region belongs to an entry of the tree that can be selected. */
    public boolean hasEntry() {
        return path != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ext4Region r && range.equals(r.range) && kind == r.kind && inode == r.inode
                && description.equals(r.description) && Arrays.equals(path, r.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(range, kind, description, Arrays.hashCode(path), inode);
    }

    @Override
    public String toString() {
        return kind + " " + range + ": " + description;
    }
}

package erofsbrowser.erofs.map;

import erofsbrowser.image.ByteRange;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A run of bytes of the image and the on-disk structure that owns it, as an {@link ImageMap}
 * reports it: for a hex view's "what is this byte" and for highlighting an entry's bytes.
 *
 * @param range       where the structure lives in the image
 * @param kind        what kind of structure it is
 * @param description human text naming the structure and its owner, e.g.
 *                    "inode of /etc/passwd (nid 1234, extended, 64 bytes)"; bytes several files
 *                    share (deduplication) end with "; shared with /other/path"
 * @param path        the path of the entry the structure belongs to (the first path the walk
 *                    found when several share it: hard links, deduplicated data), or null when it
 *                    belongs to none (superblock fields, shared xattrs, the hidden packed or
 *                    metabox inode)
 * @param nid         the nid of the inode the structure belongs to (bit 63 set, so negative, for
 *                    an inode in the metabox), or -1 when none
 */
public record ImageRegion(ByteRange range, Kind kind, String description, byte[] path, long nid) {

    /**
     * What a region is. Constants that can contain others come before the ones they contain,
     * which is the order {@link ImageMap#at} uses for regions with equal ranges.
     */
    public enum Kind {
        /** One field of {@code struct erofs_super_block}. */
        SUPERBLOCK_FIELD,
        /** A compression configuration record after the superblock. */
        COMPRESSION_CONFIG,
        /** A device table slot ({@code struct erofs_deviceslot}). */
        DEVICE_SLOT,
        /** A long xattr name prefix record, when the table is stored plainly in the image. */
        LONG_XATTR_PREFIX,
        /** A shared xattr entry, which any number of inodes refer to. */
        SHARED_XATTR,
        /** An on-disk inode (32 or 64 bytes). */
        INODE,
        /** The inline xattr body right after an inode. */
        XATTR_AREA,
        /** The compression map header of a compressed inode. */
        MAP_HEADER,
        /** A compressed inode's lcluster indexes (full or compact) or extent records. */
        COMPRESSION_INDEX,
        /** A chunk-based inode's chunk index table (or 4-byte block map). */
        CHUNK_INDEX,
        /** One block of a directory's data, stored plainly (in data blocks or inline). */
        DIRECTORY_BLOCK,
        /** A 12-byte {@code struct erofs_dirent}. */
        DIRENT,
        /** The name bytes of a dirent. */
        DIRENT_NAME,
        /** A flat file's tail stored right after its inode. */
        INLINE_DATA,
        /** A run of an uncompressed file's data blocks. */
        FILE_DATA,
        /** A physical cluster of a compressed file (in data blocks, or inline with ztailpacking). */
        PCLUSTER
    }

    public ImageRegion {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public byte[] path() {
        return path == null ? null : path.clone();
    }

    /** The owning entry's path for display, or null when there is none. */
    public String pathString() {
        return path == null ? null : new String(path, StandardCharsets.UTF_8);
    }

    /** Whether the region belongs to an entry of the tree that can be selected. */
    public boolean hasEntry() {
        return path != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRegion r && range.equals(r.range) && kind == r.kind && nid == r.nid
                && description.equals(r.description) && Arrays.equals(path, r.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(range, kind, description, Arrays.hashCode(path), nid);
    }

    @Override
    public String toString() {
        return kind + " " + range + ": " + description;
    }
}

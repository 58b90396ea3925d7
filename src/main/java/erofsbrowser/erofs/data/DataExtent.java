package erofsbrowser.erofs.data;

import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.image.ByteRange;

/**
 * A logical range of a file and where its bytes are stored.
 *
 * @param logicalOffset where the range starts in the file
 * @param length        how many bytes of the file it covers
 * @param storage       how those bytes are stored
 * @param device        0 for the image itself, n for extra device n
 * @param physical      the stored bytes: on that device for {@link Storage#BLOCKS}; right after the
 *                      inode for {@link Storage#INLINE} (in the metabox data when the inode lives
 *                      there); in the packed inode's data for {@link Storage#FRAGMENT}; empty for holes
 * @param algorithm     the compression of the stored bytes, or null when they are stored as is
 * @param partialReference only the first {@code length} bytes of the decompressed pcluster
 *                      belong to this range (a pcluster shared by deduplication)
 */
public record DataExtent(long logicalOffset, long length, Storage storage, int device, ByteRange physical,
                         CompressionAlgorithm algorithm, boolean partialReference) {

    public enum Storage {
        /** Blocks (or a byte run) on a device. */
        BLOCKS,
        /** Stored right after the inode: a flat file's tail, or a compressed file's tail pcluster. */
        INLINE,
        /** Stored inside the packed inode, shared with other files' tails. */
        FRAGMENT,
        /** Not stored: reads as zeros. */
        HOLE
    }

    /** An extent of uncompressed bytes. */
    public DataExtent(long logicalOffset, long length, Storage storage, int device, ByteRange physical) {
        this(logicalOffset, length, storage, device, physical, null, false);
    }

    public long logicalEnd() {
        return logicalOffset + length;
    }

    public boolean isCompressed() {
        return algorithm != null;
    }

    /** Whether the file's bytes can be seen as they are in the image at {@link #physical}. */
    public boolean isPlainInImage() {
        return algorithm == null && device == 0 && (storage == Storage.BLOCKS || storage == Storage.INLINE);
    }
}

package erofsbrowser.core;

/**
 * A logical range of a file and where its bytes are stored.
 *
 * @param logicalOffset where the range starts in the file
 * @param length        how many bytes of the file it covers
 * @param storage       how those bytes are stored
 * @param device        0 for the image itself, n for extra device n
 * @param physical      the stored bytes on that device (for {@link Storage#INLINE}: in the metadata
 *                      area, which is the metabox data when the inode lives there); empty for holes
 */
public record DataExtent(long logicalOffset, long length, Storage storage, int device, ByteRange physical) {

    public enum Storage {
        /** Plain blocks on a device. */
        BLOCKS,
        /** The tail, stored right after the inode. */
        INLINE,
        /** Not stored: reads as zeros. */
        HOLE
    }

    public long logicalEnd() {
        return logicalOffset + length;
    }
}

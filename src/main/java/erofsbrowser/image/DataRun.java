package erofsbrowser.image;

/**
 * Where a run of an entry's content is stored: a range of the image (compressed or not), or
 * somewhere the image's bytes do not show it as such (a hole, another device, inside another
 * file such as EROFS's packed inode).
 *
 * @param fileOffset  where the run starts in the content
 * @param length      how many bytes of the content it covers
 * @param stored      the bytes that hold it in the image, or null when it is not stored there plainly
 * @param compression the algorithm its stored bytes are compressed with, or "" when stored as they are
 * @param where       how it is stored, for people: "blocks", "inline after the inode", "hole",
 *                    "in the packed inode", "on extra device 1", ...
 */
public record DataRun(long fileOffset, long length, ByteRange stored, String compression, String where) {

    public long fileEnd() {
        return fileOffset + length;
    }

    public boolean isCompressed() {
        return !compression.isEmpty();
    }
}

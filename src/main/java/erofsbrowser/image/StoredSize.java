package erofsbrowser.image;

/**
 * How many bytes of the image an entry's content takes (what {@code du} would count), and where
 * the rest of it is kept when not in its own blocks.
 *
 * @param bytes bytes of the image that hold the content (compressed data, blocks, inline tails)
 * @param note  where else content lives ("in the packed inode", "on extra device 1"), or ""
 */
public record StoredSize(long bytes, String note) {
}

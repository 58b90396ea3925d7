package erofsbrowser.image;

import java.util.List;

/**
 * Who owns each byte of an image, built once by walking the whole image (in the background: it
 * reads every inode): for a hex view's "what is this byte" and "select what owns it". Immutable
 * once built; safe to query from any thread.
 */
public interface ByteOwnerMap {

    /** What owns byte {@code offset}, down to its field; null for a byte no structure or file uses. */
    ByteOwner at(long offset) throws ImageException;

    /** Problems met while building, each confined to one inode or structure (the rest was mapped). */
    List<ImageException> problems();
}

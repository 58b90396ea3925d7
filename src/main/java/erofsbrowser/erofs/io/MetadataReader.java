package erofsbrowser.erofs.io;

import erofsbrowser.image.ImageException;

/**
 * Where inode metadata is read from: the image itself, or the data of the metabox inode for nids
 * with bit 63 set. Inodes, their xattrs, inline data and compression indexes are read through it.
 */
public interface MetadataReader {
    void readFully(long position, byte[] dst, int off, int len) throws ImageException;

    /** Whether positions are in the metabox inode's data rather than in the image. */
    boolean isMetabox();

    default byte[] read(long position, int len) throws ImageException {
        byte[] b = new byte[len];
        readFully(position, b, 0, len);
        return b;
    }

    default java.nio.ByteBuffer buffer(long position, int len) throws ImageException {
        return java.nio.ByteBuffer.wrap(read(position, len)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }
}

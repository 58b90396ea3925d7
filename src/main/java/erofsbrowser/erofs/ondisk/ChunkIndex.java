package erofsbrowser.erofs.ondisk;

import erofsbrowser.erofs.data.ChunkedData;
import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import java.nio.ByteBuffer;

/**
 * Where one chunk of a CHUNK_BASED file is stored: a 4-byte block map entry, or an 8-byte
 * {@code struct erofs_inode_chunk_index} with a device id.
 *
 * @param chunk      the chunk's number in the file
 * @param range      where the entry itself lives (in the metabox data when the inode does)
 * @param device     0 for the image, n for extra device n
 * @param startBlock first block of the chunk on that device; meaningless for a hole
 * @param hole       the chunk is not stored and reads as zeros
 */
public record ChunkIndex(int chunk, ByteRange range, int device, long startBlock, boolean hole) {

    public static ChunkIndex read(MetadataReader meta, long tablePos, int chunk, int format, int deviceIdMask)
            throws ImageException {
        boolean indexes = (format & ChunkedData.FORMAT_INDEXES) != 0;
        if (!indexes) {
            long pos = tablePos + 4L * chunk;
            long block = Integer.toUnsignedLong(meta.buffer(pos, 4).getInt(0));
            return new ChunkIndex(chunk, new ByteRange(pos, 4), 0, block, block == 0xFFFF_FFFFL);
        }
        long pos = tablePos + 8L * chunk;
        ByteBuffer b = meta.buffer(pos, 8);
        long high = Short.toUnsignedInt(b.getShort(0));
        int device = Short.toUnsignedInt(b.getShort(2)) & deviceIdMask;
        long low = Integer.toUnsignedLong(b.getInt(4));
        boolean wide = (format & ChunkedData.FORMAT_48BIT) != 0;
        long mask = wide ? (1L << 48) - 1 : 0xFFFF_FFFFL;
        long block = (low | (wide ? high << 32 : 0)) & mask;
        return new ChunkIndex(chunk, new ByteRange(pos, 8), device, block, block == mask);
    }
}

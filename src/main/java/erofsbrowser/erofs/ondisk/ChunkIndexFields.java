package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.LazyFields;

/**
 * The dissector of a chunk-based inode's table: 4-byte block map entries, or 8-byte
 * {@code struct erofs_inode_chunk_index} entries with a device id.
 */
public final class ChunkIndexFields {
    private ChunkIndexFields() {
    }

    /**
     * The table of {@code count} entries of {@code unit} bytes at image {@code offset}, whose bytes
     * are {@code b}; {@code chunkSize} bytes of the file per entry.
     */
    public static Field table(long offset, byte[] b, int count, int unit, long chunkSize, boolean wide) {
        return Field.structure(unit == 8 ? "erofs_inode_chunk_index[" + count + "]" : "block map[" + count + "]",
                offset, b.length, count + " chunks of " + chunkSize + " bytes",
                new LazyFields(count, k -> unit == 8 ? index(offset, b, k, chunkSize, wide) : blockMap(offset, b, k, chunkSize)));
    }

    private static Field blockMap(long offset, byte[] b, int k, long chunkSize) {
        FieldBuilder f = FieldBuilder.littleEndian("chunk " + k, offset + 4L * k, b, 4 * k, 4);
        f.meaning("file bytes " + k * chunkSize + ".." + (k + 1) * chunkSize);
        f.u32("blkaddr", v -> v == 0xFFFF_FFFFL ? "hole (EROFS_NULL_ADDR)" : "at block " + v);
        return f.build();
    }

    private static Field index(long offset, byte[] b, int k, long chunkSize, boolean wide) {
        FieldBuilder f = FieldBuilder.littleEndian("chunk " + k, offset + 8L * k, b, 8 * k, 8);
        f.meaning("file bytes " + k * chunkSize + ".." + (k + 1) * chunkSize);
        f.u16("startblk_hi", v -> wide ? "high 16 bits of the start block" : "unused (not 48-bit)");
        f.u16("device_id", v -> v == 0 ? "the image itself" : "extra device " + v);
        f.u32("startblk_lo", v -> "start block (low 32 bits)");
        return f.build();
    }
}

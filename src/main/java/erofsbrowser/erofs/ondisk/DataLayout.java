package erofsbrowser.erofs.ondisk;

/** How an inode's data is stored: bits 1..3 of i_format. */
public enum DataLayout {
    /** Contiguous blocks from the start block. */
    FLAT_PLAIN,
    /** Compressed, one 8-byte index per logical cluster. */
    COMPRESSED_FULL,
    /** Contiguous blocks, with the last partial block stored right after the inode. */
    FLAT_INLINE,
    /** Compressed, with packed (2- and 4-byte) logical cluster indexes. */
    COMPRESSED_COMPACT,
    /** Fixed-size chunks, each mapped by a block map entry or a chunk index. */
    CHUNK_BASED;

    /** By the value of the i_format bits (values() copies its array on every call). */
    private static final DataLayout[] BY_BITS = values();

    /** The layout that i_format bits 1..3 name, or null for an unknown value. */
    static DataLayout ofBits(int bits) {
        return bits >= 0 && bits < BY_BITS.length ? BY_BITS[bits] : null;
    }

    public boolean isCompressed() {
        return this == COMPRESSED_FULL || this == COMPRESSED_COMPACT;
    }
}

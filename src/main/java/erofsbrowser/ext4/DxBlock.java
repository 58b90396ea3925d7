package erofsbrowser.ext4;

import erofsbrowser.image.LittleEndian;

/**
 * An htree index block of a hashed directory: the root ({@code struct dx_root}: fake "." and ".."
 * entries, {@code dx_root_info}, then {@code dx_countlimit} and {@code dx_entry} pairs) or an
 * inner node ({@code struct dx_node}: one fake unused entry over the whole block, then the same
 * count/limit and entries); with metadata_csum a {@code struct dx_tail} follows the
 * {@code limit} entries.
 */
final class DxBlock {
    static final int ROOT_COUNT_OFFSET = 32;
    static final int NODE_COUNT_OFFSET = 8;
    static final int ENTRY = 8;
    static final int TAIL = 8;

    private DxBlock() {
    }

    /** Where {@code dx_countlimit} lies in {@code b}, as the kernel's {@code get_dx_countlimit} finds it, or -1 when it is not an index block. */
    static int countOffset(byte[] b) {
        int bs = b.length;
        int first = Directory.decodeRecLen(LittleEndian.u16(b, 4), bs);
        if (first == bs) {
            return NODE_COUNT_OFFSET;
        }
        if (first == 12 && Directory.decodeRecLen(LittleEndian.u16(b, 16), bs) == bs - 12
                && LittleEndian.i32(b, 24) == 0 && LittleEndian.u8(b, 29) == 8) {
            return ROOT_COUNT_OFFSET;
        }
        return -1;
    }

    /** Where the {@code dx_tail} lies (after {@code limit} entries), or -1 when there is no room for it or no index. */
    static int tailOffset(byte[] b) {
        int c = countOffset(b);
        if (c < 0) {
            return -1;
        }
        int limit = LittleEndian.u16(b, c);
        int tail = c + limit * ENTRY;
        return tail + TAIL <= b.length ? tail : -1;
    }

    /** The checksum as {@code ext4_dx_csum} computes it from the directory's seed, or null when the block has no room or a bad count. */
    static Integer checksum(byte[] b, int seed) {
        int c = countOffset(b);
        int tail = tailOffset(b);
        if (c < 0 || tail < 0) {
            return null;
        }
        int count = LittleEndian.u16(b, c + 2);
        int limit = LittleEndian.u16(b, c);
        if (count > limit) {
            return null;
        }
        int crc = Crc32c.update(seed, b, 0, c + count * ENTRY);
        crc = Crc32c.update(crc, b, tail, 4);
        return Crc32c.updateZeros(crc, 4);
    }

    /** The stored {@code dt_checksum}, or null when there is no tail. */
    static Integer storedChecksum(byte[] b) {
        int tail = tailOffset(b);
        return tail < 0 ? null : LittleEndian.i32(b, tail + 4);
    }
}

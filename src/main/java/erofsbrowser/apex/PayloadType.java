package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;

/**
 * The filesystem of an APEX payload, told by its superblock magic in the order apexd's
 * {@code RetrieveFsType} (and deapexer) check: f2fs at byte 1024, ext4 at 1024 + 0x38, EROFS at 1024.
 */
public enum PayloadType {
    F2FS("f2fs"), EXT4("ext4"), EROFS("erofs"), UNKNOWN("unknown");

    static final long F2FS_MAGIC = 0xF2F52010L;
    static final int EXT4_MAGIC = 0xEF53;
    static final long EROFS_MAGIC = 0xE0F5E1E2L;
    static final int SUPERBLOCK_OFFSET = 1024;

    private final String label;

    PayloadType(String label) {
        this.label = label;
    }

    /** The name apexer's {@code payload_fs_type} and apexd use ("ext4", "erofs"). */
    public String label() {
        return label;
    }

    /** The type of the filesystem at the start of {@code payload}. */
    public static PayloadType detect(ImageSource payload) throws ImageException {
        if (payload.length() < SUPERBLOCK_OFFSET + 0x3A) {
            return UNKNOWN;
        }
        byte[] b = DirectReads.read(payload, SUPERBLOCK_OFFSET, 0x3A);
        if (LittleEndian.u32(b, 0) == F2FS_MAGIC) {
            return F2FS;
        }
        if (LittleEndian.u16(b, 0x38) == EXT4_MAGIC) {
            return EXT4;
        }
        if (LittleEndian.u32(b, 0) == EROFS_MAGIC) {
            return EROFS;
        }
        return UNKNOWN;
    }
}

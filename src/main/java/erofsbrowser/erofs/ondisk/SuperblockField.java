package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of {@code struct erofs_super_block}, with their offsets relative to the superblock's
 * start (byte 1024 of the image) and the names the format gives them. Where the format overlays
 * two meanings on the same bytes the name says both ({@code root_nid/blocks_hi}).
 */
public enum SuperblockField {
    MAGIC("magic", 0, 4),
    CHECKSUM("checksum", 4, 4),
    FEATURE_COMPAT("feature_compat", 8, 4),
    BLKSZBITS("blkszbits", 12, 1),
    SB_EXTSLOTS("sb_extslots", 13, 1),
    ROOT_NID("root_nid/blocks_hi", 14, 2),
    INOS("inos", 16, 8),
    EPOCH("epoch", 24, 8),
    FIXED_NSEC("fixed_nsec", 32, 4),
    BLOCKS_LO("blocks_lo", 36, 4),
    META_BLKADDR("meta_blkaddr", 40, 4),
    XATTR_BLKADDR("xattr_blkaddr", 44, 4),
    UUID("uuid", 48, 16),
    VOLUME_NAME("volume_name", 64, 16),
    FEATURE_INCOMPAT("feature_incompat", 80, 4),
    AVAILABLE_COMPR_ALGS("available_compr_algs/lz4_max_distance", 84, 2),
    EXTRA_DEVICES("extra_devices", 86, 2),
    DEVT_SLOTOFF("devt_slotoff", 88, 2),
    DIRBLKBITS("dirblkbits", 90, 1),
    XATTR_PREFIX_COUNT("xattr_prefix_count", 91, 1),
    XATTR_PREFIX_START("xattr_prefix_start", 92, 4),
    PACKED_NID("packed_nid", 96, 8),
    XATTR_FILTER_RESERVED("xattr_filter_reserved", 104, 1),
    ISHARE_XATTR_PREFIX_ID("ishare_xattr_prefix_id", 105, 1),
    RESERVED("reserved", 106, 2),
    BUILD_TIME("build_time", 108, 4),
    ROOTNID_8B("rootnid_8b", 112, 8),
    RESERVED2("reserved2", 120, 8),
    /** In the first extension slot: only there when sb_extslots is at least 1. */
    METABOX_NID("metabox_nid", 128, 8),
    /** Pads the first extension slot. */
    RESERVED3("reserved3", 136, 8);

    private final String formatName;
    private final int offset;
    private final int size;

    SuperblockField(String formatName, int offset, int size) {
        this.formatName = formatName;
        this.offset = offset;
        this.size = size;
    }

    /** The field's name in {@code struct erofs_super_block}. */
    public String formatName() {
        return formatName;
    }

    /** Offset from the start of the superblock. */
    public int offset() {
        return offset;
    }

    public int size() {
        return size;
    }

    /** Where the field lives in the image. */
    public ByteRange range() {
        return new ByteRange(Superblock.OFFSET + offset, size);
    }

    /** Whether the field lies in an extension slot rather than in the 128-byte base superblock. */
    public boolean inExtensionSlot() {
        return offset >= Superblock.BASE_SIZE;
    }

    /** The fields present in {@code sb}: the base ones, plus the first extension slot's when it has one. */
    public static List<SuperblockField> presentIn(Superblock sb) {
        List<SuperblockField> fields = new ArrayList<>();
        for (SuperblockField f : values()) {
            if (f.offset + f.size <= sb.size()) {
                fields.add(f);
            }
        }
        return List.copyOf(fields);
    }
}

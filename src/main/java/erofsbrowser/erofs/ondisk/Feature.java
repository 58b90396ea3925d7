package erofsbrowser.erofs.ondisk;

import java.util.EnumSet;
import java.util.Set;

/**
 * Superblock feature bits. Compatible features may be ignored by a reader that does not know them;
 * an unknown incompatible bit means the image cannot be read correctly and is refused. Some bits
 * carry two names in the format (the same bit reused for a related feature).
 */
public enum Feature {
    SB_CHKSUM(Kind.COMPAT, 0x01, "sb_chksum"),
    MTIME(Kind.COMPAT, 0x02, "mtime"),
    XATTR_FILTER(Kind.COMPAT, 0x04, "xattr_filter"),
    SHARED_EA_IN_METABOX(Kind.COMPAT, 0x08, "shared_ea_in_metabox"),
    PLAIN_XATTR_PFX(Kind.COMPAT, 0x10, "plain_xattr_pfx"),
    ISHARE_XATTRS(Kind.COMPAT, 0x20, "ishare_xattrs"),

    ZERO_PADDING(Kind.INCOMPAT, 0x001, "zero_padding"),
    COMPR_CFGS(Kind.INCOMPAT, 0x002, "compr_cfgs/big_pcluster"),
    CHUNKED_FILE(Kind.INCOMPAT, 0x004, "chunked_file"),
    DEVICE_TABLE(Kind.INCOMPAT, 0x008, "device_table"),
    ZTAILPACKING(Kind.INCOMPAT, 0x010, "ztailpacking"),
    FRAGMENTS(Kind.INCOMPAT, 0x020, "fragments/dedupe"),
    XATTR_PREFIXES(Kind.INCOMPAT, 0x040, "xattr_prefixes"),
    BIT48(Kind.INCOMPAT, 0x080, "48bit"),
    METABOX(Kind.INCOMPAT, 0x100, "metabox");

    public enum Kind { COMPAT, INCOMPAT }

    private final Kind kind;
    private final int bit;
    private final String formatName;

    Feature(Kind kind, int bit, String formatName) {
        this.kind = kind;
        this.bit = bit;
        this.formatName = formatName;
    }

    public Kind kind() {
        return kind;
    }

    public int bit() {
        return bit;
    }

    /** The name the kernel and erofs-utils use for the feature. */
    public String formatName() {
        return formatName;
    }

    static Set<Feature> decode(int compat, int incompat) {
        Set<Feature> set = EnumSet.noneOf(Feature.class);
        for (Feature f : values()) {
            int word = f.kind == Kind.COMPAT ? compat : incompat;
            if ((word & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    static int knownBits(Kind kind) {
        int bits = 0;
        for (Feature f : values()) {
            if (f.kind == kind) {
                bits |= f.bit;
            }
        }
        return bits;
    }
}

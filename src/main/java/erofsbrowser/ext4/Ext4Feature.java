package erofsbrowser.ext4;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature flags of an ext2/3/4 superblock, named as {@code dumpe2fs} and {@code mke2fs -O} name
 * them, each in one of the three words ({@code s_feature_compat}, {@code s_feature_incompat},
 * {@code s_feature_ro_compat}) with its bit, and whether the Linux kernel's ext4 driver can read an
 * image that has it (an incompatible feature it cannot read makes it refuse the image).
 */
enum Ext4Feature {
    DIR_PREALLOC(Word.COMPAT, 0x0001, "dir_prealloc", true),
    IMAGIC_INODES(Word.COMPAT, 0x0002, "imagic_inodes", true),
    HAS_JOURNAL(Word.COMPAT, 0x0004, "has_journal", true),
    EXT_ATTR(Word.COMPAT, 0x0008, "ext_attr", true),
    RESIZE_INODE(Word.COMPAT, 0x0010, "resize_inode", true),
    DIR_INDEX(Word.COMPAT, 0x0020, "dir_index", true),
    LAZY_BG(Word.COMPAT, 0x0040, "lazy_bg", true),
    EXCLUDE_BITMAP(Word.COMPAT, 0x0100, "snapshot_bitmap", true),
    SPARSE_SUPER2(Word.COMPAT, 0x0200, "sparse_super2", true),
    FAST_COMMIT(Word.COMPAT, 0x0400, "fast_commit", true),
    STABLE_INODES(Word.COMPAT, 0x0800, "stable_inodes", true),
    ORPHAN_FILE(Word.COMPAT, 0x1000, "orphan_file", true),

    COMPRESSION(Word.INCOMPAT, 0x0001, "compression", false),
    FILETYPE(Word.INCOMPAT, 0x0002, "filetype", true),
    RECOVER(Word.INCOMPAT, 0x0004, "needs_recovery", true),
    JOURNAL_DEV(Word.INCOMPAT, 0x0008, "journal_dev", false),
    META_BG(Word.INCOMPAT, 0x0010, "meta_bg", true),
    EXTENTS(Word.INCOMPAT, 0x0040, "extent", true),
    BIT64(Word.INCOMPAT, 0x0080, "64bit", true),
    MMP(Word.INCOMPAT, 0x0100, "mmp", true),
    FLEX_BG(Word.INCOMPAT, 0x0200, "flex_bg", true),
    EA_INODE(Word.INCOMPAT, 0x0400, "ea_inode", true),
    DIRDATA(Word.INCOMPAT, 0x1000, "dirdata", false),
    CSUM_SEED(Word.INCOMPAT, 0x2000, "metadata_csum_seed", true),
    LARGEDIR(Word.INCOMPAT, 0x4000, "large_dir", true),
    INLINE_DATA(Word.INCOMPAT, 0x8000, "inline_data", true),
    ENCRYPT(Word.INCOMPAT, 0x10000, "encrypt", true),
    CASEFOLD(Word.INCOMPAT, 0x20000, "casefold", true),

    SPARSE_SUPER(Word.RO_COMPAT, 0x0001, "sparse_super", true),
    LARGE_FILE(Word.RO_COMPAT, 0x0002, "large_file", true),
    BTREE_DIR(Word.RO_COMPAT, 0x0004, "btree_dir", true),
    HUGE_FILE(Word.RO_COMPAT, 0x0008, "huge_file", true),
    GDT_CSUM(Word.RO_COMPAT, 0x0010, "uninit_bg", true),
    DIR_NLINK(Word.RO_COMPAT, 0x0020, "dir_nlink", true),
    EXTRA_ISIZE(Word.RO_COMPAT, 0x0040, "extra_isize", true),
    HAS_SNAPSHOT(Word.RO_COMPAT, 0x0080, "snapshot", true),
    QUOTA(Word.RO_COMPAT, 0x0100, "quota", true),
    BIGALLOC(Word.RO_COMPAT, 0x0200, "bigalloc", true),
    METADATA_CSUM(Word.RO_COMPAT, 0x0400, "metadata_csum", true),
    REPLICA(Word.RO_COMPAT, 0x0800, "replica", true),
    READONLY(Word.RO_COMPAT, 0x1000, "read-only", true),
    PROJECT(Word.RO_COMPAT, 0x2000, "project", true),
    SHARED_BLOCKS(Word.RO_COMPAT, 0x4000, "shared_blocks", true),
    VERITY(Word.RO_COMPAT, 0x8000, "verity", true),
    ORPHAN_PRESENT(Word.RO_COMPAT, 0x10000, "orphan_present", true);

    /** Which superblock word a feature lives in. */
    enum Word {
        COMPAT("s_feature_compat"),
        INCOMPAT("s_feature_incompat"),
        RO_COMPAT("s_feature_ro_compat");

        private final String fieldName;

        Word(String fieldName) {
            this.fieldName = fieldName;
        }

        String fieldName() {
            return fieldName;
        }
    }

    private static final Ext4Feature[] ALL = values();

    private final Word word;
    private final int bit;
    private final String featureName;
    private final boolean readable;

    Ext4Feature(Word word, int bit, String featureName, boolean readable) {
        this.word = word;
        this.bit = bit;
        this.featureName = featureName;
        this.readable = readable;
    }

    Word word() {
        return word;
    }

    int bit() {
        return bit;
    }

    /** The name {@code mke2fs -O} and {@code dumpe2fs} use. */
    String featureName() {
        return featureName;
    }

    /** Whether the kernel reads an image with this feature (only incompatible features can forbid it). */
    boolean readable() {
        return readable;
    }

    /** The features of {@code word} whose bits are set in {@code value}, in bit order. */
    static List<Ext4Feature> in(Word word, int value) {
        List<Ext4Feature> set = new ArrayList<>();
        for (Ext4Feature f : ALL) {
            if (f.word == word && (value & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /** Every feature of {@code word}, in bit order. */
    static List<Ext4Feature> of(Word word) {
        List<Ext4Feature> list = new ArrayList<>();
        for (Ext4Feature f : ALL) {
            if (f.word == word) {
                list.add(f);
            }
        }
        return list;
    }

    /** The bits of {@code word} that no feature here names. */
    static int unknownBits(Word word, int value) {
        int known = 0;
        for (Ext4Feature f : ALL) {
            if (f.word == word) {
                known |= f.bit;
            }
        }
        return value & ~known;
    }
}

package erofsbrowser.erofs.map;

import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.SuperblockField;
import erofsbrowser.erofs.ondisk.XattrPrefix;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a row of {@link RegionColumns} into the human text of its {@link ImageRegion}. Texts are
 * made on demand, for the few regions a lookup returns, instead of stored for every region.
 *
 * <p>What the two kind-specific numbers of a row mean (set by {@link RegionCollector}):
 * <ul>
 * <li>SUPERBLOCK_FIELD: detail = {@link SuperblockField} ordinal;
 * <li>COMPRESSION_CONFIG, DEVICE_SLOT, LONG_XATTR_PREFIX: detail = index in the image's list;
 * <li>SHARED_XATTR: detail = shared xattr id, extra = index of its name in {@code notes};
 * <li>DIRECTORY_BLOCK: detail = block number, extra = 1 when stored inline;
 * <li>DIRENT, DIRENT_NAME: extra = {@link #PLAIN_NAME}, {@link #DOT} or {@link #DOT_DOT};
 * <li>INLINE_DATA, FILE_DATA: detail = file offset of the first byte;
 * <li>PCLUSTER: detail = file offset where its extent starts, extra = {@link #pclusterExtra};
 * <li>MAP_HEADER: extra = 1 when the whole file is a fragment in the packed inode;
 * <li>COMPRESSION_INDEX: detail = entry count, extra = {@link #FULL_INDEXES}, {@link #COMPACT_INDEXES}
 *     or {@link #EXTENT_RECORDS};
 * <li>CHUNK_INDEX: detail = chunk count, extra = entry size (4: block map, 8: chunk indexes).
 * </ul>
 *
 * @param packedNid     the packed inode's nid, 0 when there is none
 * @param metaboxNid    the metabox inode's nid, 0 when there is none
 * @param fragmentFiles how many files keep (part of) their data in the packed inode
 * @param notes         names referred to by rows (shared xattr names)
 */
record RegionDescriber(List<CompressionConfig> configs, List<DeviceSlot> slots, List<XattrPrefix> prefixes,
                       List<String> notes, long packedNid, long metaboxNid, int fragmentFiles) {

    static final int PLAIN_NAME = 0;
    static final int DOT = 1;
    static final int DOT_DOT = 2;

    static final int FULL_INDEXES = 0;
    static final int COMPACT_INDEXES = 1;
    static final int EXTENT_RECORDS = 2;

    private static final int LLEN_MASK = (1 << 24) - 1;
    private static final int ALGORITHM_SHIFT = 24;
    private static final int INLINE_BIT = 1 << 28;
    private static final int PARTIAL_BIT = 1 << 29;

    /** Packs a pcluster's decompressed length (at most 12 MiB), algorithm and flags into 30 bits. */
    static int pclusterExtra(long decompressedLength, CompressionAlgorithm algorithm, boolean inline, boolean partial) {
        int code = algorithm == null ? 0 : algorithm.id() + 1;
        return (int) Math.min(decompressedLength, LLEN_MASK) | code << ALGORITHM_SHIFT
                | (inline ? INLINE_BIT : 0) | (partial ? PARTIAL_BIT : 0);
    }

    String describe(RegionColumns rows, int row, EntryTable entries) {
        String text = describeOwn(rows, row, entries);
        int[] others = rows.otherOwners(row);
        if (others.length == 0 || rows.kind(row) == ImageRegion.Kind.SHARED_XATTR) {
            return text;
        }
        // Bytes the format shares (deduplicated pclusters and chunks): name who else uses them.
        return text + "; shared with " + ownerName(entries, others[0])
                + (others.length > 1 ? " and " + (others.length - 1) + " more" : "");
    }

    private String describeOwn(RegionColumns rows, int row, EntryTable entries) {
        ImageRegion.Kind kind = rows.kind(row);
        int owner = rows.owner(row);
        String of = owner < 0 ? "" : ownerName(entries, owner);
        long detail = rows.detail(row);
        int extra = rows.extra(row);
        long length = rows.end(row) - rows.start(row);
        return switch (kind) {
            case SUPERBLOCK_FIELD -> "superblock field " + SuperblockField.values()[(int) detail].formatName();
            case COMPRESSION_CONFIG -> "compression config record of "
                    + configs.get((int) detail).algorithm().formatName();
            case DEVICE_SLOT -> deviceSlot(slots.get((int) detail));
            case LONG_XATTR_PREFIX -> "long xattr prefix " + detail + " (" + prefixes.get((int) detail).name() + ")";
            case SHARED_XATTR -> sharedXattr(rows, row, detail, extra);
            case INODE -> inode(entries, owner, length);
            case XATTR_AREA -> "xattr area of " + of + " (" + length + " bytes)";
            case MAP_HEADER -> "compression map header of " + of
                    + (extra == 1 ? " (whole file in the packed inode)" : "");
            case COMPRESSION_INDEX -> compressionIndex(of, detail, extra);
            case CHUNK_INDEX -> "chunk index table of " + of + " ("
                    + (extra == 4 ? count(detail, "block map entry", "block map entries")
                            : count(detail, "chunk index", "chunk indexes")) + ")";
            case DIRECTORY_BLOCK -> "directory block " + detail + " of " + of + (extra == 1 ? " (inline)" : "");
            case DIRENT -> extra == PLAIN_NAME ? "dirent of " + of + " in " + parentOf(entries.path(owner))
                    : "dirent \"" + dots(extra) + "\" in " + of;
            case DIRENT_NAME -> extra == PLAIN_NAME ? "name of " + of
                    : "name \"" + dots(extra) + "\" in " + of;
            case INLINE_DATA -> "inline data of " + of + " (file bytes " + detail + ".." + (detail + length) + ")";
            case FILE_DATA -> "data of " + of + " (file bytes " + detail + ".." + (detail + length) + ")";
            case PCLUSTER -> pcluster(entries, owner, of, length, detail, extra);
        };
    }

    private static String dots(int extra) {
        return extra == DOT ? "." : "..";
    }

    private String ownerName(EntryTable entries, int owner) {
        byte[] path = entries.path(owner);
        if (path != null) {
            return new String(path, StandardCharsets.UTF_8);
        }
        return "the " + hiddenInodeName(entries.nid(owner));
    }

    private String hiddenInodeName(long nid) {
        if (nid == packedNid) {
            return "packed inode";
        }
        return nid == metaboxNid ? "metabox inode" : "hidden inode";
    }

    private String inode(EntryTable entries, int owner, long length) {
        long nid = entries.nid(owner);
        String subject = entries.path(owner) != null
                ? "inode of " + new String(entries.path(owner), StandardCharsets.UTF_8)
                : hiddenInodeName(nid);
        return subject + " (nid " + Long.toUnsignedString(nid) + ", "
                + (length == Inode.EXTENDED_SIZE ? "extended" : "compact") + ", " + length + " bytes)";
    }

    private static String deviceSlot(DeviceSlot slot) {
        String tag = slot.tagText();
        return "device slot " + slot.index() + " (extra device " + (slot.index() + 1)
                + (tag.isEmpty() ? "" : ", tag \"" + tag + "\"") + ", " + slot.blocks() + " blocks)";
    }

    private String sharedXattr(RegionColumns rows, int row, long id, int note) {
        int users = (rows.owner(row) >= 0 ? 1 : 0) + rows.otherOwners(row).length;
        return "shared xattr " + id + ": " + notes.get(note) + " (used by " + count(users, "inode", "inodes") + ")";
    }

    private static String compressionIndex(String of, long entries, int variant) {
        return switch (variant) {
            case COMPACT_INDEXES -> "lcluster indexes of " + of + " (" + count(entries, "compact index", "compact indexes") + ")";
            case EXTENT_RECORDS -> "extent records of " + of + " (" + count(entries, "record", "records") + ")";
            default -> "lcluster indexes of " + of + " (" + count(entries, "full index", "full indexes") + ")";
        };
    }

    private String pcluster(EntryTable entries, int owner, String of, long length, long la, int extra) {
        int llen = extra & LLEN_MASK;
        int code = (extra >>> ALGORITHM_SHIFT) & 15;
        StringBuilder sb = new StringBuilder("pcluster of ").append(of);
        if (owner >= 0 && entries.path(owner) == null && entries.nid(owner) == packedNid) {
            sb.append(" (fragments of ").append(count(fragmentFiles, "file", "files")).append(')');
        }
        sb.append(": ").append(code == 0 ? "uncompressed" : CompressionAlgorithm.byId(code - 1).formatName())
                .append(", ").append(length).append(" bytes -> ").append(llen)
                .append(" (file bytes ").append(la).append("..").append(la + llen);
        if ((extra & INLINE_BIT) != 0) {
            sb.append(", inline");
        }
        if ((extra & PARTIAL_BIT) != 0) {
            sb.append(", partial reference");
        }
        return sb.append(')').toString();
    }

    private static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** The directory part of a path: "/etc" for "/etc/passwd", "/" for "/etc". */
    private static String parentOf(byte[] path) {
        int slash = path.length - 1;
        while (slash > 0 && path[slash] != '/') {
            slash--;
        }
        return slash <= 0 ? "/" : new String(path, 0, slash, StandardCharsets.UTF_8);
    }
}

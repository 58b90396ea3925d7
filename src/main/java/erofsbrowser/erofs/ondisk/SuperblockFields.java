package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The dissector of {@code struct erofs_super_block}: every field by its name in {@code erofs_fs.h},
 * what it means, and what is wrong with it. It reads as far as the image goes, so a damaged
 * superblock is still shown field by field.
 */
public final class SuperblockFields {
    private static final long MAGIC = Superblock.MAGIC & 0xFFFF_FFFFL;

    private SuperblockFields() {
    }

    public static Field dissect(ImageSource source) throws ImageException {
        long available = Math.max(0, source.length() - Superblock.OFFSET);
        if (available == 0) {
            return Field.structure("erofs_super_block", Math.min(Superblock.OFFSET, source.length()), 0,
                    "the image ends before the superblock", List.of())
                    .withProblems(List.of(Problem.error("the image is " + source.length() + " bytes: too short for a superblock")));
        }
        int base = (int) Math.min(Superblock.BASE_SIZE, available);
        int extslots = base > 13 ? source.read(Superblock.OFFSET + 13, 1)[0] & 0xFF : 0;
        int full = Superblock.BASE_SIZE + 16 * extslots;
        int size = (int) Math.min(full, available);
        byte[] b = source.read(Superblock.OFFSET, size);
        FieldBuilder f = FieldBuilder.littleEndian("erofs_super_block", Superblock.OFFSET, b, 0, size);
        f.meaning(size < full ? "truncated: " + size + " of " + full + " bytes" : full + " bytes");
        if (size < full) {
            f.problem(Problem.error("the image ends inside the superblock"));
        }
        int compat = size >= 12 ? LittleEndian.i32(b, 8) : 0;
        int incompat = size >= 84 ? LittleEndian.i32(b, 80) : 0;
        int blkszbits = size > 12 ? b[12] & 0xFF : 12;
        for (SuperblockField field : SuperblockField.values()) {
            if (field.offset() + field.size() > size) {
                break;
            }
            add(f, field, compat, incompat, blkszbits, source);
        }
        if (f.remaining() > 0) {
            // Extension slots past the first, or a field the end of the image cuts off.
            f.bytes(size >= Superblock.BASE_SIZE + 16 ? "extension slots" : "(cut off)", f.remaining(), "");
        }
        return f.build();
    }

    private static void add(FieldBuilder f, SuperblockField field, int compat, int incompat, int blkszbits,
                            ImageSource source) throws ImageException {
        String name = field.formatName();
        boolean bit48 = (incompat & Feature.BIT48.bit()) != 0;
        switch (field) {
            case MAGIC -> {
                if (f.u32(name, v -> (v == MAGIC ? "EROFS_SUPER_MAGIC_V1" : "not EROFS") + String.format(" (0x%08x)", v)) != MAGIC) {
                    f.problemOnLast(Problem.error(String.format("not EROFS: the magic must be 0x%08x", MAGIC)));
                }
            }
            case CHECKSUM -> checksum(f, name, compat, blkszbits, source);
            case FEATURE_COMPAT -> features(f, name, Feature.Kind.COMPAT, compat);
            case FEATURE_INCOMPAT -> features(f, name, Feature.Kind.INCOMPAT, incompat);
            case BLKSZBITS -> {
                long bits = f.u8(name, v -> v >= 9 && v <= 16 ? "blocks of " + (1 << v) + " bytes" : "");
                if (bits < 9 || bits > 16) {
                    f.problemOnLast(Problem.error("the block size must be 2^9 to 2^16 bytes"));
                }
            }
            case SB_EXTSLOTS -> f.u8(name, v -> v == 0 ? "no extension slots"
                    : v + " slots of 16 bytes after the 128-byte superblock");
            case ROOT_NID -> f.u16(name, v -> bit48 ? "root nid, or the high 16 bits of blocks when rootnid_8b is set"
                    : "the root directory's nid");
            case INOS -> f.u64(name, v -> Long.toUnsignedString(v) + " inodes");
            case EPOCH -> f.u64(name, v -> "compact inodes' times count from " + erofsbrowser.image.Times.text(v, 0));
            case FIXED_NSEC -> f.u32(name, v -> "the nanoseconds of compact inodes' times");
            case BLOCKS_LO -> f.u32(name, v -> "blocks in the image (low 32 bits)");
            case META_BLKADDR -> f.u32(name, v -> "inodes start at block " + v + " (byte " + (v << blkszbits) + ")");
            case XATTR_BLKADDR -> f.u32(name, v -> "shared xattrs start at block " + v + " (byte " + (v << blkszbits) + ")");
            case UUID -> f.bytes(name, 16, SuperblockFields::uuidText);
            case VOLUME_NAME -> f.bytes(name, 16, u -> "\"" + cString(u) + "\"");
            case AVAILABLE_COMPR_ALGS -> f.u16(name, v -> (incompat & Feature.COMPR_CFGS.bit()) != 0
                    ? "algorithms: " + algorithms(v) : "lz4_max_distance " + v);
            case EXTRA_DEVICES -> f.u16(name, v -> v + " extra devices");
            case DEVT_SLOTOFF -> f.u16(name, v -> "device table at byte " + v * 128);
            case DIRBLKBITS -> {
                if (f.u8(name, v -> v == 0 ? "directory blocks are filesystem blocks" : "") != 0) {
                    f.problemOnLast(Problem.error("directory blocks larger than a block are not supported"));
                }
            }
            case XATTR_PREFIX_COUNT -> f.u8(name, v -> v + " long xattr name prefixes");
            case XATTR_PREFIX_START -> f.u32(name, v -> "prefix table at byte " + v * 4 + " of its inode or area");
            case PACKED_NID -> f.u64(name, v -> v == 0 ? "no packed inode" : "packed inode (fragments) at nid " + v);
            case BUILD_TIME -> f.u32(name, v -> "seconds after epoch the image was built");
            case ROOTNID_8B -> f.u64(name, v -> bit48 && v != 0 ? "the root directory's nid" : "");
            case METABOX_NID -> f.u64(name, v -> (incompat & Feature.METABOX.bit()) != 0 ? "metabox inode at nid " + v : "");
            default -> {
                if (f.unsigned(name, field.size(), v -> "") != 0 && name.startsWith("reserved")) {
                    f.problemOnLast(Problem.warning("reserved bytes are not zero"));
                }
            }
        }
    }

    private static void checksum(FieldBuilder f, String name, int compat, int blkszbits, ImageSource source)
            throws ImageException {
        long stored = f.peek(4);
        if ((compat & Feature.SB_CHKSUM.bit()) == 0) {
            f.u32(name, v -> "not used (sb_chksum is not set)");
            return;
        }
        int block = 1 << Math.max(9, Math.min(16, blkszbits));
        int covered = (int) Math.min(block > Superblock.OFFSET ? block - Superblock.OFFSET : block,
                source.length() - Superblock.OFFSET);
        byte[] bytes = source.read(Superblock.OFFSET, covered);
        bytes[4] = bytes[5] = bytes[6] = bytes[7] = 0;
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        long computed = ~crc.getValue() & 0xFFFF_FFFFL; // EROFS keeps the raw CRC register
        f.u32(name, v -> v == computed ? String.format("crc32c 0x%08x of the superblock's block: matches", v)
                : String.format("crc32c 0x%08x, but the superblock's block sums to 0x%08x", v, computed));
        if (stored != computed) {
            f.problemOnLast(Problem.warning(String.format("checksum mismatch: stored 0x%08x, computed 0x%08x", stored, computed)));
        }
    }

    private static void features(FieldBuilder f, String name, Feature.Kind kind, int word) {
        List<BitField> bits = new ArrayList<>();
        for (Feature feature : Feature.values()) {
            if (feature.kind() == kind) {
                bits.add(BitField.flag(feature.formatName(), Integer.numberOfTrailingZeros(feature.bit()), "set"));
            }
        }
        f.flags(name, 4, v -> {
            List<String> set = new ArrayList<>();
            for (Feature feature : Feature.values()) {
                if (feature.kind() == kind && (v & feature.bit()) != 0) {
                    set.add(feature.formatName());
                }
            }
            return set.isEmpty() ? "none" : String.join(", ", set);
        }, bits);
        int unknown = word & ~Feature.knownBits(kind);
        if (unknown != 0) {
            f.problemOnLast(kind == Feature.Kind.INCOMPAT
                    ? Problem.error(String.format("unknown incompatible bits 0x%x: the image cannot be read", unknown))
                    : Problem.warning(String.format("unknown compatible bits 0x%x (ignored)", unknown)));
        }
    }

    private static String algorithms(long bitmap) {
        List<String> names = new ArrayList<>();
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            if ((bitmap & (1L << a.id())) != 0) {
                names.add(a.formatName());
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    static String uuidText(byte[] u) {
        String h = HexFormat.of().formatHex(u);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    /** Bytes up to the first NUL, as UTF-8. */
    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}

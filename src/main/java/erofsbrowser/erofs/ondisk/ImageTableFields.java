package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;

/**
 * The dissectors of the image-wide records after the superblock: compression configurations
 * ({@code struct z_erofs_lz4_cfgs} and its kin), device slots ({@code struct erofs_deviceslot}) and
 * long xattr name prefixes ({@code struct erofs_xattr_long_prefix}).
 */
public final class ImageTableFields {
    private ImageTableFields() {
    }

    /** A compression configuration record: its u16 length, then the algorithm's fields. */
    public static Field compressionConfig(CompressionConfig c, byte[] b) {
        String struct = switch (c.algorithm()) {
            case LZ4 -> "z_erofs_lz4_cfgs";
            case LZMA -> "z_erofs_lzma_cfgs";
            case DEFLATE -> "z_erofs_deflate_cfgs";
            case ZSTD -> "z_erofs_zstd_cfgs";
        };
        FieldBuilder f = FieldBuilder.littleEndian(struct, c.range().offset(), b, 0, b.length);
        f.meaning(c.algorithm().formatName() + " configuration");
        f.u16("length", v -> v + " bytes follow");
        switch (c.algorithm()) {
            case LZ4 -> {
                f.u16("max_distance", v -> v == 0 ? "default" : v + " bytes");
                f.u16("max_pclusterblks", v -> Math.max(1, v) + " blocks at most per pcluster");
            }
            case LZMA -> {
                f.u32("dict_size", v -> v + " bytes");
                f.u16("format", v -> "");
            }
            case DEFLATE -> f.u8("windowbits", v -> (1 << v) + "-byte window");
            case ZSTD -> {
                f.u8("format", v -> "");
                f.u8("windowlog", v -> (1L << (v + 10)) + "-byte window");
            }
        }
        if (f.remaining() > 0) {
            f.bytes("reserved", f.remaining(), "");
        }
        return f.build();
    }

    /** A 128-byte device slot. */
    public static Field deviceSlot(DeviceSlot d, byte[] b, boolean bit48) {
        FieldBuilder f = FieldBuilder.littleEndian("erofs_deviceslot", d.range().offset(), b, 0, DeviceSlot.SIZE);
        f.meaning("extra device " + (d.index() + 1) + ": " + d.blocks() + " blocks");
        f.bytes("tag", 64, t -> "\"" + d.tagText() + "\"");
        f.u32("blocks_lo", v -> "blocks of the device (low 32 bits)");
        f.u32("uniaddr_lo", v -> v == 0 ? "not in the unified address space" : "at block " + v + " of the unified address space");
        f.u16("blocks_hi", v -> bit48 ? "high 16 bits of blocks" : "unused (not 48-bit)");
        f.u16("uniaddr_hi", v -> bit48 ? "high 16 bits of uniaddr" : "unused (not 48-bit)");
        f.bytes("reserved", 52, "");
        return f.build();
    }

    /** A long xattr name prefix record: its u16 length, base index and infix, padded to 4 bytes. */
    public static Field longPrefix(XattrPrefix p, byte[] b) {
        FieldBuilder f = FieldBuilder.littleEndian("erofs_xattr_long_prefix", p.range().offset(), b, 0, b.length);
        f.meaning("prefix " + p.index() + ": \"" + p.name() + "\"");
        f.u16("size", v -> v + " bytes follow");
        long base = f.u8("base_index", v -> {
            byte[] prefix = XattrArea.shortPrefix((int) v);
            return prefix == null ? "unknown namespace" : "\"" + new String(prefix, StandardCharsets.UTF_8) + "\"";
        });
        if (XattrArea.shortPrefix((int) base) == null) {
            f.problemOnLast(Problem.warning("no namespace for this index: the prefix is ignored"));
        }
        f.bytes("infix", p.infix().length, "\"" + new String(p.infix(), StandardCharsets.UTF_8) + "\"");
        return f.build();
    }
}

package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.FileType;
import erofsbrowser.image.Problem;

import java.time.Instant;
import java.util.List;

/**
 * The dissector of an on-disk inode, {@code struct erofs_inode_compact} (32 bytes) or
 * {@code struct erofs_inode_extended} (64 bytes): each field by its name in {@code erofs_fs.h},
 * the unions ({@code i_nb}, {@code i_u}) explained by what they hold for this inode's type and
 * layout.
 */
public final class InodeFields {
    private InodeFields() {
    }

    /** The fields of {@code inode}, whose raw bytes are {@code bytes} (32 or 64 of them). */
    public static Field dissect(Inode inode, byte[] bytes, Superblock sb) {
        boolean ext = inode.extended();
        FieldBuilder f = FieldBuilder.littleEndian(ext ? "erofs_inode_extended" : "erofs_inode_compact",
                inode.offset(), bytes, 0, ext ? Inode.EXTENDED_SIZE : Inode.COMPACT_SIZE);
        f.meaning("nid " + inode.nidText() + ", " + (ext ? "extended, 64 bytes" : "compact, 32 bytes"));
        f.flags("i_format", 2, v -> (ext ? "extended" : "compact") + ", " + layoutName(inode.layout()), List.of(
                new BitField("version", 0, 1, v -> v == 0 ? "compact (32 bytes)" : "extended (64 bytes)"),
                new BitField("datalayout", 1, 3, v -> v < DataLayout.values().length ? layoutName(DataLayout.values()[(int) v]) : "unknown"),
                BitField.flag(inode.type() == FileType.DIR ? "dot_omitted" : "nlink_1", 4,
                        inode.type() == FileType.DIR ? "the \".\" entry is left out" : "one link; i_nb holds high block bits")));
        f.u16("i_xattr_icount", v -> v == 0 ? "no inline xattrs" : "inline xattr area of " + inode.xattrAreaSize() + " bytes");
        f.flags("i_mode", 2, v -> inode.type().label() + ", " + FileType.permissionString((int) v), List.of(
                new BitField("type (S_IFMT)", 12, 4, v -> inode.type().label()),
                new BitField("permissions", 0, 12, v -> String.format("0%o %s", v, FileType.permissionString((int) v)))));
        f.u16("i_nb", v -> nbMeaning(inode, sb));
        if (ext) {
            f.u64("i_size", v -> Long.toUnsignedString(v) + " bytes");
        } else {
            f.u32("i_size", v -> v + " bytes");
            f.u32("i_mtime", v -> "epoch + " + v + " s = " + inode.mtimeInstant());
        }
        f.u32("i_u", v -> iuMeaning(inode, v, sb));
        f.u32("i_ino", v -> "inode number for stat (" + v + ")");
        if (ext) {
            f.u32("i_uid", v -> "owner " + v);
            f.u32("i_gid", v -> "group " + v);
            f.u64("i_mtime", v -> erofsbrowser.image.Times.text(v, 0));
            f.u32("i_mtime_nsec", v -> v + " ns");
            f.u32("i_nlink", v -> v + (v == 1 ? " link" : " links"));
            f.bytes("i_reserved2", 16, "");
            reservedMustBeZero(f, bytes, 48, 16);
        } else {
            f.u16("i_uid", v -> "owner " + v);
            f.u16("i_gid", v -> "group " + v);
            f.bytes("i_reserved", 4, "");
            reservedMustBeZero(f, bytes, 28, 4);
        }
        return f.build();
    }

    private static void reservedMustBeZero(FieldBuilder f, byte[] b, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (b[i] != 0) {
                f.problemOnLast(Problem.warning("reserved bytes are not zero"));
                return;
            }
        }
    }

    private static String nbMeaning(Inode inode, Superblock sb) {
        if (inode.extended()) {
            return sb.has(Feature.BIT48) ? "startblk_hi: high 16 bits of the start block" : "unused";
        }
        if (inode.type() != FileType.DIR && (inode.format() & 0x10) != 0) {
            return "startblk_hi / blocks_hi: high 16 bits of i_u (nlink is 1)";
        }
        return "i_nlink: " + inode.nlink() + (inode.nlink() == 1 ? " link" : " links");
    }

    private static String iuMeaning(Inode inode, long iu, Superblock sb) {
        if (inode.isDevice()) {
            return "rdev: device " + inode.rdevMajor() + ", " + inode.rdevMinor();
        }
        if (inode.type() == FileType.FIFO || inode.type() == FileType.SOCK) {
            return "unused";
        }
        return switch (inode.layout()) {
            case FLAT_PLAIN, FLAT_INLINE -> inode.size() == 0 || (inode.layout() == DataLayout.FLAT_INLINE
                    && inode.size() <= sb.blockSize() && inode.blockAddress() == 0xFFFF_FFFFL)
                    ? "startblk_lo: no data blocks"
                    : "startblk_lo: data starts at block " + inode.blockAddress() + " (byte " + sb.blockOffset(inode.blockAddress()) + ")";
            case COMPRESSED_FULL, COMPRESSED_COMPACT -> "compressed_blocks: " + inode.blockAddress() + " blocks of compressed data";
            case CHUNK_BASED -> "c.format: chunks of " + (sb.blockSize() << (iu & 0x1F)) + " bytes"
                    + ((iu & 0x20) != 0 ? ", 8-byte chunk indexes" : ", 4-byte block map")
                    + ((iu & 0x40) != 0 ? ", 48-bit" : "");
        };
    }

    static String layoutName(DataLayout layout) {
        return switch (layout) {
            case FLAT_PLAIN -> "EROFS_INODE_FLAT_PLAIN: contiguous blocks";
            case COMPRESSED_FULL -> "EROFS_INODE_COMPRESSED_FULL: compressed, full indexes";
            case FLAT_INLINE -> "EROFS_INODE_FLAT_INLINE: blocks, tail inline after the inode";
            case COMPRESSED_COMPACT -> "EROFS_INODE_COMPRESSED_COMPACT: compressed, compact indexes";
            case CHUNK_BASED -> "EROFS_INODE_CHUNK_BASED: chunks";
        };
    }
}

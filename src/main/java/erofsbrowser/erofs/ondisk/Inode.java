package erofsbrowser.erofs.ondisk;

import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;
import java.time.Instant;

/**
 * An on-disk inode, compact ({@code struct erofs_inode_compact}, 32 bytes) or extended
 * ({@code struct erofs_inode_extended}, 64 bytes), decoded into one shape.
 *
 * @param nid          the inode's number; bit 63 set means it lives in the metabox
 * @param offset       where the inode structure starts (in the metabox data when {@link #inMetabox})
 * @param format       raw i_format: version bit, layout bits, and bit 4 (NLINK_1 / DOT_OMITTED)
 * @param blockAddress i_u combined with the high bits of i_nb where they apply: start block of flat
 *                     data, compressed block count, chunk format, or raw rdev depending on type and layout
 */
public record Inode(
        long nid,
        long offset,
        boolean inMetabox,
        boolean extended,
        int format,
        DataLayout layout,
        FileType type,
        int mode,
        long uid,
        long gid,
        long size,
        long nlink,
        long mtime,
        int mtimeNsec,
        int xattrCount,
        long blockAddress,
        long ino,
        int blockSize) {

    static final int COMPACT_SIZE = 32;
    public static final int EXTENDED_SIZE = 64;
    private static final int FORMAT_BIT4 = 0x10;
    private static final long NID_METABOX_BIT = 1L << 63;

    static long metadataPosition(Superblock sb, long nid) {
        long slot = (nid & ~NID_METABOX_BIT) << 5;
        return (nid & NID_METABOX_BIT) != 0 ? slot : sb.metaOffset() + slot;
    }

    public static Inode read(MetadataReader meta, Superblock sb, long nid) throws ImageException {
        return read(meta, sb, nid, new byte[EXTENDED_SIZE]);
    }

    /** As {@link #read(MetadataReader, Superblock, long)}, reading into {@code scratch} (64 bytes, reused by the caller). */
    public static Inode read(MetadataReader meta, Superblock sb, long nid, byte[] scratch) throws ImageException {
        long pos = metadataPosition(sb, nid);
        if ((nid & ~NID_METABOX_BIT) > (Long.MAX_VALUE >> 6)) {
            throw new ImageException("nid out of range", pos, nid);
        }
        // One read for either form: an extended inode is 64 bytes, a compact one 32 (the image
        // may end right after a compact inode, so fall back to 32 there).
        byte[] b = scratch;
        int have = EXTENDED_SIZE;
        try {
            meta.readFully(pos, b, 0, EXTENDED_SIZE);
        } catch (ImageException nearTheEnd) {
            meta.readFully(pos, b, 0, COMPACT_SIZE);
            have = COMPACT_SIZE;
        }
        int format = LittleEndian.u16(b, 0);
        if ((format & ~0x1F) != 0) {
            throw new ImageException(String.format("unsupported inode format 0x%x", format), pos, nid);
        }
        int layoutBits = (format >> 1) & 7;
        DataLayout layout = DataLayout.ofBits(layoutBits);
        if (layout == null) {
            throw new ImageException("unknown data layout " + layoutBits, pos, nid);
        }
        boolean extended = (format & 1) != 0;
        if (extended && have < EXTENDED_SIZE) {
            meta.readFully(pos, b, 0, EXTENDED_SIZE); // fails: the image ends inside this inode
        }
        int mode = LittleEndian.u16(b, 4);
        FileType type = FileType.ofMode(mode);
        if (type == null) {
            throw new ImageException(String.format("bogus i_mode 0%o", mode), pos + 4, nid);
        }
        boolean bit48 = sb.has(Feature.BIT48);
        int nb = LittleEndian.u16(b, 6);
        long iu = LittleEndian.u32(b, 16);
        long ino = LittleEndian.u32(b, 20);
        long size;
        long uid;
        long gid;
        long nlink;
        long mtime;
        int nsec;
        long blockHigh = 0;
        if (extended) {
            size = LittleEndian.i64(b, 8);
            uid = LittleEndian.u32(b, 24);
            gid = LittleEndian.u32(b, 28);
            mtime = LittleEndian.i64(b, 32);
            nsec = LittleEndian.i32(b, 40);
            nlink = LittleEndian.u32(b, 44);
            if (bit48) {
                blockHigh = nb;
            }
        } else {
            size = LittleEndian.u32(b, 8);
            uid = LittleEndian.u16(b, 24);
            gid = LittleEndian.u16(b, 26);
            mtime = sb.epoch() + LittleEndian.u32(b, 12);
            nsec = sb.fixedNsec();
            boolean nlinkOne = (format & FORMAT_BIT4) != 0 && type != FileType.DIR;
            if (nlinkOne) {
                nlink = 1;
                blockHigh = nb;
            } else {
                nlink = nb;
            }
        }
        if (size < 0) {
            throw new ImageException("inode size " + Long.toUnsignedString(size) + " is out of range", pos + 8, nid);
        }
        long blockAddress = iu | (blockHigh << 32);
        return new Inode(nid, pos,
                (nid & NID_METABOX_BIT) != 0, extended, format, layout, type, mode, uid, gid, size,
                nlink, mtime, nsec, LittleEndian.u16(b, 2), blockAddress, ino, sb.blockSize());
    }

    /** The nid for people: the slot number, and "in the metabox" for nids with bit 63 set. */
    public String nidText() {
        return inMetabox ? (nid & ~NID_METABOX_BIT) + " in the metabox (nid 0x" + Long.toHexString(nid) + ")"
                : Long.toUnsignedString(nid);
    }

    /** Where the inode structure lives (in the metabox data when {@link #inMetabox}). */
    public ByteRange range() {
        return new ByteRange(offset, extended ? EXTENDED_SIZE : COMPACT_SIZE);
    }

    /** Size in bytes of the inline xattr area that follows the inode. */
    public int xattrAreaSize() {
        return xattrCount == 0 ? 0 : XattrArea.HEADER_SIZE + 4 * (xattrCount - 1);
    }

    /** Where the inline xattr area lives (empty when the inode has none). */
    public ByteRange xattrAreaRange() {
        return new ByteRange(structureEnd(), xattrAreaSize());
    }

    /** The position right after the inode and its inline xattrs: where inline data or indexes begin. */
    public long end() {
        return structureEnd() + xattrAreaSize();
    }

    private long structureEnd() {
        return offset + (extended ? EXTENDED_SIZE : COMPACT_SIZE);
    }

    /**
     * The bytes this inode's data takes in the image, as {@code du} counts them: a compressed
     * inode's own compressed blocks (0 when all of it is a fragment in the packed inode), else
     * its size.
     */
    public long storedBytes() {
        return layout.isCompressed() ? blockAddress * blockSize : size;
    }

    public boolean isDirectory() {
        return type == FileType.DIR;
    }

    /** Permission bits, with setuid, setgid and sticky. */
    public int permissions() {
        return mode & 07777;
    }

    /** For directories: the "." entry is left out (mkfs -E dot-omitted). */
    public boolean dotOmitted() {
        return type == FileType.DIR && (format & FORMAT_BIT4) != 0;
    }

    public Instant mtimeInstant() {
        return erofsbrowser.image.Times.instant(mtime, Integer.toUnsignedLong(mtimeNsec) % 1_000_000_000L);
    }

    /** Device number for character and block devices, as the kernel's new_decode_dev gives it. */
    public int rdevMajor() {
        return (int) ((blockAddress >> 8) & 0xFFF);
    }

    public int rdevMinor() {
        return (int) ((blockAddress & 0xFF) | ((blockAddress >> 12) & 0xFFF00));
    }

    public boolean isDevice() {
        return type == FileType.CHR || type == FileType.BLK;
    }

    /** Chunk format bits of a CHUNK_BASED inode. */
    public int chunkFormat() {
        return (int) (blockAddress & 0xFFFF);
    }
}

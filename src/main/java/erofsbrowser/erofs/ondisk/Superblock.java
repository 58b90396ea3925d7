package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The EROFS superblock ({@code struct erofs_super_block}), 1024 bytes into the image.
 *
 * <p>Fields hold on-disk values, already combined where the format splits them (48-bit block
 * counts, 64-bit root nid). A checksum mismatch is recorded, not refused: old mkfs versions wrote
 * wrong checksums for small block sizes, and the kernel mounts such images.
 */
public record Superblock(
        ByteRange range,
        int checksum,
        int featureCompat,
        int featureIncompat,
        int blkszbits,
        int sbExtslots,
        long rootNid,
        long inodeCount,
        long epoch,
        int fixedNsec,
        long blocks,
        long metaBlkaddr,
        long xattrBlkaddr,
        byte[] uuid,
        byte[] volumeName,
        int availableComprAlgs,
        int lz4MaxDistance,
        int extraDevices,
        int devtSlotoff,
        int xattrPrefixCount,
        long xattrPrefixStart,
        long packedNid,
        int ishareXattrPrefixId,
        long buildTime,
        long metaboxNid,
        ChecksumStatus checksumStatus,
        int computedChecksum) {

    public static final int OFFSET = 1024;
    public static final int MAGIC = 0xE0F5E1E2;
    static final int BASE_SIZE = 128;

    public enum ChecksumStatus { ABSENT, VALID, MISMATCH }

    public static Superblock read(ImageSource source) throws ImageException {
        if (source.length() < OFFSET + BASE_SIZE) {
            throw new ImageException("not an EROFS image: " + source.length()
                    + " bytes is too short to hold a superblock", 0);
        }
        ByteBuffer b = source.buffer(OFFSET, BASE_SIZE);
        int magic = b.getInt(0);
        if (magic != MAGIC) {
            throw new ImageException(String.format(
                    "not an EROFS image: superblock magic is 0x%08x, expected 0x%08x", magic, MAGIC), OFFSET);
        }
        int compat = b.getInt(8);
        int blkszbits = b.get(12) & 0xFF;
        if (blkszbits < 9 || blkszbits > 16) {
            throw new ImageException("unsupported block size 2^" + blkszbits
                    + " (blkszbits must be 9 to 16)", OFFSET + 12);
        }
        int extslots = b.get(13) & 0xFF;
        int incompat = b.getInt(80);
        int unknown = incompat & ~Feature.knownBits(Feature.Kind.INCOMPAT);
        if (unknown != 0) {
            throw new ImageException(String.format(
                    "unsupported incompatible feature bit 0x%x (feature_incompat 0x%x)", unknown, incompat),
                    OFFSET + 80);
        }
        int dirblkbits = b.get(90) & 0xFF;
        if (dirblkbits != 0) {
            throw new ImageException("unsupported directory block size shift " + dirblkbits, OFFSET + 90);
        }
        int sbSize = BASE_SIZE + 16 * extslots;
        if (source.length() < OFFSET + sbSize) {
            throw new ImageException("image truncated inside the superblock", OFFSET);
        }
        ByteBuffer ext = sbSize > BASE_SIZE ? source.buffer(OFFSET, sbSize) : b;

        boolean bit48 = (incompat & Feature.BIT48.bit()) != 0;
        long rootnid8 = b.getLong(112);
        int rootnid2OrBlocksHi = Short.toUnsignedInt(b.getShort(14));
        boolean wideRoot = bit48 && rootnid8 != 0;
        long rootNid = wideRoot ? rootnid8 : rootnid2OrBlocksHi;
        long blocks = Integer.toUnsignedLong(b.getInt(36)) | (wideRoot ? (long) rootnid2OrBlocksHi << 32 : 0);

        long packedNid = b.getLong(96);
        long metaboxNid = 0;
        if ((incompat & Feature.METABOX.bit()) != 0) {
            if (sbSize < 144) {
                throw new ImageException("metabox feature set but the superblock has no metabox_nid field", OFFSET + 13);
            }
            metaboxNid = ext.getLong(128);
            if (metaboxNid < 0) {
                throw new ImageException("metabox nid may not point into the metabox itself", OFFSET + 128);
            }
        }
        if (packedNid < 0) {
            throw new ImageException("packed nid has bit 63 set", OFFSET + 96);
        }

        int lenForCrc = (1 << blkszbits) > OFFSET ? (1 << blkszbits) - OFFSET : (1 << blkszbits);
        int stored = b.getInt(4);
        int computed = 0;
        ChecksumStatus status = ChecksumStatus.ABSENT;
        if ((compat & Feature.SB_CHKSUM.bit()) != 0) {
            int covered = (int) Math.min(lenForCrc, source.length() - OFFSET);
            byte[] block = source.read(OFFSET, covered);
            block[4] = block[5] = block[6] = block[7] = 0;
            CRC32C crc = new CRC32C();
            crc.update(block);
            // EROFS keeps the raw CRC register (no final inversion), java.util.zip inverts it.
            computed = ~(int) crc.getValue();
            status = computed == stored ? ChecksumStatus.VALID : ChecksumStatus.MISMATCH;
        }

        byte[] uuid = new byte[16];
        b.get(48, uuid);
        byte[] name = new byte[16];
        b.get(64, name);
        int u1 = Short.toUnsignedInt(b.getShort(84));
        boolean comprCfgs = (incompat & Feature.COMPR_CFGS.bit()) != 0;
        return new Superblock(
                new ByteRange(OFFSET, sbSize),
                stored, compat, incompat, blkszbits, extslots, rootNid,
                b.getLong(16), b.getLong(24), b.getInt(32), blocks,
                Integer.toUnsignedLong(b.getInt(40)), Integer.toUnsignedLong(b.getInt(44)),
                uuid, name,
                comprCfgs ? u1 : 0, comprCfgs ? 0 : u1,
                Short.toUnsignedInt(b.getShort(86)), Short.toUnsignedInt(b.getShort(88)),
                b.get(91) & 0xFF, Integer.toUnsignedLong(b.getInt(92)),
                packedNid, b.get(105) & 0xFF, Integer.toUnsignedLong(b.getInt(108)),
                metaboxNid, status, computed);
    }

    public int blockSize() {
        return 1 << blkszbits;
    }

    public long blockOffset(long block) {
        return block << blkszbits;
    }

    public boolean has(Feature feature) {
        int word = feature.kind() == Feature.Kind.COMPAT ? featureCompat : featureIncompat;
        return (word & feature.bit()) != 0;
    }

    public Set<Feature> features() {
        return Feature.decode(featureCompat, featureIncompat);
    }

    /** Compatible bits this reader does not know (shown, then ignored). */
    public int unknownCompatBits() {
        return featureCompat & ~Feature.knownBits(Feature.Kind.COMPAT);
    }

    /** Byte size of the superblock structure including its extension slots. */
    public int size() {
        return BASE_SIZE + 16 * sbExtslots;
    }

    /** Where the inode area starts. */
    public long metaOffset() {
        return blockOffset(metaBlkaddr);
    }

    @Override
    public byte[] uuid() {
        return uuid.clone();
    }

    @Override
    public byte[] volumeName() {
        return volumeName.clone();
    }

    /** The UUID as 8-4-4-4-12 lowercase hex, in on-disk byte order. */
    public String uuidString() {
        String h = java.util.HexFormat.of().formatHex(uuid);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                + h.substring(16, 20) + "-" + h.substring(20);
    }

    /** The volume label up to its first NUL byte. */
    public String volumeLabel() {
        int n = 0;
        while (n < volumeName.length && volumeName[n] != 0) {
            n++;
        }
        return new String(volumeName, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** When the image was made: epoch plus build_time (newer images), or epoch alone. */
    public Instant creationTime() {
        return erofsbrowser.image.Times.instant(epoch + buildTime, Integer.toUnsignedLong(fixedNsec) % 1_000_000_000L);
    }

    /** Compression algorithms the image declares (from the algorithm bitmap, or LZ4 for old images). */
    public Set<CompressionAlgorithm> declaredAlgorithms() {
        Set<CompressionAlgorithm> set = java.util.EnumSet.noneOf(CompressionAlgorithm.class);
        if (has(Feature.COMPR_CFGS)) {
            for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
                if ((availableComprAlgs & (1 << a.id())) != 0) {
                    set.add(a);
                }
            }
        } else {
            set.add(CompressionAlgorithm.LZ4);
        }
        return set;
    }
}

package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.Problem;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code AvbVBMetaImageHeader} of libavb's {@code avb_vbmeta_image.h}: 256 big-endian bytes at
 * the start of a vbmeta image. Offsets of the hash and signature count from the start of the
 * authentication data block, those of the key, its metadata and the descriptors from the start of
 * the auxiliary data block.
 */
public record VbmetaHeader(long requiredLibavbVersionMajor, long requiredLibavbVersionMinor,
                           long authenticationDataBlockSize, long auxiliaryDataBlockSize, long algorithmType,
                           long hashOffset, long hashSize, long signatureOffset, long signatureSize,
                           long publicKeyOffset, long publicKeySize, long publicKeyMetadataOffset,
                           long publicKeyMetadataSize, long descriptorsOffset, long descriptorsSize,
                           long rollbackIndex, long flags, long rollbackIndexLocation, String releaseString) {
    public static final int SIZE = 256;
    static final byte[] MAGIC = "AVB0".getBytes(StandardCharsets.US_ASCII);

    /** The header in {@code b[0, 256)}; the caller has checked the magic. */
    static VbmetaHeader parse(byte[] b) {
        ByteBuffer h = ByteBuffer.wrap(b, 0, SIZE);
        int release = 128;
        int nul = release;
        while (nul < release + 48 && b[nul] != 0) {
            nul++;
        }
        return new VbmetaHeader(u32(h, 4), u32(h, 8), h.getLong(12), h.getLong(20), u32(h, 28), h.getLong(32),
                h.getLong(40), h.getLong(48), h.getLong(56), h.getLong(64), h.getLong(72), h.getLong(80), h.getLong(88),
                h.getLong(96), h.getLong(104), h.getLong(112), u32(h, 120), u32(h, 124),
                new String(b, release, nul - release, StandardCharsets.UTF_8));
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFF_FFFFL;
    }

    public AvbAlgorithm algorithm() {
        return AvbAlgorithm.of(algorithmType);
    }

    /** The header's fields; {@code b} holds the vbmeta image, which lies at payload {@code offset}. */
    static Field dissect(byte[] b, long offset) {
        FieldBuilder f = FieldBuilder.bigEndian("AvbVBMetaImageHeader", offset, b, 0, SIZE).meaning("256 bytes");
        f.bytes("magic", 4, m -> Arrays.equals(m, MAGIC) ? "\"AVB0\"" : "not a vbmeta image");
        f.u32("required_libavb_version_major", v -> "libavb " + v + ".x needed");
        if (b[4] != 0 || b[5] != 0 || b[6] != 0 || b[7] != 1) {
            f.problemOnLast(Problem.error("libavb reads major version 1 only"));
        }
        f.u32("required_libavb_version_minor");
        f.u64("authentication_data_block_size", v -> blockSize(v));
        f.u64("auxiliary_data_block_size", v -> blockSize(v));
        f.u32("algorithm_type", v -> AvbAlgorithm.of(v) == null ? "unknown algorithm" : AvbAlgorithm.of(v).name());
        if (AvbAlgorithm.of(ByteBuffer.wrap(b).getInt(28) & 0xFFFF_FFFFL) == null) {
            f.problemOnLast(Problem.error("not an AvbAlgorithmType"));
        }
        f.u64("hash_offset", v -> "at byte " + Long.toUnsignedString(v) + " of the authentication block");
        f.u64("hash_size", v -> Long.toUnsignedString(v) + " bytes");
        f.u64("signature_offset", v -> "at byte " + Long.toUnsignedString(v) + " of the authentication block");
        f.u64("signature_size", v -> Long.toUnsignedString(v) + " bytes");
        f.u64("public_key_offset", v -> "at byte " + Long.toUnsignedString(v) + " of the auxiliary block");
        f.u64("public_key_size", v -> Long.toUnsignedString(v) + " bytes");
        f.u64("public_key_metadata_offset", v -> "at byte " + Long.toUnsignedString(v) + " of the auxiliary block");
        f.u64("public_key_metadata_size", v -> v == 0 ? "no metadata" : Long.toUnsignedString(v) + " bytes");
        f.u64("descriptors_offset", v -> "at byte " + Long.toUnsignedString(v) + " of the auxiliary block");
        f.u64("descriptors_size", v -> Long.toUnsignedString(v) + " bytes");
        f.u64("rollback_index", Long::toUnsignedString);
        f.flags("flags", 4, v -> v == 0 ? "none" : String.format("0x%x", v), List.of(
                BitField.flag("AVB_VBMETA_IMAGE_FLAGS_HASHTREE_DISABLED", 0, "dm-verity off"),
                BitField.flag("AVB_VBMETA_IMAGE_FLAGS_VERIFICATION_DISABLED", 1, "verification off")));
        f.u32("rollback_index_location");
        f.bytes("release_string", 48, s -> "\"" + Printable.of(new String(s, 0, nulIndex(s), StandardCharsets.UTF_8)) + "\"");
        if (b[128 + 47] != 0) {
            f.problemOnLast(Problem.error("does not end with a NUL byte (libavb refuses it)"));
        }
        f.bytes("reserved", 80, "must be zero");
        return f.build();
    }

    private static String blockSize(long v) {
        return Long.toUnsignedString(v) + " bytes" + (v % 64 != 0 ? " (not a multiple of 64)" : "");
    }

    private static int nulIndex(byte[] s) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0) {
                return i;
            }
        }
        return s.length;
    }
}

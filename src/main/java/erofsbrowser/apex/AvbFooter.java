package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Problem;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code AvbFooter} of libavb's {@code avb_footer.h}: the last 64 bytes of an image with a
 * hashtree or hash footer (an APEX payload), big-endian, saying where the vbmeta image is.
 *
 * @param offset            where the footer starts in the payload
 * @param versionMajor      footer format version (libavb reads 1)
 * @param versionMinor      footer format minor version
 * @param originalImageSize the filesystem's size before the hashtree and vbmeta were added
 * @param vbmetaOffset      where the vbmeta image starts in the payload
 * @param vbmetaSize        its size: header, authentication and auxiliary blocks
 */
public record AvbFooter(long offset, long versionMajor, long versionMinor, long originalImageSize, long vbmetaOffset,
                        long vbmetaSize) {
    public static final int SIZE = 64;
    static final byte[] MAGIC = "AVBf".getBytes(StandardCharsets.US_ASCII);

    /** Whether the last 64 bytes of {@code payload} start with the footer magic "AVBf". */
    static boolean isPresent(ImageSource payload) throws ImageException {
        return payload.length() >= SIZE && Arrays.equals(DirectReads.read(payload, payload.length() - SIZE, 4), MAGIC);
    }

    /** The footer at the end of {@code payload}; the caller has checked {@link #isPresent}. */
    static AvbFooter read(ImageSource payload) throws ImageException {
        long at = payload.length() - SIZE;
        ByteBuffer b = ByteBuffer.wrap(DirectReads.read(payload, at, SIZE));
        AvbFooter f = new AvbFooter(at, b.getInt(4) & 0xFFFF_FFFFL, b.getInt(8) & 0xFFFF_FFFFL, b.getLong(12),
                b.getLong(20), b.getLong(28));
        if (f.versionMajor > 1) {
            throw new ImageException("AVB footer version " + f.versionMajor + "." + f.versionMinor
                    + ": libavb reads version 1 only", at + 4);
        }
        return f;
    }

    /** The footer's fields; {@code bytes} are its 64 bytes. */
    static Field dissect(long offset, byte[] bytes, long payloadLength) {
        FieldBuilder f = FieldBuilder.bigEndian("AvbFooter", offset, bytes, 0, SIZE).meaning("the last 64 bytes of the payload");
        f.bytes("magic", 4, b -> Arrays.equals(b, MAGIC) ? "\"AVBf\"" : "not an AVB footer");
        f.u32("version_major", v -> "footer version " + v);
        f.u32("version_minor");
        f.u64("original_image_size", v -> Long.toUnsignedString(v) + " bytes of filesystem");
        long vbmeta = f.u64("vbmeta_offset", v -> "vbmeta at payload byte " + Long.toUnsignedString(v));
        if (vbmeta < 0 || vbmeta >= payloadLength) {
            f.problemOnLast(Problem.error("beyond the payload's " + payloadLength + " bytes"));
        }
        long size = f.u64("vbmeta_size", v -> Long.toUnsignedString(v) + " bytes");
        if (size < 0 || size > Vbmeta.MAX_SIZE) {
            f.problemOnLast(Problem.error("apexd refuses vbmeta over " + Vbmeta.MAX_SIZE + " bytes"));
        }
        f.bytes("reserved", 28, "must be zero");
        for (int i = 36; i < SIZE; i++) {
            if (bytes[i] != 0) {
                f.problemOnLast(Problem.warning("reserved bytes are not zero"));
                break;
            }
        }
        return f.build();
    }
}

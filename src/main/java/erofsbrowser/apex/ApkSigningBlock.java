package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The APK Signing Block an APEX carries right before its central directory (APK Signature Scheme
 * v2/v3): size of block, ID-value pairs, size of block again, and the magic "APK Sig Block 42".
 * Only its layout is dissected; the signatures inside are the APK signer's, not apexd's concern.
 */
final class ApkSigningBlock {
    static final byte[] MAGIC = "APK Sig Block 42".getBytes(StandardCharsets.US_ASCII);
    /** Blocks larger than this are not read into memory (real ones are a few KiB). */
    static final int MAX_SIZE = 16 << 20;

    private ApkSigningBlock() {
    }

    /** The block that ends at {@code directoryOffset}, or null when there is none. */
    static Field dissect(ImageSource source, long directoryOffset) throws ImageException {
        if (directoryOffset < 32) {
            return null;
        }
        byte[] footer = source.read(directoryOffset - 24, 24);
        if (!Arrays.equals(footer, 8, 24, MAGIC, 0, 16)) {
            return null;
        }
        long size = LittleEndian.i64(footer, 0);
        long start = directoryOffset - 8 - size;
        if (size < 24 || size > MAX_SIZE || start < 0) {
            FieldBuilder f = FieldBuilder.littleEndian("APK Signing Block (end)", directoryOffset - 24, footer, 0, 24);
            f.u64("size of block", v -> Long.toUnsignedString(v) + " bytes: not read");
            f.bytes("magic", 16, "APK Sig Block 42");
            return f.problem(Problem.warning("the block's size " + Long.toUnsignedString(size)
                    + " does not fit before the central directory")).build();
        }
        byte[] b = source.read(start, (int) (size + 8));
        FieldBuilder f = FieldBuilder.littleEndian("APK Signing Block", start, b, 0, b.length);
        f.meaning((size + 8) + " bytes before the central directory");
        long first = f.u64("size of block", v -> Long.toUnsignedString(v) + " bytes after this field");
        if (first != size) {
            f.problemOnLast(Problem.warning("differs from the size at the block's end (" + size + ")"));
        }
        while (f.remaining() > 24) {
            long length = f.peek(8);
            if (length < 4 || length > f.remaining() - 24 - 8) {
                f.bytes("ID-value pairs", f.remaining() - 24, "a pair whose length overruns the block");
                f.problemOnLast(Problem.warning("a pair's length " + Long.toUnsignedString(length) + " overruns the block"));
                break;
            }
            int id = LittleEndian.i32(b, b.length - f.remaining() + 8);
            FieldBuilder pair = f.sub("ID-value pair", (int) (8 + length)).meaning(idName(id));
            pair.u64("length", v -> v + " bytes");
            pair.u32("ID", v -> idName((int) v));
            pair.bytes("value", (int) length - 4, "");
            f.nested(pair.build());
        }
        if (f.remaining() > 24) {
            f.bytes("ID-value pairs", f.remaining() - 24, "");
        }
        f.u64("size of block", v -> Long.toUnsignedString(v) + " bytes");
        f.bytes("magic", 16, "APK Sig Block 42");
        return f.build();
    }

    private static String idName(int id) {
        return switch (id) {
            case 0x7109871a -> "APK Signature Scheme v2 block";
            case 0xf05368c0 -> "APK Signature Scheme v3 block";
            case 0x1b93ad61 -> "APK Signature Scheme v3.1 block";
            case 0x42726577 -> "verity padding block";
            case 0x6dff800d -> "source stamp block";
            case 0x2b09189e -> "source stamp block (v1)";
            case 0x504b4453 -> "dependency info block";
            default -> String.format("ID 0x%08x", id);
        };
    }
}

package erofsbrowser.image;

import java.util.HexFormat;

/**
 * The decoded value of one {@link Field}: how its bytes read. Each kind can encode itself back
 * into the bytes it was read from, which is how the tests prove every field's offset and width.
 */
public sealed interface FieldValue {

    /** The value as the structure pane and {@code --json} show it: decimal numbers, hex bytes. */
    String text();

    /** An unsigned integer of {@code width} bytes (1 to 8), little- or big-endian. */
    record Unsigned(long value, int width, boolean bigEndian) implements FieldValue {
        public Unsigned {
            if (width < 1 || width > 8) {
                throw new IllegalArgumentException("width " + width);
            }
        }

        @Override
        public String text() {
            return Long.toUnsignedString(value);
        }

        /** The bytes this value is stored as. */
        public byte[] encode() {
            byte[] b = new byte[width];
            for (int i = 0; i < width; i++) {
                b[bigEndian ? width - 1 - i : i] = (byte) (value >>> (8 * i));
            }
            return b;
        }
    }

    /**
     * A protobuf base-128 varint, kept with the number of bytes it took: hostile input may pad a
     * varint with continuation bytes, and the field still covers all of them.
     */
    record Varint(long value, int encodedLength) implements FieldValue {
        @Override
        public String text() {
            return Long.toUnsignedString(value);
        }

        public byte[] encode() {
            byte[] b = new byte[encodedLength];
            long v = value;
            for (int i = 0; i < encodedLength; i++) {
                b[i] = (byte) ((v & 0x7F) | (i < encodedLength - 1 ? 0x80 : 0));
                v >>>= 7;
            }
            return b;
        }
    }

    /** Raw bytes: names, UUIDs, digests, values shown as they are. */
    record Bytes(byte[] bytes) implements FieldValue {
        public Bytes {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String text() {
            return HexFormat.of().formatHex(bytes);
        }
    }

    /**
     * Some bits of the enclosing field: a flag or a small number packed with others. It covers the
     * same bytes as that field; {@code shift} and {@code bits} say which bits, counted from bit 0
     * of the field's value ({@link Unsigned}) or, for bits packed across raw bytes ({@link Bytes}),
     * little-endian from bit 0 of its first byte.
     */
    record Bits(long value, int shift, int bits) implements FieldValue {
        public Bits {
            if (bits < 1 || bits > 64 || shift < 0) {
                throw new IllegalArgumentException(bits + " bits at " + shift);
            }
        }

        @Override
        public String text() {
            return Long.toUnsignedString(value);
        }

        /** The mask of these bits within an enclosing field of at most 64 bits. */
        public long mask() {
            return (bits == 64 ? -1L : (1L << bits) - 1) << shift;
        }

        /** {@code bits} bits from bit {@code shift} of {@code raw}, bytes little-endian. */
        public static long extract(byte[] raw, int shift, int bits) {
            long v = 0;
            for (int i = 0; i < bits; i++) {
                int bit = shift + i;
                if ((raw[bit >>> 3] >>> (bit & 7) & 1) != 0) {
                    v |= 1L << i;
                }
            }
            return v;
        }
    }
}

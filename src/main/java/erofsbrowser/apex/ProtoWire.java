package erofsbrowser.apex;

import erofsbrowser.image.ImageException;

import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf wire format, decoded by hand (APEX metadata needs a few messages, not a protobuf
 * runtime): a message is a run of fields, each a key varint ({@code number << 3 | wire type})
 * followed by a varint, 8 or 4 little-endian bytes, or a length varint and that many bytes. Every
 * fault is an {@link ImageException} at its byte; nothing is allocated from a length read.
 */
final class ProtoWire {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int SGROUP = 3;
    static final int EGROUP = 4;
    static final int I32 = 5;
    /** The largest field number protobuf allows (2^29 - 1). */
    static final int MAX_FIELD_NUMBER = (1 << 29) - 1;
    static final int MAX_VARINT_LENGTH = 10;

    private ProtoWire() {
    }

    /**
     * One field as stored.
     *
     * @param number       the field number
     * @param wireType     how its value is stored
     * @param start        where its key starts (index in the message's array)
     * @param keyLength    bytes of the key varint
     * @param value        the varint, fixed64 or fixed32 value; for LEN, the length
     * @param valueLength  bytes taken by the value (or by the length varint, for LEN)
     * @param payloadStart for LEN, where the payload starts
     * @param end          index just past the field
     */
    record Field(int number, int wireType, int start, int keyLength, long value, int valueLength, int payloadStart,
                 int end) {
        int payloadLength() {
            return end - payloadStart;
        }
    }

    /** A varint and the bytes it took. */
    record Varint(long value, int length) {
    }

    /**
     * The fields of the message in {@code b[start, end)}, which lies at byte {@code base} of the
     * image (for the offsets in errors).
     */
    static List<Field> parse(byte[] b, int start, int end, long base) throws ImageException {
        List<Field> fields = new ArrayList<>();
        for (int at = start; at < end; at = fields.get(fields.size() - 1).end()) {
            fields.add(next(b, at, end, base));
        }
        return fields;
    }

    /** The field that starts at {@code b[at]}, in a message that ends at {@code end}. */
    static Field next(byte[] b, int at, int end, long base) throws ImageException {
        Varint key = varint(b, at, end, base, "field key");
        long number = key.value() >>> 3;
        int wire = (int) (key.value() & 7);
        if (number == 0 || number > MAX_FIELD_NUMBER) {
            throw new ImageException("protobuf field number " + Long.toUnsignedString(number)
                    + " is outside 1.." + MAX_FIELD_NUMBER + ": not a protobuf message, or a damaged one", base + at);
        }
        int valueAt = at + key.length();
        return switch (wire) {
            case VARINT -> {
                Varint v = varint(b, valueAt, end, base, "varint value of field " + number);
                yield new Field((int) number, wire, at, key.length(), v.value(), v.length(), valueAt + v.length(),
                        valueAt + v.length());
            }
            case I64, I32 -> {
                int width = wire == I64 ? 8 : 4;
                if (end - valueAt < width) {
                    throw new ImageException("protobuf field " + number + " needs " + width + " bytes, "
                            + (end - valueAt) + " remain in the message", base + valueAt);
                }
                long v = 0;
                for (int i = width - 1; i >= 0; i--) {
                    v = v << 8 | (b[valueAt + i] & 0xFF);
                }
                yield new Field((int) number, wire, at, key.length(), v, width, valueAt + width, valueAt + width);
            }
            case LEN -> {
                Varint length = varint(b, valueAt, end, base, "length of field " + number);
                int payload = valueAt + length.length();
                if (Long.compareUnsigned(length.value(), end - payload) > 0) {
                    throw new ImageException("protobuf field " + number + " says " + Long.toUnsignedString(length.value())
                            + " bytes, " + (end - payload) + " remain in the message", base + valueAt);
                }
                yield new Field((int) number, wire, at, key.length(), length.value(), length.length(), payload,
                        payload + (int) length.value());
            }
            case SGROUP, EGROUP -> throw new ImageException("protobuf field " + number + " is a group (wire type "
                    + wire + "), which proto3 messages such as APEX's never hold", base + at);
            default -> throw new ImageException("protobuf field " + number + " has wire type " + wire
                    + ", which does not exist", base + at);
        };
    }

    static Varint varint(byte[] b, int at, int end, long base, String what) throws ImageException {
        long v = 0;
        for (int i = 0; i < MAX_VARINT_LENGTH; i++) {
            if (at + i >= end) {
                throw new ImageException("protobuf " + what + " is cut short by the end of the message", base + at + i);
            }
            int c = b[at + i] & 0xFF;
            if (i == MAX_VARINT_LENGTH - 1 && c > 1) {
                throw new ImageException("protobuf " + what + " overflows 64 bits", base + at + i);
            }
            v |= (long) (c & 0x7F) << (7 * i);
            if (c < 0x80) {
                return new Varint(v, i + 1);
            }
        }
        throw new ImageException("protobuf " + what + " runs over " + MAX_VARINT_LENGTH + " bytes", base + at);
    }

    static String wireTypeName(int wire) {
        return switch (wire) {
            case VARINT -> "varint";
            case I64 -> "64-bit";
            case LEN -> "length-delimited";
            case I32 -> "32-bit";
            default -> "wire type " + wire;
        };
    }
}

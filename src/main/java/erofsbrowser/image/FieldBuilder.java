package erofsbrowser.image;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Builds one structure's {@link Field} tree from the structure's bytes, field after field, the way
 * a dissector reads them: each call takes the next field's bytes, decodes them and records their
 * range. {@link #build()} fails when the fields do not cover the structure exactly, so a dissector
 * that skips or overlaps bytes is caught by any test that builds it.
 *
 * <p>Not thread-safe: one dissector call uses one builder.
 */
public final class FieldBuilder {
    private final String name;
    private final long offset;
    private final byte[] bytes;
    private final int start;
    private final int length;
    private final boolean bigEndian;
    private String meaning = "";
    private int cursor;
    private final List<Field> children = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    private FieldBuilder(String name, long offset, byte[] bytes, int start, int length, boolean bigEndian) {
        if (start < 0 || length < 0 || start > bytes.length || length > bytes.length - start) {
            throw new IllegalArgumentException(name + ": " + start + "+" + length + " outside " + bytes.length + " bytes");
        }
        this.name = name;
        this.offset = offset;
        this.bytes = bytes;
        this.start = start;
        this.length = length;
        this.bigEndian = bigEndian;
        this.cursor = start;
    }

    /** A little-endian structure {@code name} over {@code bytes[start, start+length)}, which lie at image {@code offset}. */
    public static FieldBuilder littleEndian(String name, long offset, byte[] bytes, int start, int length) {
        return new FieldBuilder(name, offset, bytes, start, length, false);
    }

    /** A big-endian structure (AVB, dm-verity, protobuf lengths are not: zip is little-endian too). */
    public static FieldBuilder bigEndian(String name, long offset, byte[] bytes, int start, int length) {
        return new FieldBuilder(name, offset, bytes, start, length, true);
    }

    /** The structure's own plain-words meaning. */
    public FieldBuilder meaning(String text) {
        this.meaning = text;
        return this;
    }

    /** Image offset of the next field. */
    public long position() {
        return offset + (cursor - start);
    }

    /** Bytes of the structure not taken by a field yet. */
    public int remaining() {
        return start + length - cursor;
    }

    /** The next {@code width} bytes as an unsigned integer, without taking them. */
    public long peek(int width) {
        need(width, "peek");
        long v = 0;
        for (int i = 0; i < width; i++) {
            int b = bytes[cursor + i] & 0xFF;
            v |= (long) b << (8 * (bigEndian ? width - 1 - i : i));
        }
        return v;
    }

    /** The next {@code width} bytes as an unsigned integer field; {@code meaning} describes its value ("" for none). */
    public long unsigned(String fieldName, int width, LongFunction<String> meaningOf) {
        long v = peek(width);
        add(Field.leaf(fieldName, position(), width, new FieldValue.Unsigned(v, width, bigEndian), meaningOf.apply(v)));
        cursor += width;
        return v;
    }

    public long u8(String fieldName, LongFunction<String> meaningOf) {
        return unsigned(fieldName, 1, meaningOf);
    }

    public long u16(String fieldName, LongFunction<String> meaningOf) {
        return unsigned(fieldName, 2, meaningOf);
    }

    public long u32(String fieldName, LongFunction<String> meaningOf) {
        return unsigned(fieldName, 4, meaningOf);
    }

    public long u64(String fieldName, LongFunction<String> meaningOf) {
        return unsigned(fieldName, 8, meaningOf);
    }

    public long u8(String fieldName) {
        return u8(fieldName, v -> "");
    }

    public long u16(String fieldName) {
        return u16(fieldName, v -> "");
    }

    public long u32(String fieldName) {
        return u32(fieldName, v -> "");
    }

    public long u64(String fieldName) {
        return u64(fieldName, v -> "");
    }

    /**
     * An unsigned integer field whose bits hold smaller fields: {@code bits} describes them, each
     * as {@link BitField}s over the value.
     */
    public long flags(String fieldName, int width, LongFunction<String> meaningOf, List<BitField> bitFields) {
        long v = peek(width);
        List<Field> parts = new ArrayList<>();
        long at = position();
        for (BitField b : bitFields) {
            FieldValue.Bits bits = new FieldValue.Bits(0, b.shift(), b.bits());
            long part = (v & bits.mask()) >>> b.shift();
            parts.add(Field.leaf(b.name(), at, width, new FieldValue.Bits(part, b.shift(), b.bits()), b.meaningOf().apply(part)));
        }
        add(new Field(fieldName, at, width, new FieldValue.Unsigned(v, width, bigEndian), meaningOf.apply(v), parts, List.of()));
        cursor += width;
        return v;
    }

    /** Some bits of a flags field: {@code bits} of them from bit {@code shift}, with what a value means. */
    public record BitField(String name, int shift, int bits, LongFunction<String> meaningOf) {
        /** A one-bit flag: its meaning when set ("" when clear shows "not set"). */
        public static BitField flag(String name, int bit, String whenSet) {
            return new BitField(name, bit, 1, v -> v != 0 ? whenSet : "not set");
        }
    }

    /**
     * The next {@code count} bytes as raw bytes holding packed bit fields (little-endian bit order,
     * as EROFS compact indexes pack them), each described by {@code bitFields}.
     */
    public byte[] packedBits(String fieldName, int count, String fieldMeaning, List<BitField> bitFields) {
        need(count, fieldName);
        byte[] b = java.util.Arrays.copyOfRange(bytes, cursor, cursor + count);
        long at = position();
        List<Field> parts = new ArrayList<>();
        for (BitField bf : bitFields) {
            long v = FieldValue.Bits.extract(b, bf.shift(), bf.bits());
            parts.add(Field.leaf(bf.name(), at, count, new FieldValue.Bits(v, bf.shift(), bf.bits()), bf.meaningOf().apply(v)));
        }
        add(new Field(fieldName, at, count, new FieldValue.Bytes(b), fieldMeaning, parts, List.of()));
        cursor += count;
        return b;
    }

    /** The next {@code count} bytes as raw bytes. */
    public byte[] bytes(String fieldName, int count, String fieldMeaning) {
        return bytes(fieldName, count, b -> fieldMeaning);
    }

    /** The next {@code count} bytes as raw bytes, with a meaning read from them (a UUID, a name). */
    public byte[] bytes(String fieldName, int count, java.util.function.Function<byte[], String> meaningOf) {
        need(count, fieldName);
        byte[] b = java.util.Arrays.copyOfRange(bytes, cursor, cursor + count);
        add(Field.leaf(fieldName, position(), count, new FieldValue.Bytes(b), meaningOf.apply(b)));
        cursor += count;
        return b;
    }

    /** A field built elsewhere (a nested structure) that starts at the next byte; takes its bytes. */
    public FieldBuilder nested(Field structure) {
        if (structure.offset() != position()) {
            throw new IllegalStateException(structure.name() + " at " + structure.offset() + ", expected at " + position());
        }
        need((int) structure.size(), structure.name());
        add(structure);
        cursor += (int) structure.size();
        return this;
    }

    /** A builder for a structure nested at the next byte, {@code nestedLength} bytes long; pass its result to {@link #nested}. */
    public FieldBuilder sub(String structureName, int nestedLength) {
        need(nestedLength, structureName);
        return new FieldBuilder(structureName, position(), bytes, cursor, nestedLength, bigEndian);
    }

    /** Marks the last field added with {@code problem}. */
    public FieldBuilder problemOnLast(Problem problem) {
        if (children.isEmpty()) {
            throw new IllegalStateException("no field yet");
        }
        int last = children.size() - 1;
        children.set(last, children.get(last).withProblems(List.of(problem)));
        return this;
    }

    /** Marks the structure itself with {@code problem}. */
    public FieldBuilder problem(Problem problem) {
        problems.add(problem);
        return this;
    }

    /** The structure; every byte must have been taken by a field. */
    public Field build() {
        if (cursor != start + length) {
            throw new IllegalStateException(name + ": fields cover " + (cursor - start) + " of " + length + " bytes");
        }
        return new Field(name, offset, length, null, meaning, children, problems);
    }

    private void add(Field f) {
        children.add(f);
    }

    private void need(int count, String what) {
        if (count < 0 || count > remaining()) {
            throw new IllegalStateException(name + "." + what + ": " + count + " bytes wanted, " + remaining() + " left");
        }
    }
}

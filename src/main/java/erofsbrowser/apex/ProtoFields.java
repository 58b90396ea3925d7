package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;

/**
 * The dissector of a protobuf message: each field by its name in the {@code .proto} file (or
 * "field N" when the schema does not name it) over its bytes, with the key varint, the length
 * varint and the payload as its fields, nested messages dissected in turn. A fault stops the
 * dissection there: the fields before it are shown, the bytes after it are one field marked with
 * the fault.
 */
final class ProtoFields {
    private ProtoFields() {
    }

    /** The message in {@code b[start, end)}, which lies at image offset {@code base + start}. */
    static Field dissect(byte[] b, int start, int end, long base, ProtoSchema schema) {
        return dissect(b, start, end, base, schema, 0);
    }

    private static Field dissect(byte[] b, int start, int end, long base, ProtoSchema schema, int depth) {
        FieldBuilder f = FieldBuilder.littleEndian(schema.name(), base + start, b, start, end - start);
        int count = 0;
        int at = start;
        while (at < end) {
            ProtoWire.Field field;
            try {
                field = ProtoWire.next(b, at, end, base);
            } catch (ImageException e) {
                f.bytes("undecodable bytes", end - at, "");
                f.problemOnLast(Problem.error(e.getMessage()));
                break;
            }
            f.nested(field(b, base, schema, field, depth));
            count++;
            at = field.end();
        }
        f.meaning((end - start) + " bytes, " + count + (count == 1 ? " field" : " fields"));
        return f.build();
    }

    private static Field field(byte[] b, long base, ProtoSchema schema, ProtoWire.Field field, int depth) {
        ProtoSchema.FieldSpec spec = schema.field(field.number());
        String name = spec == null ? "field " + field.number() : spec.name();
        FieldBuilder f = FieldBuilder.littleEndian(name, base + field.start(), b, field.start(), field.end() - field.start());
        long key = (long) field.number() << 3 | field.wireType();
        f.nested(Field.leaf("key", f.position(), field.keyLength(), new FieldValue.Varint(key, field.keyLength()),
                "field " + field.number() + ", " + ProtoWire.wireTypeName(field.wireType())));
        boolean wrongWire = spec != null && spec.type().wireType != field.wireType();
        switch (field.wireType()) {
            case ProtoWire.VARINT -> {
                String text = spec != null && spec.type() == ProtoSchema.Type.BOOL ? Boolean.toString(field.value() != 0)
                        : Long.toString(field.value());
                f.nested(Field.leaf("value", f.position(), field.valueLength(),
                        new FieldValue.Varint(field.value(), field.valueLength()), text));
                f.meaning(text);
            }
            case ProtoWire.I64, ProtoWire.I32 -> {
                long v = f.unsigned("value", field.valueLength(), Long::toUnsignedString);
                f.meaning(Long.toUnsignedString(v));
            }
            default -> {
                int length = field.payloadLength();
                f.nested(Field.leaf("length", f.position(), field.valueLength(),
                        new FieldValue.Varint(field.value(), field.valueLength()), length + " bytes"));
                if (!wrongWire && spec != null && spec.type() == ProtoSchema.Type.MESSAGE && depth < ProtoMessage.MAX_DEPTH) {
                    Field nested = dissect(b, field.payloadStart(), field.end(), base, spec.message(), depth + 1);
                    f.nested(nested);
                    f.meaning(nested.meaning());
                } else if (length > 0) {
                    String text = payloadText(b, field, spec);
                    f.bytes("value", length, text);
                    f.meaning(text);
                } else {
                    f.meaning("empty");
                }
            }
        }
        if (wrongWire) {
            f.problem(Problem.error("stored as " + ProtoWire.wireTypeName(field.wireType()) + ", but "
                    + spec.name() + " is a " + spec.type().name().toLowerCase()));
        }
        return f.build();
    }

    /** A payload as text when it reads as text (strings, and bytes fields such as file_contexts), else its size. */
    private static String payloadText(byte[] b, ProtoWire.Field field, ProtoSchema.FieldSpec spec) {
        String s = new String(b, field.payloadStart(), field.payloadLength(), StandardCharsets.UTF_8);
        boolean textual = spec != null && spec.type() == ProtoSchema.Type.STRING;
        if (!textual) {
            textual = s.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD || c == '\n' || c == '\t' || c == '\r');
        }
        if (!textual) {
            return field.payloadLength() + " bytes";
        }
        return "\"" + Printable.of(s) + "\"";
    }
}

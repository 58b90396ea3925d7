package erofsbrowser.apex;

import erofsbrowser.image.ImageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A decoded protobuf message: its fields as stored, read by number with proto3's rules (the last
 * occurrence of a singular field wins; a missing field has its type's default).
 */
final class ProtoMessage {
    /** Messages nest at most this deep (APEX's nest once): a bound for hostile input. */
    static final int MAX_DEPTH = 16;

    private final byte[] bytes;
    private final long base;
    private final ProtoSchema schema;
    private final List<ProtoWire.Field> fields;

    private ProtoMessage(byte[] bytes, long base, ProtoSchema schema, List<ProtoWire.Field> fields) {
        this.bytes = bytes;
        this.base = base;
        this.schema = schema;
        this.fields = fields;
    }

    /** Decodes {@code bytes[start, end)}, which lie at image offset {@code base}, checking wire types against the schema. */
    static ProtoMessage parse(byte[] bytes, int start, int end, long base, ProtoSchema schema) throws ImageException {
        List<ProtoWire.Field> fields = ProtoWire.parse(bytes, start, end, base);
        for (ProtoWire.Field f : fields) {
            ProtoSchema.FieldSpec spec = schema.field(f.number());
            if (spec != null && spec.type().wireType != f.wireType()) {
                throw new ImageException(schema.name() + "." + spec.name() + " is stored as "
                        + ProtoWire.wireTypeName(f.wireType()) + ", its type " + spec.type().name().toLowerCase()
                        + " is " + ProtoWire.wireTypeName(spec.type().wireType), base + f.start());
            }
        }
        return new ProtoMessage(bytes, base, schema, fields);
    }

    private ProtoWire.Field last(int number) {
        ProtoWire.Field found = null;
        for (ProtoWire.Field f : fields) {
            if (f.number() == number) {
                found = f;
            }
        }
        return found;
    }

    String string(int number) {
        ProtoWire.Field f = last(number);
        return f == null ? "" : text(f);
    }

    byte[] bytes(int number) {
        ProtoWire.Field f = last(number);
        return f == null ? new byte[0] : Arrays.copyOfRange(bytes, f.payloadStart(), f.end());
    }

    List<String> strings(int number) {
        List<String> out = new ArrayList<>();
        for (ProtoWire.Field f : fields) {
            if (f.number() == number) {
                out.add(text(f));
            }
        }
        return List.copyOf(out);
    }

    long int64(int number) {
        ProtoWire.Field f = last(number);
        return f == null ? 0 : f.value();
    }

    boolean bool(int number) {
        return int64(number) != 0;
    }

    boolean has(int number) {
        return last(number) != null;
    }

    /** The nested message in field {@code number} (empty when absent), decoded with its schema. */
    ProtoMessage message(int number, int depth) throws ImageException {
        ProtoSchema.FieldSpec spec = schema.field(number);
        ProtoWire.Field f = last(number);
        if (depth >= MAX_DEPTH) {
            throw new ImageException("protobuf messages nest deeper than " + MAX_DEPTH, base + (f == null ? 0 : f.start()));
        }
        if (f == null) {
            return new ProtoMessage(bytes, base, spec.message(), List.of());
        }
        return parse(bytes, f.payloadStart(), f.end(), base, spec.message());
    }

    /** The numbers of fields the schema does not name, in order. */
    Set<Integer> unknownNumbers() {
        Set<Integer> out = new TreeSet<>();
        for (ProtoWire.Field f : fields) {
            if (schema.field(f.number()) == null) {
                out.add(f.number());
            }
        }
        return out;
    }

    private String text(ProtoWire.Field f) {
        return new String(bytes, f.payloadStart(), f.payloadLength(), StandardCharsets.UTF_8);
    }
}

package erofsbrowser.apex;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The part of a {@code .proto} message definition a decoder needs: each field's number, name
 * (as the {@code .proto} file spells it) and type.
 *
 * @param name   the message's name ({@code ApexManifest})
 * @param fields its fields by number
 */
record ProtoSchema(String name, Map<Integer, FieldSpec> fields) {

    /** The scalar types APEX's messages use, and nested messages. */
    enum Type {
        STRING(ProtoWire.LEN), BYTES(ProtoWire.LEN), INT64(ProtoWire.VARINT), BOOL(ProtoWire.VARINT),
        MESSAGE(ProtoWire.LEN);

        final int wireType;

        Type(int wireType) {
            this.wireType = wireType;
        }
    }

    /**
     * One field of the message.
     *
     * @param message the nested message's schema, for {@link Type#MESSAGE}
     */
    record FieldSpec(int number, String name, Type type, boolean repeated, ProtoSchema message) {
        static FieldSpec of(int number, String name, Type type) {
            return new FieldSpec(number, name, type, false, null);
        }

        static FieldSpec repeated(int number, String name, Type type) {
            return new FieldSpec(number, name, type, true, null);
        }

        static FieldSpec message(int number, String name, ProtoSchema schema) {
            return new FieldSpec(number, name, Type.MESSAGE, false, schema);
        }
    }

    static ProtoSchema of(String name, FieldSpec... specs) {
        Map<Integer, FieldSpec> byNumber = new HashMap<>();
        for (FieldSpec s : specs) {
            byNumber.put(s.number(), s);
        }
        return new ProtoSchema(name, Collections.unmodifiableMap(byNumber));
    }

    FieldSpec field(int number) {
        return fields.get(number);
    }
}

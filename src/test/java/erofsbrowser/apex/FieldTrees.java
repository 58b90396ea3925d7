package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that field trees describe their bytes exactly: each structure's fields cover it in order
 * with no gap and no overlap, each leaf re-encodes to its raw bytes (a wrong offset or width
 * shows), and the trees of one group do not overlap one another.
 */
final class FieldTrees {
    /** The raw bytes a tree's offsets point into. */
    @FunctionalInterface
    interface Raw {
        byte[] read(long offset, int length) throws ImageException;

        static Raw of(ImageSource source) {
            return source::read;
        }

        static Raw of(byte[] bytes) {
            return (offset, length) -> Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
        }
    }

    private FieldTrees() {
    }

    /** Checks every tree, and that the trees follow each other without overlapping; returns the leaves checked. */
    static int assertExact(List<Field> trees, Raw raw) throws ImageException {
        int leaves = 0;
        long end = -1;
        for (Field f : trees) {
            assertTrue(f.offset() >= end, () -> f.name() + " at " + f.offset() + " overlaps the tree before it");
            end = f.end();
            leaves += assertExact(f, raw);
        }
        return leaves;
    }

    static int assertExact(Field f, Raw raw) throws ImageException {
        List<Field> parts = f.children().stream().filter(c -> !(c.value() instanceof FieldValue.Bits)).toList();
        if (f.value() instanceof FieldValue.Unsigned u) {
            for (Field bits : f.children()) {
                FieldValue.Bits b = (FieldValue.Bits) bits.value();
                assertEquals((u.value() & b.mask()) >>> b.shift(), b.value(), () -> bits.name() + " of " + f.name());
            }
        }
        if (parts.isEmpty()) {
            if (f.size() == 0) {
                return 0;
            }
            assertNotNull(f.value(), () -> f.name() + " at " + f.offset() + " is a leaf without a value");
            byte[] actual = raw.read(f.offset(), (int) f.size());
            assertArrayEquals(actual, encode(f.value()), () -> f.name() + " at " + f.offset() + " (" + f.size()
                    + " bytes) does not re-encode to its raw bytes " + HexFormat.of().formatHex(actual));
            return 1;
        }
        long cursor = f.offset();
        int leaves = 0;
        for (Field c : parts) {
            long at = cursor;
            assertEquals(at, c.offset(), () -> c.name() + " in " + f.name() + ": a gap or overlap before it");
            leaves += assertExact(c, raw);
            cursor = c.end();
        }
        long end = cursor;
        assertEquals(f.end(), end, () -> f.name() + " at " + f.offset() + ": its fields end at " + end
                + ", the structure at " + f.end());
        return leaves;
    }

    private static byte[] encode(FieldValue v) {
        if (v instanceof FieldValue.Unsigned u) {
            return u.encode();
        } else if (v instanceof FieldValue.Varint vi) {
            return vi.encode();
        } else if (v instanceof FieldValue.Bytes b) {
            return b.bytes();
        }
        throw new AssertionError("a leaf holds bits of no field: " + v);
    }
}

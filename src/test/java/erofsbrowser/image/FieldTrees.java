package erofsbrowser.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What every dissector's field tree must satisfy, checked against the image's own bytes: a
 * structure's children cover its bytes in order with no gap and no overlap, and every leaf's value
 * encodes back to exactly the bytes it was read from. A field with a wrong offset or width fails
 * one or the other. Used by the tests of every format.
 */
public final class FieldTrees {
    private FieldTrees() {
    }

    /** The problems with {@code root} (empty when it is sound); {@code where} names it in messages. */
    public static List<String> check(Field root, ImageSource source, String where) throws ImageException {
        List<String> problems = new ArrayList<>();
        check(root, source, where + " " + root.name(), problems);
        return problems;
    }

    private static void check(Field f, ImageSource source, String where, List<String> problems) throws ImageException {
        if (f.end() > source.length()) {
            problems.add(where + ": ends at " + f.end() + ", past the image (" + source.length() + ")");
            return;
        }
        List<Field> bytesChildren = new ArrayList<>();
        List<Field> bitChildren = new ArrayList<>();
        for (Field c : f.children()) {
            (c.value() instanceof FieldValue.Bits ? bitChildren : bytesChildren).add(c);
        }
        if (!bytesChildren.isEmpty()) {
            long at = f.offset();
            for (Field c : bytesChildren) {
                if (c.offset() != at) {
                    problems.add(where + "." + c.name() + ": starts at " + c.offset() + ", expected " + at
                            + (c.offset() > at ? " (a gap)" : " (an overlap)"));
                }
                at = c.end();
                check(c, source, where + "." + c.name(), problems);
            }
            if (at != f.end()) {
                problems.add(where + ": children end at " + at + ", the structure at " + f.end());
            }
        }
        if (f.value() == null) {
            if (f.children().isEmpty() && f.size() > 0) {
                problems.add(where + ": a structure of " + f.size() + " bytes with no fields");
            }
            return;
        }
        byte[] raw = source.read(f.offset(), (int) f.size());
        byte[] encoded;
        if (f.value() instanceof FieldValue.Unsigned u) {
            encoded = u.encode();
        } else if (f.value() instanceof FieldValue.Varint v) {
            encoded = v.encode();
        } else if (f.value() instanceof FieldValue.Bytes b) {
            encoded = b.bytes();
        } else {
            encoded = raw; // a bit field: checked against its parent's bits
        }
        if (!Arrays.equals(raw, encoded)) {
            problems.add(where + " = " + f.valueText() + ": encodes to " + HexFormat.of().formatHex(encoded)
                    + ", the image holds " + HexFormat.of().formatHex(raw));
        }
        for (Field bit : bitChildren) {
            FieldValue.Bits b = (FieldValue.Bits) bit.value();
            long expected = f.value() instanceof FieldValue.Unsigned u ? (u.value() & b.mask()) >>> b.shift()
                    : FieldValue.Bits.extract(raw, b.shift(), b.bits());
            if (bit.offset() != f.offset() || bit.size() != f.size()) {
                problems.add(where + "." + bit.name() + ": a bit field must cover its field's bytes");
            }
            if (expected != b.value()) {
                problems.add(where + "." + bit.name() + " = " + b.value() + ", the bits hold " + expected);
            }
        }
    }

    /** Every field of the tree, depth first (lazy lists are walked whole). */
    public static List<Field> flatten(Field root) {
        List<Field> all = new ArrayList<>();
        List<Field> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Field f = stack.remove(stack.size() - 1);
            all.add(f);
            List<Field> children = f.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.add(children.get(i));
            }
        }
        return all;
    }
}

package erofsbrowser.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One node of a structure's field tree, as Wireshark's packet details show it: a named field (or a
 * whole structure) over a run of bytes, with its decoded value, what that value means in plain
 * words, the fields inside it and what is wrong with it. Every view (the structure pane, the hex
 * tints, "who owns this byte", {@code --fields}) reads these trees; each structure is described
 * once, by its dissector beside its type.
 *
 * <p>Offsets count from the start of the image (as {@link ImageSource} numbers its bytes); add
 * {@link ImageSource#fileOffset()} for the offset in the file. A structure's children cover its
 * bytes in order, without gaps or overlaps; {@link FieldValue.Bits} children cover their parent's
 * bytes again, bit by bit.
 *
 * @param name     the format's own name for it ({@code i_mode}, {@code s_inodes_count}), or the
 *                 structure's ({@code erofs_inode_compact})
 * @param offset   where its bytes start in the image
 * @param size     how many bytes it covers
 * @param value    its decoded value, or null for a structure (a node that only has children)
 * @param meaning  what the value means in plain words ({@code "regular file, rw-r--r--"}), or ""
 * @param children the fields inside it, in byte order
 * @param problems what is wrong with it (empty for a sound field)
 */
public record Field(String name, long offset, long size, FieldValue value, String meaning, List<Field> children,
                    List<Problem> problems) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(meaning, "meaning");
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException(name + ": negative range " + offset + "+" + size);
        }
        children = children instanceof LazyFields ? children : List.copyOf(children);
        problems = List.copyOf(problems);
    }

    /** A leaf field. */
    public static Field leaf(String name, long offset, long size, FieldValue value, String meaning) {
        return new Field(name, offset, size, value, meaning, List.of(), List.of());
    }

    /** A structure: a node that holds fields. */
    public static Field structure(String name, long offset, long size, String meaning, List<Field> children) {
        return new Field(name, offset, size, null, meaning, children, List.of());
    }

    public ByteRange range() {
        return new ByteRange(offset, size);
    }

    public long end() {
        return offset + size;
    }

    public boolean contains(long position) {
        return position >= offset && position - offset < size;
    }

    public boolean isLeaf() {
        return children.isEmpty();
    }

    /**
     * The same field (and every field inside it) {@code delta} bytes further on: a structure
     * dissected in a payload, shown in the file that holds the payload. Children of a long list
     * are moved as they are looked at.
     */
    public Field shifted(long delta) {
        if (delta == 0) {
            return this;
        }
        List<Field> moved = children.isEmpty() ? children
                : new LazyFields(children.size(), i -> children.get(i).shifted(delta));
        return new Field(name, offset + delta, size, value, meaning, moved, problems);
    }

    /** The same field with {@code more} problems. */
    public Field withProblems(List<Problem> more) {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(more);
        return new Field(name, offset, size, value, meaning, children, all);
    }

    /** Whether this field or any field inside it has a problem. */
    public boolean hasProblems() {
        if (!problems.isEmpty()) {
            return true;
        }
        for (Field c : children) {
            if (c.hasProblems()) {
                return true;
            }
        }
        return false;
    }

    /** The value as text, or "" for a structure. */
    public String valueText() {
        return value == null ? "" : value.text();
    }

    /**
     * The fields from this one down to the deepest that covers byte {@code position} (this one
     * first), or an empty list when this field does not cover it. Bit fields are not descended
     * into: a byte belongs to the field that holds them.
     */
    public List<Field> pathTo(long position) {
        List<Field> path = new ArrayList<>();
        Field f = this;
        while (f != null && f.contains(position)) {
            path.add(f);
            f = f.childAt(position);
        }
        return path;
    }

    /**
     * The child that covers byte {@code position} (not a bit field), or null. Children lie in
     * byte order, so a long (lazy) list is searched by halving rather than built whole.
     */
    public Field childAt(long position) {
        List<Field> list = children;
        int lo = 0;
        int hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Field c = list.get(mid);
            if (c.offset + c.size <= position && !(c.value instanceof FieldValue.Bits)) {
                lo = mid + 1;
            } else if (c.offset > position) {
                hi = mid - 1;
            } else {
                // mid covers or is a bit field at the position: look at its neighbours in order
                for (int k = Math.max(0, mid - 1); k < list.size(); k++) {
                    Field n = list.get(k);
                    if (n.offset > position) {
                        break;
                    }
                    if (!(n.value instanceof FieldValue.Bits) && n.contains(position)) {
                        return n;
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** The first child named {@code childName}, or null. */
    public Field child(String childName) {
        for (Field c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }
}

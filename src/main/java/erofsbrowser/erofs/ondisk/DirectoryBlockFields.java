package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.FileType;
import erofsbrowser.image.LazyFields;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dissector of one directory block stored plainly in the image: its array of
 * {@code struct erofs_dirent}, then the names they point at (no NUL between them), then padding.
 * Dirents and names are dissected from the block's bytes as they are looked at: a large
 * directory has tens of thousands. Bounds that make no sense are shown as faults, not thrown.
 */
public final class DirectoryBlockFields {
    private DirectoryBlockFields() {
    }

    /** Block {@code index} of a directory, whose bytes (as many as the directory uses) are {@code b}, at image {@code offset}. */
    public static Field dissect(int index, long offset, byte[] b) {
        String name = "directory block " + index;
        if (b.length < Dirent.SIZE) {
            return fault(name, offset, b, "too short for a dirent");
        }
        int first = LittleEndian.u16(b, 8);
        if (first < Dirent.SIZE || first > b.length || first % Dirent.SIZE != 0) {
            return fault(name, offset, b, "the first dirent's nameoff " + first + " is out of bounds");
        }
        int count = first / Dirent.SIZE;
        int namesEnd = nameEnd(b, count, count - 1);
        if (namesEnd < first) {
            return fault(name, offset, b, "names out of bounds");
        }
        List<Field> parts = new ArrayList<>();
        parts.add(Field.structure("erofs_dirent[" + count + "]", offset, first, count + " entries",
                new LazyFields(count, i -> DirentFields.raw(offset + (long) i * Dirent.SIZE, b, i * Dirent.SIZE,
                        printable(b, count, i)))));
        parts.add(Field.structure("names", offset + first, namesEnd - first, "the entries' names, back to back",
                new LazyFields(count, i -> nameField(offset, b, count, i))));
        if (namesEnd < b.length) {
            FieldBuilder pad = FieldBuilder.littleEndian("(padding)", offset + namesEnd, b, namesEnd, b.length - namesEnd);
            pad.bytes("unused", b.length - namesEnd, "after the last name");
            parts.add(pad.build());
        }
        return Field.structure(name, offset, b.length, count + " entries, " + b.length + " bytes", parts);
    }

    private static Field fault(String name, long offset, byte[] b, String why) {
        return new Field(name, offset, b.length, null, why, List.of(Field.leaf("bytes", offset, b.length,
                new FieldValue.Bytes(b), "")), List.of(Problem.error(why)));
    }

    /** Where dirent {@code i}'s name starts: its nameoff. */
    private static int nameStart(byte[] b, int i) {
        return LittleEndian.u16(b, i * Dirent.SIZE + 8);
    }

    /** Where dirent {@code i}'s name ends: the next name's start, or for the last a NUL or the block's end. */
    private static int nameEnd(byte[] b, int count, int i) {
        if (i + 1 < count) {
            return Math.min(nameStart(b, i + 1), b.length);
        }
        int end = Math.min(nameStart(b, i), b.length);
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return end;
    }

    private static byte[] nameBytes(byte[] b, int count, int i) {
        int from = Math.min(nameStart(b, i), b.length);
        int to = Math.max(from, nameEnd(b, count, i));
        return Arrays.copyOfRange(b, from, to);
    }

    private static String printable(byte[] b, int count, int i) {
        return DirectoryBlock.printable(nameBytes(b, count, i));
    }

    private static Field nameField(long offset, byte[] b, int count, int i) {
        int from = Math.min(nameStart(b, i), b.length);
        return name(offset + from, nameBytes(b, count, i));
    }

    static Field name(long offset, byte[] name) {
        return Field.leaf("name", offset, name.length, new FieldValue.Bytes(name), "\"" + DirectoryBlock.printable(name) + "\"");
    }

    /** The dirent's file_type byte for people. */
    static String fileType(long v) {
        FileType t = FileType.ofDirentType((int) v);
        return t == null ? (v == 0 ? "unknown" : "invalid") : t.label();
    }
}

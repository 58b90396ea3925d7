package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.Problem;

import java.util.List;

/**
 * The dissector of {@code struct erofs_dirent} (12 bytes: nid, nameoff, file_type, reserved) and of
 * the name it points at, for dirents stored plainly in the image.
 */
public final class DirentFields {
    private DirentFields() {
    }

    /**
     * The dirent of an entry and its name, as two structures (they lie apart in the block); empty
     * when the directory is not stored plainly. {@code b} holds the dirent's 12 bytes.
     */
    public static List<Field> dissect(Dirent d, Inode target, byte[] b) {
        if (d.range() == null) {
            return List.of();
        }
        Field dirent = raw(d.offset(), b, 0, DirectoryBlock.printable(d.name()));
        if (target != null && (b[10] & 0xFF) != target.type().direntType()) {
            List<Field> parts = new java.util.ArrayList<>(dirent.children());
            int t = parts.size() - 2;
            parts.set(t, parts.get(t).withProblems(List.of(
                    Problem.warning("the inode is a " + target.type().label() + " (the inode's mode counts)"))));
            dirent = new Field(dirent.name(), dirent.offset(), dirent.size(), null, dirent.meaning(), parts, dirent.problems());
        }
        return List.of(dirent, name(d.nameOffset(), d.name()));
    }

    /** A dirent's name: the bytes its nameoff points at, up to the next name. */
    public static Field name(long offset, byte[] name) {
        return Field.structure("dirent name", offset, name.length, name.length + " bytes, no terminating NUL",
                List.of(DirectoryBlockFields.name(offset, name)));
    }

    /** The 12 bytes {@code b} of a dirent at image {@code offset}, naming {@code name}. */
    public static Field raw(long offset, byte[] b, String name) {
        return raw(offset, b, 0, name);
    }

    /** The 12 bytes at {@code b[start]}, which lie at image {@code offset}, of the dirent naming {@code name}. */
    static Field raw(long offset, byte[] b, int start, String name) {
        FieldBuilder f = FieldBuilder.littleEndian("erofs_dirent", offset, b, start, Dirent.SIZE);
        f.meaning("\"" + name + "\"");
        f.u64("nid", v -> "inode at nid " + Long.toUnsignedString(v));
        f.u16("nameoff", v -> "name at byte " + v + " of the directory block");
        f.u8("file_type", DirectoryBlockFields::fileType);
        if (f.u8("reserved") != 0) {
            f.problemOnLast(Problem.warning("reserved byte is not zero"));
        }
        return f.build();
    }
}

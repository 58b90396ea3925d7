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
        return List.of(dirent(d, b, 0, target), Field.structure("dirent name", d.nameOffset(), d.name().length,
                d.name().length + " bytes, no terminating NUL", List.of(DirectoryBlockFields.name(d))));
    }

    /** The 12 bytes of {@code d} at {@code b[start]}; {@code target} (may be null) is the inode it names. */
    static Field dirent(Dirent d, byte[] b, int start, Inode target) {
        FieldBuilder f = FieldBuilder.littleEndian("erofs_dirent", d.offset(), b, start, Dirent.SIZE);
        f.meaning("\"" + DirectoryBlock.printable(d.name()) + "\"");
        f.u64("nid", v -> "inode at nid " + Long.toUnsignedString(v));
        f.u16("nameoff", v -> "name at byte " + v + " of the directory block");
        long type = f.u8("file_type", DirectoryBlockFields::fileType);
        if (target != null && type != target.type().direntType()) {
            f.problemOnLast(Problem.warning("the inode is a " + target.type().label() + " (the inode's mode counts)"));
        }
        if (f.u8("reserved") != 0) {
            f.problemOnLast(Problem.warning("reserved byte is not zero"));
        }
        return f.build();
    }
}

package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Problem;

import java.util.List;

/**
 * The dissector of {@code struct erofs_dirent} (12 bytes: nid, nameoff, file_type, reserved) and of
 * the name it points at, for dirents stored plainly in the image.
 */
public final class DirentFields {
    private DirentFields() {
    }

    /** The dirent and its name as two structures (they lie apart in the block); empty when not stored plainly. */
    public static List<Field> dissect(Dirent d, Inode target, ImageSource source) throws ImageException {
        if (d.range() == null) {
            return List.of();
        }
        byte[] b = source.read(d.offset(), Dirent.SIZE);
        FieldBuilder f = FieldBuilder.littleEndian("erofs_dirent", d.offset(), b, 0, Dirent.SIZE);
        f.meaning("\"" + DirectoryBlock.printable(d.name()) + "\"");
        f.u64("nid", v -> "inode at nid " + Long.toUnsignedString(v));
        f.u16("nameoff", v -> "name at byte " + v + " of the directory block");
        long type = f.u8("file_type", v -> {
            FileType t = FileType.ofDirentType((int) v);
            return t == null ? (v == 0 ? "unknown" : "invalid") : t.label();
        });
        if (target != null && type != target.type().direntType()) {
            f.problemOnLast(Problem.warning("the inode is a " + target.type().label() + " (the inode's mode counts)"));
        }
        f.u8("reserved");
        if (b[11] != 0) {
            f.problemOnLast(Problem.warning("reserved byte is not zero"));
        }
        Field name = Field.leaf("name", d.nameOffset(), d.name().length,
                new erofsbrowser.image.FieldValue.Bytes(d.name()), "\"" + DirectoryBlock.printable(d.name()) + "\"");
        return List.of(f.build(), Field.structure("dirent name", d.nameOffset(), d.name().length,
                d.name().length + " bytes, no terminating NUL", List.of(name)));
    }
}

package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.FileType;
import erofsbrowser.image.LazyFields;

import java.util.ArrayList;
import java.util.List;

/**
 * The dissector of one directory block stored plainly in the image: its array of
 * {@code struct erofs_dirent}, then the names they point at (no NUL between them), then padding.
 */
public final class DirectoryBlockFields {
    private DirectoryBlockFields() {
    }

    /** Block {@code block}, whose {@link DirectoryBlock#length()} bytes are {@code b}. */
    public static Field dissect(DirectoryBlock block, byte[] b) {
        long at = block.range().offset();
        List<Dirent> dirents = block.dirents();
        int count = dirents.size();
        int namesStart = count * Dirent.SIZE;
        int namesEnd = count == 0 ? namesStart
                : (int) (dirents.get(count - 1).nameOffset() - at) + dirents.get(count - 1).name().length;
        List<Field> parts = new ArrayList<>();
        parts.add(Field.structure("erofs_dirent[" + count + "]", at, namesStart, count + " entries",
                new LazyFields(count, i -> DirentFields.dirent(dirents.get(i), b, i * Dirent.SIZE, null))));
        parts.add(Field.structure("names", at + namesStart, namesEnd - namesStart, "the entries' names, back to back",
                new LazyFields(count, i -> name(dirents.get(i)))));
        if (namesEnd < b.length) {
            FieldBuilder pad = FieldBuilder.littleEndian("(padding)", at + namesEnd, b, namesEnd, b.length - namesEnd);
            pad.bytes("unused", b.length - namesEnd, "after the last name");
            parts.add(pad.build());
        }
        return Field.structure("directory block " + block.index(), at, b.length,
                count + " entries, " + b.length + " bytes", parts);
    }

    static Field name(Dirent d) {
        return Field.leaf("name", d.nameOffset(), d.name().length, new FieldValue.Bytes(d.name()),
                "\"" + DirectoryBlock.printable(d.name()) + "\"");
    }

    /** The dirent's file_type byte for people. */
    static String fileType(long v) {
        FileType t = FileType.ofDirentType((int) v);
        return t == null ? (v == 0 ? "unknown" : "invalid") : t.label();
    }
}

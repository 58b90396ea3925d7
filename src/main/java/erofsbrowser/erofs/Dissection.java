package erofsbrowser.erofs;

import erofsbrowser.erofs.ondisk.DirentFields;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.InodeFields;
import erofsbrowser.erofs.ondisk.SuperblockFields;
import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Which structures make up the image and each entry, as field trees: the dissectors of the
 * on-disk types, called in image order. Built on demand, never kept.
 */
final class Dissection {
    private Dissection() {
    }

    static List<Field> imageStructures(ErofsImage image) throws ImageException {
        return List.of(SuperblockFields.dissect(image.primary()));
    }

    static List<Field> structures(ErofsImage image, Entry e) throws ImageException {
        List<Field> fields = new ArrayList<>();
        if (e.dirent() != null) {
            fields.addAll(DirentFields.dissect(e.dirent(), e.inode(), image.primary()));
        }
        Inode inode = e.inode();
        if (!inode.inMetabox()) {
            fields.add(InodeFields.dissect(inode, image.primary().read(inode.offset(), (int) inode.range().length()),
                    image.superblock()));
        }
        return fields;
    }
}

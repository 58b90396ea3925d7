package erofsbrowser.erofs;

import erofsbrowser.erofs.data.ChunkedData;
import erofsbrowser.erofs.data.CompressedData;
import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.erofs.ondisk.ChunkIndexFields;
import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.ondisk.CompressionMapFields;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.DirectoryBlock;
import erofsbrowser.erofs.ondisk.DirectoryBlockFields;
import erofsbrowser.erofs.ondisk.DirentFields;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.ImageTableFields;
import erofsbrowser.erofs.ondisk.IndexArea;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.InodeFields;
import erofsbrowser.erofs.ondisk.MapHeader;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.SuperblockFields;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.erofs.ondisk.XattrFields;
import erofsbrowser.erofs.ondisk.XattrPrefix;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.Field;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Which structures make up the image and each entry, as field trees, in the order a reader meets
 * them: the dissectors of the on-disk types, given the bytes they describe. Built on demand and
 * never kept. A structure that cannot be read is shown as a fault where it was expected, and
 * the others are still dissected.
 *
 * <p>Structures that do not lie plainly in the image (inside the metabox or a compressed
 * directory) have no bytes here to tie their fields to, and are left out.
 */
final class Dissection {
    private Dissection() {
    }

    static List<Field> imageStructures(ErofsImage image) throws ImageException {
        ImageSource src = image.primary();
        Superblock sb = image.superblock();
        List<Field> fields = new ArrayList<>();
        fields.add(SuperblockFields.dissect(src));
        for (CompressionConfig c : image.compressionConfigs()) {
            fields.add(ImageTableFields.compressionConfig(c, read(src, c.range())));
        }
        for (DeviceSlot d : image.deviceSlots()) {
            fields.add(ImageTableFields.deviceSlot(d, read(src, d.range()), sb.has(Feature.BIT48)));
        }
        if (prefixesInImage(sb)) {
            try {
                for (XattrPrefix p : image.xattrPrefixes()) {
                    fields.add(ImageTableFields.longPrefix(p, read(src, p.range())));
                }
            } catch (ImageException e) {
                fields.add(fault("long xattr name prefixes", e));
            }
        }
        hiddenInode(image, sb.packedNid(), "packed inode", fields);
        hiddenInode(image, sb.metaboxNid(), "metabox inode", fields);
        return fields;
    }

    /** Where the kernel reads long prefixes from the image itself (not from the packed inode or metabox). */
    static boolean prefixesInImage(Superblock sb) {
        return sb.has(Feature.PLAIN_XATTR_PFX) || (!sb.has(Feature.METABOX) && sb.packedNid() == 0);
    }

    private static void hiddenInode(ErofsImage image, long nid, String what, List<Field> fields) {
        if (nid == 0) {
            return;
        }
        try {
            // Its structures are listed as they are, each saying whose they are: no path leads to it.
            for (Field f : inodeStructures(image, image.inode(nid))) {
                fields.add(new Field(f.name(), f.offset(), f.size(), f.value(),
                        what + (f.meaning().isEmpty() ? "" : ": " + f.meaning()), f.children(), f.problems()));
            }
        } catch (ImageException e) {
            fields.add(fault(what, e));
        }
    }

    static List<Field> structures(ErofsImage image, Entry e) throws ImageException {
        List<Field> fields = new ArrayList<>(dirent(image, e));
        fields.addAll(inodeStructures(image, e.inode()));
        return fields;
    }

    /** The entry's dirent and name, when its directory is stored plainly. */
    static List<Field> dirent(ErofsImage image, Entry e) throws ImageException {
        if (e.dirent() == null || e.dirent().range() == null) {
            return List.of();
        }
        return DirentFields.dissect(e.dirent(), e.inode(), read(image.primary(), e.dirent().range()));
    }

    static List<Field> inodeStructures(ErofsImage image, Inode inode) {
        List<Field> fields = new ArrayList<>();
        if (!inode.inMetabox()) {
            try {
                fields.add(inode(image, inode));
                fields.addAll(xattrArea(image, inode));
            } catch (ImageException ex) {
                fields.add(fault("inode", ex));
            }
            try {
                fields.addAll(dataMap(image, inode));
            } catch (ImageException ex) {
                fields.add(fault("data map", ex));
            }
            try {
                fields.addAll(directoryBlocks(image, inode));
            } catch (ImageException ex) {
                fields.add(fault("directory blocks", ex));
            }
        }
        try {
            fields.addAll(sharedXattrs(image, inode));
        } catch (ImageException ex) {
            fields.add(fault("shared xattrs", ex));
        }
        return fields;
    }

    static Field inode(ErofsImage image, Inode inode) throws ImageException {
        return InodeFields.dissect(inode, read(image.primary(), inode.range()), image.superblock());
    }

    /** The inline xattr area after the inode, when it has one. */
    static List<Field> xattrArea(ErofsImage image, Inode inode) throws ImageException {
        if (inode.inMetabox() || inode.xattrAreaSize() == 0) {
            return List.of();
        }
        return List.of(XattrFields.dissectArea(inode, read(image.primary(), inode.xattrAreaRange()), image.xattrPrefixes()));
    }

    /** The shared xattr entries the inode refers to, where they lie plainly in the image. */
    static List<Field> sharedXattrs(ErofsImage image, Inode inode) throws ImageException {
        if (inode.xattrCount() == 0 || image.superblock().has(Feature.SHARED_EA_IN_METABOX)) {
            return List.of();
        }
        List<Field> fields = new ArrayList<>();
        for (Xattr x : image.xattrs(inode)) {
            if (x.isShared()) {
                fields.add(XattrFields.dissectShared(x.sharedId(), x.range().offset(), read(image.primary(), x.range()),
                        image.xattrPrefixes()));
            }
        }
        return fields;
    }

    /**
     * A directory's blocks stored plainly in the image, each dissected from its bytes (a
     * compressed directory or one in the metabox has none here). Not checked for order here: the
     * listing does that, and a block's fields show what is there either way.
     */
    static List<Field> directoryBlocks(ErofsImage image, Inode dir) throws ImageException {
        FileData data = image.data(dir);
        if (!dir.isDirectory() || dir.inMetabox() || data instanceof CompressedData) {
            return List.of();
        }
        int blksz = image.superblock().blockSize();
        List<Field> fields = new ArrayList<>();
        for (DataExtent x : data.extents()) {
            if (!x.isPlainInImage()) {
                continue;
            }
            byte[] bytes = read(image.primary(), x.physical());
            int at = 0;
            while (at < bytes.length) {
                long logical = x.logicalOffset() + at;
                int length = (int) Math.min(blksz - logical % blksz, bytes.length - at);
                fields.add(DirectoryBlockFields.dissect((int) (logical / blksz), x.physical().offset() + at,
                        java.util.Arrays.copyOfRange(bytes, at, at + length)));
                at += length;
            }
        }
        return fields;
    }

    /** What the layout keeps after the inode to find its data, and data kept there (inline). */
    static List<Field> dataMap(ErofsImage image, Inode inode) throws ImageException {
        List<Field> fields = new ArrayList<>();
        if (inode.inMetabox()) {
            return fields;
        }
        ImageSource src = image.primary();
        FileData data = image.data(inode);
        if (data instanceof CompressedData compressed) {
            MapHeader h = compressed.header();
            fields.add(CompressionMapFields.header(h, read(src, h.range()), image.superblock().blkszbits()));
            IndexArea area = IndexArea.of(inode, h, image.superblock().blkszbits());
            if (area.layout() != IndexArea.Layout.NONE) {
                fields.add(CompressionMapFields.indexes(area, read(src, area.range())));
            }
            if (area.layout() != IndexArea.Layout.NONE && h.has(MapHeader.ADVISE_INLINE_PCLUSTER)
                    && !h.has(MapHeader.ADVISE_FRAGMENT_PCLUSTER) && h.inlineDataSize() > 0) {
                ByteRange tail = new ByteRange(area.range().end(), h.inlineDataSize());
                fields.add(Field.structure("inline pcluster", tail.offset(), tail.length(),
                        "the compressed tail (ztailpacking)", List.of(bytes("compressed data", src, tail))));
            }
        } else if (data instanceof ChunkedData chunked) {
            long count = (inode.size() + chunked.chunkSize() - 1) / chunked.chunkSize();
            if (count > 0) {
                ByteRange first = chunked.chunkIndex(0).range();
                ByteRange last = chunked.chunkIndex((int) (count - 1)).range();
                ByteRange table = new ByteRange(first.offset(), last.end() - first.offset());
                fields.add(ChunkIndexFields.table(table.offset(), read(src, table), (int) count, (int) first.length(),
                        chunked.chunkSize(), (inode.chunkFormat() & ChunkedData.FORMAT_48BIT) != 0));
            }
        } else if (!inode.isDirectory()) { // a directory's inline tail is its last block, dissected as such
            for (DataExtent x : data.extents()) {
                if (x.storage() == DataExtent.Storage.INLINE) {
                    fields.add(Field.structure("inline data", x.physical().offset(), x.length(),
                            "the last " + x.length() + " bytes of the content, right after the inode",
                            List.of(bytes("data", src, x.physical()))));
                }
            }
        }
        return fields;
    }

    private static Field bytes(String name, ImageSource src, ByteRange range) throws ImageException {
        return Field.leaf(name, range.offset(), range.length(), new FieldValue.Bytes(read(src, range)), range.length() + " bytes");
    }

    private static byte[] read(ImageSource src, ByteRange range) throws ImageException {
        if (range.length() > Integer.MAX_VALUE - 8) {
            throw new ImageException(range.length() + " bytes of metadata cannot be shown", range.offset());
        }
        return src.read(range.offset(), (int) range.length());
    }

    /** A structure that could not be read: where and why, marked as an error. */
    static Field fault(String what, ImageException e) {
        return Field.structure(what + " (unreadable)", Math.max(0, e.offset()), 0, e.problem(), List.of())
                .withProblems(List.of(Problem.error(e.problem())));
    }
}

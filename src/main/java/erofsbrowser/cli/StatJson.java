package erofsbrowser.cli;

import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.erofs.ondisk.XattrArea;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;

import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code stat --json}: what {@code stat} prints, as one JSON object. Every key is always there,
 * null where the entry has no such thing (a directory has no target); the keys are the man page's.
 */
final class StatJson {
    private StatJson() {
    }

    static Json of(ErofsImage image, Entry entry) throws ImageException {
        Inode i = entry.inode();
        Json j = new Json().beginObject();
        j.bytes("path", entry.path());
        j.key("nid").unsigned(i.nid());
        j.key("inode").beginObject()
                .key("offset").value(i.range().offset())
                .key("size").value(i.range().length())
                .key("form").value(i.extended() ? "extended" : "compact")
                .key("in_metabox").value(i.inMetabox())
                .endObject();
        j.key("i_format").value(i.format());
        j.key("layout").value(i.layout().name().toLowerCase(Locale.ROOT));
        j.key("type").value(i.type().label());
        j.key("mode").value("0o" + Integer.toOctalString(i.permissions()));
        j.key("uid").value(i.uid());
        j.key("gid").value(i.gid());
        j.key("size").value(i.size());
        j.key("nlink").value(i.nlink());
        j.key("mtime").value(i.mtime());
        j.key("mtime_nsec").value(Integer.toUnsignedLong(i.mtimeNsec()));
        j.key("ino").value(i.ino());
        j.key("rdev");
        if (i.isDevice()) {
            j.beginArray().value(i.rdevMajor()).value(i.rdevMinor()).endArray();
        } else {
            j.nullValue();
        }
        j.key("dot_omitted").value(i.dotOmitted());
        dirent(j, entry.dirent());
        xattrs(j, image, i);
        if (i.type() == FileType.SYMLINK) {
            j.bytes("target", image.symlinkTarget(i));
        } else {
            j.key("target").nullValue();
        }
        j.key("compressed");
        if (i.layout().isCompressed()) {
            j.beginObject().key("blocks").value(i.blockAddress()).key("stored_bytes").value(i.storedBytes()).endObject();
        } else {
            j.nullValue();
        }
        j.key("extents").beginArray();
        if (i.type() == FileType.FILE || i.type() == FileType.DIR || i.type() == FileType.SYMLINK) {
            for (DataExtent e : image.data(i).extents()) {
                extent(j, e);
            }
        }
        j.endArray();
        return j.endObject();
    }

    private static void dirent(Json j, Dirent d) {
        j.key("dirent");
        if (d == null) {
            j.nullValue(); // the root has none
            return;
        }
        j.beginObject().key("offset");
        if (d.range() == null) {
            j.nullValue().key("name_offset").nullValue();
        } else {
            j.value(d.range().offset()).key("name_offset").value(d.nameRange().offset());
        }
        j.key("data_offset").value(d.dataOffset()).endObject();
    }

    private static void xattrs(Json j, ErofsImage image, Inode i) throws ImageException {
        XattrArea area = image.xattrArea(i);
        j.key("xattr_area");
        if (i.xattrCount() > 0) {
            j.beginObject().key("offset").value(area.range().offset()).key("size").value(area.range().length())
                    .key("shared").value(area.sharedIds().length).endObject();
        } else {
            j.nullValue();
        }
        j.key("xattrs").beginArray();
        for (Xattr x : area.xattrs()) {
            j.beginObject().bytes("name", x.name());
            String text = StatCommand.valueText(x.value());
            j.key("value").value(text.startsWith("\"") ? Json.strictUtf8(trailingNulOff(x.value())) : null);
            j.key("value_hex").value(HexFormat.of().formatHex(x.value()));
            j.key("shared").value(x.isShared());
            j.key("shared_id");
            if (x.isShared()) {
                j.value(x.sharedId());
            } else {
                j.nullValue();
            }
            j.key("offset").value(x.range().offset());
            j.endObject();
        }
        j.endArray();
    }

    private static byte[] trailingNulOff(byte[] value) {
        return value.length > 0 && value[value.length - 1] == 0 ? java.util.Arrays.copyOf(value, value.length - 1) : value;
    }

    private static void extent(Json j, DataExtent e) {
        j.beginObject();
        j.key("logical_offset").value(e.logicalOffset());
        j.key("length").value(e.length());
        j.key("storage").value(e.storage().name().toLowerCase(Locale.ROOT));
        j.key("device").value(e.device());
        j.key("physical_offset");
        if (e.physical() == null || e.storage() == DataExtent.Storage.HOLE) {
            j.nullValue().key("physical_length").nullValue();
        } else {
            j.value(e.physical().offset()).key("physical_length").value(e.physical().length());
        }
        j.key("algorithm").value(e.isCompressed() ? e.algorithm().formatName() : null);
        j.key("partial_reference").value(e.partialReference());
        j.endObject();
    }
}

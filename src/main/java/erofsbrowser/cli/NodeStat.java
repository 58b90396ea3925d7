package erofsbrowser.cli;

import erofsbrowser.image.DataRun;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import erofsbrowser.image.StoredSize;

import java.io.PrintStream;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code stat} of an entry of any format, from what the model knows of every entry: its metadata,
 * xattrs, link target and where its content is stored. EROFS entries get {@link StatCommand}'s
 * own output, which also names their on-disk structures.
 */
final class NodeStat {
    private NodeStat() {
    }

    static void print(FileSystemImage image, Node n, PrintStream out) throws ImageException {
        out.printf("path:        %s%n", erofsbrowser.image.Printable.escape(n.pathString()));
        out.printf("format:      %s%n", image.formatName());
        out.printf("inode:       %s%n", Long.toUnsignedString(n.inodeNumber()));
        out.printf("type:        %s%n", n.type().label());
        out.printf("mode:        0%o (%c%s)%n", n.permissions(), n.type().lsChar(), FileType.permissionString(n.permissions()));
        out.printf("uid:         %d%n", n.uid());
        out.printf("gid:         %d%n", n.gid());
        out.printf("size:        %d%n", n.size());
        out.printf("nlink:       %d%n", n.nlink());
        out.printf("mtime:       %d.%09d (%s)%n", n.mtime(), n.mtimeNanos(), erofsbrowser.image.Times.text(n.mtime(), n.mtimeNanos()));
        if (isDevice(n)) {
            out.printf("rdev:        %d, %d%n", n.rdevMajor(), n.rdevMinor());
        }
        long base = image.filesystemOffset();
        out.printf("location:    byte offset %d%s%n", base + n.location(),
                base == 0 ? "" : " (" + n.location() + " in the payload's filesystem)");
        for (ExtendedAttribute x : image.xattrs(n)) {
            out.printf("xattr:       %s = %s%n", erofsbrowser.image.Printable.name(x.name()), StatCommand.valueText(x.value()));
        }
        if (n.type() == FileType.SYMLINK) {
            out.printf("target:      %s%n", erofsbrowser.image.Printable.name(image.linkTarget(n)));
        }
        StoredSize stored = image.storedSize(n);
        out.printf("stored:      %d bytes%s%n", stored.bytes(), stored.note().isEmpty() ? "" : " (" + stored.note() + ")");
        if (n.type() == FileType.FILE || n.type() == FileType.DIR || n.type() == FileType.SYMLINK) {
            for (DataRun r : image.dataRuns(n)) {
                out.printf("run:         file %d..%d  %s%s%s%n", r.fileOffset(), r.fileEnd(), r.where(),
                        r.stored() == null ? "" : ", bytes " + r.stored().offset() + ".." + r.stored().end(),
                        r.isCompressed() ? ", " + r.compression() : "");
            }
        }
    }

    static Json json(FileSystemImage image, Node n) throws ImageException {
        Json j = new Json().beginObject();
        j.bytes("path", n.path());
        j.key("format").value(image.formatName());
        j.key("ino").unsigned(n.inodeNumber());
        j.key("type").value(n.type().label());
        j.key("mode").value("0o" + Integer.toOctalString(n.permissions()));
        j.key("uid").value(n.uid());
        j.key("gid").value(n.gid());
        j.key("size").value(n.size());
        j.key("nlink").value(n.nlink());
        j.key("mtime").value(n.mtime());
        j.key("mtime_nsec").value(Integer.toUnsignedLong(n.mtimeNanos()));
        j.key("rdev");
        if (isDevice(n)) {
            j.beginArray().value(n.rdevMajor()).value(n.rdevMinor()).endArray();
        } else {
            j.nullValue();
        }
        j.key("location").value(image.filesystemOffset() + n.location());
        j.key("xattrs").beginArray();
        for (ExtendedAttribute x : image.xattrs(n)) {
            String text = StatCommand.valueText(x.value());
            j.beginObject().bytes("name", x.name());
            j.key("value").value(text.startsWith("\"") ? text.substring(1, text.lastIndexOf('"')) : null);
            j.key("value_hex").value(HexFormat.of().formatHex(x.value()));
            j.endObject();
        }
        j.endArray();
        if (n.type() == FileType.SYMLINK) {
            j.bytes("target", image.linkTarget(n));
        } else {
            j.key("target").nullValue();
        }
        j.key("stored_bytes").value(image.storedSize(n).bytes());
        j.key("runs").beginArray();
        if (n.type() == FileType.FILE || n.type() == FileType.DIR || n.type() == FileType.SYMLINK) {
            for (DataRun r : image.dataRuns(n)) {
                j.beginObject().key("file_offset").value(r.fileOffset()).key("length").value(r.length())
                        .key("where").value(r.where()).key("offset");
                if (r.stored() == null) {
                    j.nullValue().key("stored_length").nullValue();
                } else {
                    j.value(r.stored().offset()).key("stored_length").value(r.stored().length());
                }
                j.key("compression").value(r.isCompressed() ? r.compression() : null).endObject();
            }
        }
        j.endArray();
        return j.endObject();
    }

    private static boolean isDevice(Node n) {
        return n.type() == FileType.CHR || n.type() == FileType.BLK;
    }
}

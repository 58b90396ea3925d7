package erofsbrowser.cli;

import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.Entry;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileType;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.erofs.ondisk.XattrArea;

import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** {@code stat IMAGE PATH}: every inode field, the xattrs, and where the data is stored, with byte offsets. */
final class StatCommand implements Cli.Command {
    private static final CommandSpec SPEC = new CommandSpec("stat",
            "every inode field of an entry, its xattrs, and where its data lies",
            List.of("Prints the inode of PATH field by field (nid and where the inode lies, i_format, layout, "
                    + "type, mode, uid, gid, size, nlink, mtime, i_ino, rdev), its dirent, its extended "
                    + "attributes (text where they are text, hex otherwise; inline or shared, with their "
                    + "offsets), a symlink's target, and the extents of its data: for each range of the file, "
                    + "where its bytes lie in the image (or that it is a hole), compressed how and into how "
                    + "many bytes.",
                    "With --json: one JSON object (keys under JSON OUTPUT in erofs(1)).",
                    "With --fields: the structures that make up PATH (its dirent and name, inode, xattrs, data "
                            + "map, inline data, directory blocks) as field trees instead."),
            CommonOptions.forImage(CommonOptions.JSON, CommonOptions.FIELDS),
            List.of(CommonOptions.IMAGE, CommonOptions.PATH),
            CommonOptions.statuses("PATH is not in the image"),
            List.of(new CommandSpec.Example("stat system.img /system/lib64/libc.so", "a library's inode and extents"),
                    new CommandSpec.Example("stat --fields --json system.img /etc/hosts", "its structures, field by field, as JSON")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(FileSystemImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        String path = args.operand(1);
        Node entry = Cli.lookup(image, path);
        if (entry == null) {
            err.println(Cli.program() + " stat: " + path + ": no such file or directory in the image");
            return Cli.BAD_IMAGE;
        }
        // An EROFS entry's own facts (nid, inode form, dirent, xattr area, extents), an APEX's EROFS
        // payload's too (their offsets the payload's, as its reader gives them); any other's from the model.
        ErofsImage erofs = image instanceof ErofsImage e ? e
                : image instanceof erofsbrowser.apex.ApexImage apex && apex.payloadFileSystem().orElse(null) instanceof ErofsImage e ? e
                : null;
        Entry erofsEntry = erofs != null && entry instanceof Entry e ? e : null;
        try {
            if (args.has(CommonOptions.FIELDS.longName())) {
                FieldPrinter fields = new FieldPrinter(image.source());
                if (args.has(CommonOptions.JSON.longName())) {
                    fields.json(image.structures(entry), out);
                } else {
                    fields.text(image.structures(entry), out);
                }
            } else if (args.has(CommonOptions.JSON.longName())) {
                // An APEX's entries as the model gives them, every offset in the file.
                (erofsEntry != null && erofs == image ? StatJson.of(erofs, erofsEntry) : NodeStat.json(image, entry)).writeLine(out);
            } else if (erofsEntry != null) {
                if (erofs != image) {
                    out.printf("payload:     its EROFS filesystem starts at byte offset %d of %s; the offsets below are in it%n",
                            image.filesystemOffset(), ((erofsbrowser.apex.ApexImage) image).bytesName());
                }
                print(erofs, erofsEntry, out);
            } else {
                NodeStat.print(image, entry, out);
            }
        } catch (ImageException e) {
            throw e.atPath(entry.pathString());
        }
        return Cli.OK;
    }

    private static void print(ErofsImage image, Entry entry, PrintStream out) throws ImageException {
        Inode i = entry.inode();
        String where = i.inMetabox() ? "metabox offset " : "byte offset ";
        out.printf("path:        %s%n", erofsbrowser.image.Printable.escape(entry.pathString()));
        out.printf("nid:         %s%n", i.nidText());
        out.printf("inode:       %s%d, %d bytes, %s%n", where, i.range().offset(), i.range().length(),
                i.extended() ? "extended" : "compact");
        out.printf("i_format:    0x%04x%n", i.format());
        out.printf("layout:      %s%n", i.layout());
        out.printf("type:        %s%n", i.type().label());
        out.printf("mode:        0%o (%c%s)%n", i.permissions(), i.type().lsChar(), FileType.permissionString(i.mode()));
        out.printf("uid:         %d%n", i.uid());
        out.printf("gid:         %d%n", i.gid());
        out.printf("size:        %d%n", i.size());
        out.printf("nlink:       %d%n", i.nlink());
        out.printf("mtime:       %d.%09d (%s)%n", i.mtime(), Integer.toUnsignedLong(i.mtimeNsec()), i.mtimeInstant());
        out.printf("i_ino:       %d%n", i.ino());
        if (i.isDevice()) {
            out.printf("rdev:        %d, %d%n", i.rdevMajor(), i.rdevMinor());
        }
        if (i.dotOmitted()) {
            out.printf("dot omitted: yes%n");
        }
        Dirent d = entry.dirent();
        if (d != null) {
            out.printf("dirent:      %s%n", d.range() == null ? "directory data offset " + d.dataOffset()
                    : "byte offset " + d.range().offset() + ", name at " + d.nameRange().offset());
        }
        XattrArea area = image.xattrArea(i);
        if (i.xattrCount() > 0) {
            out.printf("xattr area:  %s%d, %d bytes, %d shared%n", where, area.range().offset(), area.range().length(),
                    area.sharedIds().length);
        }
        for (Xattr x : area.xattrs()) {
            out.printf("xattr:       %s = %s  (%s at %d)%n", erofsbrowser.image.Printable.escape(x.nameString()), valueText(x.value()),
                    x.isShared() ? "shared #" + x.sharedId() : "inline", x.range().offset());
        }
        if (i.type() == FileType.SYMLINK) {
            out.printf("target:      %s%n", erofsbrowser.image.Printable.name(image.symlinkTarget(i)));
        }
        if (i.layout().isCompressed()) {
            long stored = i.storedBytes();
            if (stored == 0) {
                out.printf("compressed:  %d bytes, no blocks of its own (held in the packed inode)%n", i.size());
            } else {
                out.printf("compressed:  %d bytes in %d blocks (%d bytes), ratio %.2f%n", i.size(), i.blockAddress(),
                        stored, (double) i.size() / stored);
            }
        }
        if (i.type() == FileType.FILE || i.type() == FileType.DIR || i.type() == FileType.SYMLINK) {
            for (DataExtent e : image.data(i).extents()) {
                out.printf("extent:      file %d..%d  %s%n", e.logicalOffset(), e.logicalEnd(), describe(e, i));
            }
        }
    }

    private static String describe(DataExtent e, Inode i) {
        String where = switch (e.storage()) {
            case HOLE -> "hole (reads as zeros)";
            case INLINE -> "inline after the inode at " + (i.inMetabox() ? "metabox offset " : "byte offset ")
                    + e.physical().offset() + ".." + e.physical().end();
            case BLOCKS -> (e.device() == 0 ? "" : "device " + e.device() + " ") + "bytes "
                    + e.physical().offset() + ".." + e.physical().end();
            case FRAGMENT -> "fragment in the packed inode at " + e.physical().offset() + ".." + e.physical().end();
        };
        if (e.isCompressed()) {
            where += String.format("  %s %d -> %d bytes (%.1f%%)%s", e.algorithm().formatName(), e.physical().length(),
                    e.length(), 100.0 * e.physical().length() / e.length(), e.partialReference() ? ", shared prefix" : "");
        }
        return where;
    }

    /** The value as quoted text when it is printable UTF-8 (a trailing NUL allowed), else hex. */
    static String valueText(byte[] value) {
        int n = value.length > 0 && value[value.length - 1] == 0 ? value.length - 1 : value.length;
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(value, 0, n)).toString();
            if (s.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
                return "\"" + s + "\"" + (n < value.length ? " + NUL" : "");
            }
        } catch (CharacterCodingException e) {
            // not text: shown as hex below
        }
        return "0x" + HexFormat.of().formatHex(value);
    }
}

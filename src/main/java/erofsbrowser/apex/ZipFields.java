package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The dissectors of a zip's structures, field by field with the names of PKWARE's APPNOTE.TXT
 * (the jdk's LOCSIG, CENSIG, ENDSIG constants name the same fields): local file header, data
 * descriptor, central directory file header, zip64 end of central directory record and locator,
 * end of central directory record; extra fields by subfield (zip64 extended information,
 * Android's alignment field).
 */
final class ZipFields {
    private ZipFields() {
    }

    static List<Field> all(ZipArchive zip) throws ImageException {
        ImageSource source = zip.source();
        List<Field> out = new ArrayList<>();
        java.util.Set<Long> shown = new java.util.HashSet<>();
        for (ZipEntry e : zip.entries()) {
            // Entries that share a local header (hostile zips) show it once.
            if (e.hasData() && shown.add(e.localHeaderOffset())) {
                out.add(localHeader(source, e));
                if ((e.flags() & ZipEntry.FLAG_DATA_DESCRIPTOR) != 0) {
                    Field d = dataDescriptor(source, e);
                    if (d != null) {
                        out.add(d);
                    }
                }
            }
        }
        if (zip.end().isPresent()) {
            ZipEnd end = zip.end().get();
            Field signing = ApkSigningBlock.dissect(source, end.directoryOffset());
            if (signing != null) {
                out.add(signing);
            }
            for (ZipEntry e : zip.entries()) {
                out.add(centralHeader(source, e));
            }
            if (end.isZip64()) {
                out.add(zip64End(source, end));
                out.add(zip64Locator(source, end));
            }
            out.add(endRecord(source, end));
        }
        out.sort(Comparator.comparingLong(Field::offset));
        return out;
    }

    static Field localHeader(ImageSource source, ZipEntry e) throws ImageException {
        byte[] b = source.read(e.localHeaderOffset(), e.localHeaderLength());
        FieldBuilder f = FieldBuilder.littleEndian("local file header", e.localHeaderOffset(), b, 0, b.length);
        f.meaning(Printable.of(e.rawName()) + ", data at byte " + e.dataOffset() + alignmentNote(e));
        f.u32("local file header signature", v -> v == ZipArchive.LOCSIG ? "LOCSIG (PK\\3\\4)" : "not a local header");
        f.u16("version needed to extract", ZipFields::version);
        generalPurposeFlags(f);
        f.u16("compression method", ZipEntry::methodName);
        dosTimeAndDate(f);
        f.u32("crc-32", v -> String.format("%08x", v));
        long compressed = f.u32("compressed size", ZipFields::size);
        long size = f.u32("uncompressed size", ZipFields::size);
        int nameLength = (int) f.u16("file name length", v -> v + " bytes");
        int extraLength = (int) f.u16("extra field length", v -> v + " bytes");
        f.bytes("file name", nameLength, Printable::of);
        if (extraLength > 0) {
            // APPNOTE 4.5.3: a local header's zip64 field holds both sizes when either is escaped.
            boolean zip64 = compressed == ZipEnd.ZIP64_MINVAL || size == ZipEnd.ZIP64_MINVAL;
            f.nested(extraField(f.sub("extra field", extraLength), extraLength,
                    zip64 ? List.of("original size", "compressed size") : List.of()));
        }
        e.problems().forEach(f::problem);
        return f.build();
    }

    private static String alignmentNote(ZipEntry e) {
        long offset = e.dataOffset();
        return offset % 4096 == 0 ? " (4096-byte aligned)" : " (not 4096-byte aligned: " + offset % 4096 + " past a boundary)";
    }

    /** The data descriptor after a bit-3 entry's data, or null when it lies outside the file. */
    private static Field dataDescriptor(ImageSource source, ZipEntry e) throws ImageException {
        long at = e.dataEnd();
        boolean signed = ZipEnd.signatureAt(source, at, ZipArchive.EXTSIG);
        boolean zip64 = e.size() >= ZipEnd.ZIP64_MINVAL || e.compressedSize() >= ZipEnd.ZIP64_MINVAL;
        int length = (signed ? 4 : 0) + 4 + (zip64 ? 16 : 8);
        if (at < 0 || at > source.length() - length) {
            return null;
        }
        byte[] b = source.read(at, length);
        FieldBuilder f = FieldBuilder.littleEndian("data descriptor", at, b, 0, length).meaning(Printable.of(e.rawName()));
        if (signed) {
            f.u32("data descriptor signature", v -> "EXTSIG (PK\\7\\8)");
        }
        f.u32("crc-32", v -> String.format("%08x", v));
        f.unsigned("compressed size", zip64 ? 8 : 4, ZipFields::size);
        f.unsigned("uncompressed size", zip64 ? 8 : 4, ZipFields::size);
        return f.build();
    }

    static Field centralHeader(ImageSource source, ZipEntry e) throws ImageException {
        byte[] b = source.read(e.centralHeaderOffset(), e.centralHeaderLength());
        FieldBuilder f = FieldBuilder.littleEndian("central directory file header", e.centralHeaderOffset(), b, 0, b.length);
        f.meaning(Printable.of(e.rawName()) + ", " + e.methodName() + ", " + e.compressedSize() + " -> " + e.size() + " bytes");
        f.u32("central file header signature", v -> "CENSIG (PK\\1\\2)");
        f.u16("version made by", v -> version(v & 0xFF) + " on " + host(v >>> 8));
        f.u16("version needed to extract", ZipFields::version);
        generalPurposeFlags(f);
        f.u16("compression method", ZipEntry::methodName);
        dosTimeAndDate(f);
        f.u32("crc-32", v -> String.format("%08x", v));
        long compressed = f.u32("compressed size", ZipFields::size);
        long size = f.u32("uncompressed size", ZipFields::size);
        int nameLength = (int) f.u16("file name length", v -> v + " bytes");
        int extraLength = (int) f.u16("extra field length", v -> v + " bytes");
        int commentLength = (int) f.u16("file comment length", v -> v + " bytes");
        long disk = f.u16("disk number start", v -> "disk " + v);
        f.u16("internal file attributes", v -> (v & 1) != 0 ? "text" : "binary");
        int host = (LittleEndian.u16(b, 4) >>> 8);
        f.u32("external file attributes", v -> host == 3 && (v >>> 16) != 0 ? String.format("Unix mode 0%o", v >>> 16) : "");
        long local = f.u32("relative offset of local header", v -> v == ZipEnd.ZIP64_MINVAL ? "in the zip64 extra field"
                : "local header at byte " + v);
        f.bytes("file name", nameLength, Printable::of);
        if (extraLength > 0) {
            // APPNOTE 4.5.3: the zip64 field holds, in this order, the values the record escapes.
            List<String> zip64 = new ArrayList<>();
            if (size == ZipEnd.ZIP64_MINVAL) {
                zip64.add("original size");
            }
            if (compressed == ZipEnd.ZIP64_MINVAL) {
                zip64.add("compressed size");
            }
            if (local == ZipEnd.ZIP64_MINVAL) {
                zip64.add("relative header offset");
            }
            if (disk == 0xFFFF) {
                zip64.add("disk start number");
            }
            f.nested(extraField(f.sub("extra field", extraLength), extraLength, zip64));
        }
        if (commentLength > 0) {
            f.bytes("file comment", commentLength, Printable::textOrSize);
        }
        return f.build();
    }

    /**
     * The subfields of an extra field: header ID, data size, data (dissected for the IDs known
     * here); {@code zip64} names the values a zip64 field holds.
     */
    private static Field extraField(FieldBuilder f, int length, List<String> zip64) {
        f.meaning(length + " bytes");
        while (f.remaining() >= 4) {
            long head = f.peek(4);
            int id = (int) (head & 0xFFFF);
            int size = (int) (head >>> 16);
            if (size > f.remaining() - 4) {
                int left = f.remaining() - 4;
                f.bytes("extra field bytes", f.remaining(), "a subfield that overruns the extra field");
                f.problemOnLast(Problem.warning("subfield 0x" + Integer.toHexString(id) + " says " + size
                        + " bytes of data, " + left + " remain"));
                break;
            }
            FieldBuilder sub = f.sub("extra field subfield", 4 + size).meaning(extraId(id));
            sub.u16("header ID", ZipFields::extraId);
            sub.u16("data size", v -> v + " bytes");
            if (id == ExtraFields.ZIP64_EXTID) {
                for (String name : zip64) {
                    int width = name.equals("disk start number") ? 4 : 8;
                    if (sub.remaining() >= width) {
                        sub.unsigned(name, width, Long::toUnsignedString);
                    }
                }
            } else if (id == ExtraFields.ANDROID_ALIGNMENT_EXTID && size >= 2) {
                sub.u16("alignment", v -> "align data on " + v + " bytes");
            }
            if (sub.remaining() > 0) {
                sub.bytes(id == ExtraFields.ANDROID_ALIGNMENT_EXTID ? "padding" : "data", sub.remaining(), "");
            }
            f.nested(sub.build());
        }
        if (f.remaining() > 0) {
            f.bytes("extra field bytes", f.remaining(), "too short for a subfield header");
        }
        return f.build();
    }

    private static Field zip64End(ImageSource source, ZipEnd end) throws ImageException {
        byte[] b = source.read(end.zip64EndOffset(), end.zip64EndLength());
        FieldBuilder f = FieldBuilder.littleEndian("zip64 end of central directory record", end.zip64EndOffset(), b, 0, b.length);
        f.u32("zip64 end of central dir signature", v -> "PK\\6\\6");
        f.u64("size of zip64 end of central directory record", v -> Long.toUnsignedString(v) + " bytes after this field");
        f.u16("version made by", v -> version(v & 0xFF) + " on " + host(v >>> 8));
        f.u16("version needed to extract", ZipFields::version);
        f.u32("number of this disk");
        f.u32("number of the disk with the start of the central directory");
        f.u64("total number of entries in the central directory on this disk", Long::toUnsignedString);
        f.u64("total number of entries in the central directory", Long::toUnsignedString);
        f.u64("size of the central directory", ZipFields::size);
        f.u64("offset of start of central directory with respect to the starting disk number", v -> "byte " + Long.toUnsignedString(v));
        if (f.remaining() > 0) {
            f.bytes("zip64 extensible data sector", f.remaining(), "");
        }
        return f.build();
    }

    private static Field zip64Locator(ImageSource source, ZipEnd end) throws ImageException {
        byte[] b = source.read(end.zip64LocatorOffset(), ZipEnd.ZIP64_LOCHDR);
        FieldBuilder f = FieldBuilder.littleEndian("zip64 end of central directory locator", end.zip64LocatorOffset(), b, 0, b.length);
        f.u32("zip64 end of central dir locator signature", v -> "PK\\6\\7");
        f.u32("number of the disk with the start of the zip64 end of central directory");
        f.u64("relative offset of the zip64 end of central directory record", v -> "byte " + Long.toUnsignedString(v));
        f.u32("total number of disks");
        return f.build();
    }

    static Field endRecord(ImageSource source, ZipEnd end) throws ImageException {
        byte[] b = source.read(end.endOffset(), ZipEnd.ENDHDR + end.commentLength());
        FieldBuilder f = FieldBuilder.littleEndian("end of central directory record", end.endOffset(), b, 0, b.length);
        f.u32("end of central dir signature", v -> "ENDSIG (PK\\5\\6)");
        f.u16("number of this disk");
        f.u16("number of the disk with the start of the central directory");
        f.u16("total number of entries in the central directory on this disk", v -> zip64Escape(v, 0xFFFF, v + " entries"));
        f.u16("total number of entries in the central directory", v -> zip64Escape(v, 0xFFFF, v + " entries"));
        f.u32("size of the central directory", v -> zip64Escape(v, ZipEnd.ZIP64_MINVAL, v + " bytes"));
        f.u32("offset of start of central directory with respect to the starting disk number",
                v -> zip64Escape(v, ZipEnd.ZIP64_MINVAL, "byte " + v));
        int comment = (int) f.u16(".ZIP file comment length", v -> v + " bytes");
        if (comment > 0) {
            f.bytes(".ZIP file comment", comment, Printable::textOrSize);
        }
        end.problems().forEach(f::problem);
        return f.build();
    }

    private static String zip64Escape(long v, long escape, String otherwise) {
        return v == escape ? "in the zip64 record" : otherwise;
    }

    private static void generalPurposeFlags(FieldBuilder f) {
        f.flags("general purpose bit flag", 2, v -> v == 0 ? "none" : String.format("0x%04x", v), List.of(
                BitField.flag("encrypted", 0, "encrypted"),
                new BitField("compression option", 1, 2, v -> v == 0 ? "normal" : "option " + v),
                BitField.flag("data descriptor", 3, "CRC and sizes follow the data"),
                BitField.flag("language encoding", 11, "name and comment in UTF-8")));
    }

    private static void dosTimeAndDate(FieldBuilder f) {
        f.u16("last mod file time", v -> String.format("%02d:%02d:%02d", v >>> 11, (v >>> 5) & 0x3F, (v & 0x1F) * 2));
        f.u16("last mod file date", v -> String.format("%04d-%02d-%02d", 1980 + (v >>> 9), (v >>> 5) & 0xF, v & 0x1F));
    }

    private static String version(long v) {
        return "version " + v / 10 + "." + v % 10;
    }

    private static String host(long v) {
        return switch ((int) v) {
            case 0 -> "MS-DOS";
            case 3 -> "Unix";
            case 10 -> "Windows NTFS";
            case 19 -> "OS X";
            default -> "host " + v;
        };
    }

    private static String size(long v) {
        return v == ZipEnd.ZIP64_MINVAL ? "in the zip64 extra field" : Long.toUnsignedString(v) + " bytes";
    }

    private static String extraId(long id) {
        return switch ((int) id) {
            case ExtraFields.ZIP64_EXTID -> "zip64 extended information";
            case ExtraFields.ANDROID_ALIGNMENT_EXTID -> "Android alignment (zipalign, apexer)";
            case 0x5455 -> "extended timestamp";
            case 0x7875 -> "Info-ZIP Unix UID/GID";
            case 0xcafe -> "JAR marker";
            default -> String.format("0x%04x", id);
        };
    }
}

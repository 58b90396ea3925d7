package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a zip's central directory is, from the end of central directory record and, where
 * present, the zip64 end of central directory locator and record before it. Found the way
 * jdk.zipfs finds it: the last end record signature in the final 64 KiB + 22 bytes whose comment
 * fits the file.
 *
 * @param endOffset          where the end of central directory record starts
 * @param commentLength      length of the zip file comment after it
 * @param zip64LocatorOffset where the zip64 locator starts, or -1
 * @param zip64EndOffset     where the zip64 end record starts, or -1
 * @param zip64EndLength     the zip64 end record's length (56 + extensible data), or 0
 * @param totalEntries       entries in the central directory (zip64 value where it applies)
 * @param directoryOffset    where the central directory starts in the file
 * @param directorySize      its length in bytes
 * @param problems           what is odd about them (bytes after the comment, disagreeing zip64 values)
 */
public record ZipEnd(long endOffset, int commentLength, long zip64LocatorOffset, long zip64EndOffset,
                     int zip64EndLength, long totalEntries, long directoryOffset, long directorySize,
                     List<Problem> problems) {
    public static final int ENDSIG = 0x06054b50;
    public static final int ENDHDR = 22;
    public static final int ZIP64_LOCSIG = 0x07064b50;
    public static final int ZIP64_LOCHDR = 20;
    public static final int ZIP64_ENDSIG = 0x06064b50;
    public static final int ZIP64_ENDHDR = 56;
    /** The largest zip64 extensible data sector read: the field is free-form and unused by APEX tools. */
    static final int MAX_ZIP64_EXTENSIBLE = 64 << 10;
    static final long ZIP64_MINVAL = 0xFFFF_FFFFL;
    static final int ZIP64_MINVAL16 = 0xFFFF;

    public ZipEnd {
        problems = List.copyOf(problems);
    }

    public boolean isZip64() {
        return zip64EndOffset >= 0;
    }

    /** Finds the end records of the zip in {@code source}. */
    static ZipEnd find(ImageSource source) throws ImageException {
        Tail t = Tail.of(source);
        if (t.at < 0) {
            throw new ImageException("not a zip, or a zip cut short: no end of central directory record (signature "
                    + "0x06054b50) in the last " + t.bytes.length + " bytes", t.start);
        }
        return read(source, t.start + t.at, t.bytes, t.at, LittleEndian.u16(t.bytes, t.at + 20));
    }

    /**
     * The end of central directory record as it stands, where {@link #find} would take it, without
     * the checks that make it usable (where it says the directory is, a zip64 record that fits):
     * for the dissection of a zip that cannot be opened. Empty when there is none.
     */
    static java.util.Optional<ZipEnd> asStated(ImageSource source) throws ImageException {
        Tail t = Tail.of(source);
        if (t.at < 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ZipEnd(t.start + t.at, LittleEndian.u16(t.bytes, t.at + 20), -1, -1, 0,
                LittleEndian.u16(t.bytes, t.at + 10), LittleEndian.u32(t.bytes, t.at + 16), LittleEndian.u32(t.bytes, t.at + 12),
                List.of()));
    }

    /** The file's last 64 KiB + 22 bytes, and where in them the last end record whose comment fits starts (-1: none). */
    private record Tail(long start, byte[] bytes, int at) {
        static Tail of(ImageSource source) throws ImageException {
            long len = source.length();
            if (len < ENDHDR) {
                throw new ImageException("not a zip: the file is " + len + " bytes, too short for an end of central "
                        + "directory record (" + ENDHDR + " bytes)", 0);
            }
            int tailLength = (int) Math.min(len, ENDHDR + 0xFFFF);
            long tailStart = len - tailLength;
            byte[] tail = source.read(tailStart, tailLength);
            for (int at = tailLength - ENDHDR; at >= 0; at--) {
                if (LittleEndian.i32(tail, at) == ENDSIG && at + ENDHDR + LittleEndian.u16(tail, at + 20) <= tailLength) {
                    return new Tail(tailStart, tail, at); // (a signature whose comment overruns the file lies inside the data)
                }
            }
            return new Tail(tailStart, tail, -1);
        }
    }

    private static ZipEnd read(ImageSource source, long endOffset, byte[] tail, int at, int comment)
            throws ImageException {
        List<Problem> problems = new ArrayList<>();
        long trailing = source.length() - (endOffset + ENDHDR + comment);
        if (trailing > 0) {
            problems.add(Problem.warning(trailing + " bytes follow the end of central directory record and its comment"));
        }
        int diskEntries = LittleEndian.u16(tail, at + 8);
        long entries = LittleEndian.u16(tail, at + 10);
        long size = LittleEndian.u32(tail, at + 12);
        long offset = LittleEndian.u32(tail, at + 16);
        if (LittleEndian.u16(tail, at + 4) != 0 || LittleEndian.u16(tail, at + 6) != 0 || diskEntries != entries) {
            problems.add(Problem.warning("the end record names other disks: a multi-disk zip, read as one disk"));
        }
        long locator = endOffset - ZIP64_LOCHDR;
        if (locator >= 0 && signatureAt(source, locator, ZIP64_LOCSIG)) {
            byte[] loc = DirectReads.read(source, locator, ZIP64_LOCHDR);
            long zip64End = LittleEndian.i64(loc, 8);
            if (zip64End < 0 || zip64End > locator - ZIP64_ENDHDR || !signatureAt(source, zip64End, ZIP64_ENDSIG)) {
                throw new ImageException("the zip64 end of central directory locator points at byte "
                        + Long.toUnsignedString(zip64End) + ", where there is no zip64 end of central directory record",
                        locator + 8);
            }
            byte[] z = DirectReads.read(source, zip64End, ZIP64_ENDHDR);
            long recordSize = LittleEndian.i64(z, 4);
            long extensible = recordSize - (ZIP64_ENDHDR - 12);
            if (recordSize < ZIP64_ENDHDR - 12 || extensible > MAX_ZIP64_EXTENSIBLE
                    || zip64End + 12 + recordSize > locator) {
                throw new ImageException("the zip64 end of central directory record's size "
                        + Long.toUnsignedString(recordSize) + " does not fit before its locator", zip64End + 4);
            }
            long entries64 = LittleEndian.i64(z, 32);
            long size64 = LittleEndian.i64(z, 40);
            long offset64 = LittleEndian.i64(z, 48);
            agree(problems, "total number of entries", entries, ZIP64_MINVAL16, entries64);
            agree(problems, "size of the central directory", size, ZIP64_MINVAL, size64);
            agree(problems, "offset of start of central directory", offset, ZIP64_MINVAL, offset64);
            return check(source, new ZipEnd(endOffset, comment, locator, zip64End, (int) (12 + recordSize),
                    entries64, offset64, size64, problems), zip64End);
        }
        return check(source, new ZipEnd(endOffset, comment, -1, -1, 0, entries, offset, size, problems), endOffset);
    }

    private static void agree(List<Problem> problems, String what, long value, long escape, long value64) {
        if (value != escape && value != value64) {
            problems.add(Problem.warning("the end record's " + what + " (" + value + ") differs from the zip64 record's ("
                    + Long.toUnsignedString(value64) + "); the zip64 value is used"));
        }
    }

    /** The central directory must lie before the end records ({@code limit}). */
    private static ZipEnd check(ImageSource source, ZipEnd end, long limit) throws ImageException {
        long offset = end.directoryOffset;
        long size = end.directorySize;
        if (offset < 0 || size < 0 || offset > limit || size > limit - offset) {
            throw new ImageException("the central directory (" + Long.toUnsignedString(size) + " bytes at byte "
                    + Long.toUnsignedString(offset) + ") does not lie before the end records at byte " + limit,
                    end.isZip64() ? end.zip64EndOffset + 40 : end.endOffset + 12);
        }
        if (offset + size != limit) {
            List<Problem> more = new ArrayList<>(end.problems);
            more.add(Problem.warning((limit - offset - size) + " bytes lie between the central directory and the end records"));
            return new ZipEnd(end.endOffset, end.commentLength, end.zip64LocatorOffset, end.zip64EndOffset,
                    end.zip64EndLength, end.totalEntries, offset, size, more);
        }
        return end;
    }

    static boolean signatureAt(ImageSource source, long offset, int signature) throws ImageException {
        if (offset < 0 || offset > source.length() - 4) {
            return false;
        }
        return LittleEndian.i32(DirectReads.read(source, offset, 4), 0) == signature;
    }
}

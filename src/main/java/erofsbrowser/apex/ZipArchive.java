package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A zip file read in place: its end records, central directory and the local header of each
 * entry, in the spirit of jdk.zipfs (which this does not use: an APEX needs the data offset of an
 * entry and every structure's bytes, which java.util.zip does not give). Read-only and immutable;
 * safe for concurrent use.
 *
 * <p>A zip whose central directory cannot be found is an {@link ImageException}. A fault confined
 * to one entry (a local header missing, data outside the file or over another entry) becomes a
 * {@link Problem} of that entry, and the other entries are still read.
 */
public final class ZipArchive {
    public static final int CENSIG = 0x02014b50;
    public static final int CENHDR = 46;
    public static final int LOCSIG = 0x04034b50;
    public static final int LOCHDR = 30;
    public static final int EXTSIG = 0x08074b50;
    /** The largest central directory read: far beyond any APK's, and what one read may allocate. */
    static final int MAX_DIRECTORY_SIZE = 64 << 20;

    private final ImageSource source;
    /** Null for a zip read from its local headers (its central directory lost). */
    private final ZipEnd end;
    private final List<ZipEntry> entries;
    private final List<Problem> problems;

    private ZipArchive(ImageSource source, ZipEnd end, List<ZipEntry> entries, List<Problem> problems) {
        this.source = source;
        this.end = end;
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    /** Reads the zip in {@code source}, which stays open and owned by the caller. */
    public static ZipArchive open(ImageSource source) throws ImageException {
        ZipEnd end = ZipEnd.find(source);
        List<Problem> problems = new ArrayList<>(end.problems());
        if (end.directorySize() > MAX_DIRECTORY_SIZE) {
            throw new ImageException("the central directory is " + end.directorySize() + " bytes, more than the "
                    + MAX_DIRECTORY_SIZE + " this reader takes", end.directoryOffset());
        }
        byte[] directory = DirectReads.read(source, end.directoryOffset(), (int) end.directorySize());
        List<ZipEntry> read = new ArrayList<>();
        int at = 0;
        while (at < directory.length) {
            long where = end.directoryOffset() + at;
            if (directory.length - at < CENHDR || LittleEndian.i32(directory, at) != CENSIG) {
                problems.add(Problem.error("no central directory file header at byte " + where
                        + " (signature 0x02014b50): the directory's other " + (directory.length - at) + " bytes are not read"));
                break;
            }
            int length = CENHDR + LittleEndian.u16(directory, at + 28) + LittleEndian.u16(directory, at + 30)
                    + LittleEndian.u16(directory, at + 32);
            if (length > directory.length - at) {
                problems.add(Problem.error("the central directory file header at byte " + where + " is " + length
                        + " bytes, but the directory ends " + (directory.length - at) + " bytes after it"));
                break;
            }
            read.add(entry(source, directory, at, length, where, end.directoryOffset()));
            at += length;
        }
        if (read.size() != end.totalEntries()) {
            problems.add(Problem.warning("the end record counts " + Long.toUnsignedString(end.totalEntries())
                    + " entries, the central directory holds " + read.size()));
        }
        return new ZipArchive(source, end, crossCheck(read), problems);
    }

    /**
     * Reads the zip in {@code source}; when its central directory cannot be found (a zip cut
     * short), reads what its local headers still say, with a problem saying so. The ImageException
     * of the central directory when not even one local header is there.
     */
    public static ZipArchive openOrSalvage(ImageSource source) throws ImageException {
        ZipArchive zip;
        try {
            zip = open(source);
        } catch (ImageException e) {
            List<ZipEntry> found = LocalHeaderScan.scan(source);
            if (found.isEmpty()) {
                throw e;
            }
            return new ZipArchive(source, null, found, List.of(Problem.error(e.getMessage() + "; " + found(found))));
        }
        if (zip.entries.size() < zip.end.totalEntries()) { // a directory damaged part-way: its local headers may say more
            List<ZipEntry> found = LocalHeaderScan.scan(source);
            if (found.size() > zip.entries.size()) {
                List<Problem> problems = new ArrayList<>(zip.problems);
                problems.add(Problem.error("the central directory gives " + zip.entries.size() + " of the "
                        + zip.end.totalEntries() + " entries its end record counts; " + found(found)));
                return new ZipArchive(source, null, found, problems);
            }
        }
        return zip;
    }

    private static String found(List<ZipEntry> found) {
        return found.size() + (found.size() == 1 ? " entry" : " entries") + " found by walking the local file headers from byte 0";
    }

    /**
     * The zip in {@code source} as field trees, as far as it can be read: every record of a zip that
     * opens (or whose local headers can be walked), else its end of central directory record as it
     * stands, for a file shown as bytes. Empty when not even that is there.
     */
    public static List<erofsbrowser.image.Field> dissect(ImageSource source) {
        List<erofsbrowser.image.Field> fields = new ArrayList<>();
        boolean hasEnd = false;
        try {
            ZipArchive zip = openOrSalvage(source);
            fields.addAll(ZipFields.all(zip));
            hasEnd = zip.end().isPresent();
        } catch (ImageException e) {
            // not one record can be walked from the start: the end record, below, may still be there
        }
        if (!hasEnd) { // lost, or unusable (where it says the directory is): shown as it stands
            try {
                java.util.Optional<ZipEnd> end = ZipEnd.asStated(source);
                if (end.isPresent()) {
                    fields.add(ZipFields.endRecord(source, end.get()));
                }
            } catch (ImageException e) {
                // not even that: the bytes alone
            }
        }
        return fields;
    }

    /** Whether {@code source} starts like a zip (a local file header) or ends like one. */
    public static boolean looksLikeZip(ImageSource source) {
        try {
            return ZipEnd.signatureAt(source, 0, LOCSIG) || ZipEnd.find(source) != null;
        } catch (ImageException e) {
            return false;
        }
    }

    private static ZipEntry entry(ImageSource source, byte[] d, int at, int length, long where, long directoryStart)
            throws ImageException {
        List<Problem> problems = new ArrayList<>();
        int nameLength = LittleEndian.u16(d, at + 28);
        int extraLength = LittleEndian.u16(d, at + 30);
        byte[] name = Arrays.copyOfRange(d, at + CENHDR, at + CENHDR + nameLength);
        long[] sizes = {LittleEndian.u32(d, at + 24), LittleEndian.u32(d, at + 20), LittleEndian.u32(d, at + 42)};
        ExtraFields extra = ExtraFields.parse(d, at + CENHDR + nameLength, extraLength);
        if (!extra.applyZip64(sizes)) {
            problems.add(Problem.error("the zip64 extended information extra field is too short for the sizes it must hold"));
        }
        if (extra.problem().isPresent()) {
            problems.add(extra.problem().get());
        }
        int method = LittleEndian.u16(d, at + 10);
        int flags = LittleEndian.u16(d, at + 8);
        long crc = LittleEndian.u32(d, at + 16);
        long size = sizes[0];
        long compressed = sizes[1];
        long local = sizes[2];
        if ((flags & 1) != 0) {
            problems.add(Problem.error("encrypted (general purpose flag bit 0): its data cannot be read"));
        }
        if (method != ZipEntry.STORED && method != ZipEntry.DEFLATED) {
            problems.add(Problem.error("compression method " + method + " is neither stored (0) nor deflated (8)"));
        } else if (method == ZipEntry.STORED && size != compressed) {
            problems.add(Problem.error("stored, yet its compressed size " + Long.toUnsignedString(compressed)
                    + " differs from its size " + Long.toUnsignedString(size)));
        }
        int localLength = -1;
        if (local < 0 || local > directoryStart - LOCHDR) {
            problems.add(Problem.error("its local header offset " + Long.toUnsignedString(local)
                    + " is not before the central directory (byte " + directoryStart + ")"));
        } else {
            localLength = localHeader(source, local, name, method, flags, crc, sizes, directoryStart, problems);
        }
        if (localLength >= 0) {
            long data = local + localLength;
            if (compressed < 0 || compressed > directoryStart - data) {
                problems.add(Problem.error("its data (" + Long.toUnsignedString(compressed) + " bytes at byte " + data
                        + ") runs past the start of the central directory at byte " + directoryStart));
            }
        }
        return new ZipEntry(name, method, flags, crc, compressed, size, local, where, length, localLength,
                extra.alignment(), problems);
    }

    /** Reads the local header at {@code local}: its length, or -1 when it is not there. */
    private static int localHeader(ImageSource source, long local, byte[] name, int method, int flags, long crc,
                                   long[] sizes, long directoryStart, List<Problem> problems) throws ImageException {
        byte[] h = DirectReads.read(source, local, LOCHDR);
        if (LittleEndian.i32(h, 0) != LOCSIG) {
            problems.add(Problem.error("no local file header (signature 0x04034b50) at byte " + local));
            return -1;
        }
        int length = LOCHDR + LittleEndian.u16(h, 26) + LittleEndian.u16(h, 28);
        if (length > directoryStart - local) {
            problems.add(Problem.error("the local file header at byte " + local + " (" + length
                    + " bytes) runs into the central directory"));
            return -1;
        }
        byte[] localName = DirectReads.read(source, local + LOCHDR, LittleEndian.u16(h, 26));
        if (!Arrays.equals(localName, name)) {
            problems.add(Problem.warning("the local header names it \"" + Printable.of(localName) + "\""));
        }
        if (LittleEndian.u16(h, 8) != method) {
            problems.add(Problem.error("the local header's compression method is " + LittleEndian.u16(h, 8)
                    + ", the central directory's " + method));
        }
        boolean zip64 = LittleEndian.u32(h, 18) == ZipEnd.ZIP64_MINVAL || LittleEndian.u32(h, 22) == ZipEnd.ZIP64_MINVAL;
        if ((flags & ZipEntry.FLAG_DATA_DESCRIPTOR) == 0 && !zip64
                && (LittleEndian.u32(h, 14) != crc || LittleEndian.u32(h, 18) != sizes[1] || LittleEndian.u32(h, 22) != sizes[0])) {
            problems.add(Problem.warning("the local header's CRC-32 or sizes differ from the central directory's"));
        }
        return length;
    }

    /** Marks entries whose bytes overlap another's, or that repeat a name. */
    private static List<ZipEntry> crossCheck(List<ZipEntry> read) {
        List<List<Problem>> more = new ArrayList<>();
        for (ZipEntry e : read) {
            more.add(new ArrayList<>(e.problems()));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < read.size(); i++) {
            if (!names.add(read.get(i).name())) {
                more.get(i).add(Problem.error("a second entry named \"" + read.get(i).name() + "\": readers disagree on which counts"));
            }
        }
        Integer[] order = new Integer[read.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, new Comparator<Integer>() { // a class, not a lambda: see ApexFile's note on start-up
            @Override
            public int compare(Integer a, Integer b) {
                return Long.compare(read.get(a).localHeaderOffset(), read.get(b).localHeaderOffset());
            }
        });
        for (int k = 1; k < order.length; k++) {
            ZipEntry before = read.get(order[k - 1]);
            ZipEntry after = read.get(order[k]);
            long beforeEnd = before.hasData() ? before.dataEnd() : before.localHeaderOffset() + LOCHDR;
            if (beforeEnd > after.localHeaderOffset()) {
                more.get(order[k - 1]).add(Problem.error("its bytes overlap those of \"" + after.name() + "\""));
                more.get(order[k]).add(Problem.error("its bytes overlap those of \"" + before.name() + "\""));
            }
        }
        List<ZipEntry> out = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            ZipEntry e = read.get(i);
            out.add(more.get(i).size() == e.problems().size() ? e
                    : new ZipEntry(e.rawName(), e.method(), e.flags(), e.crc(), e.compressedSize(), e.size(),
                    e.localHeaderOffset(), e.centralHeaderOffset(), e.centralHeaderLength(), e.localHeaderLength(),
                    e.alignment(), more.get(i)));
        }
        return out;
    }

    public ImageSource source() {
        return source;
    }

    /** The end records; empty for a zip read from its local headers alone. */
    public java.util.Optional<ZipEnd> end() {
        return java.util.Optional.ofNullable(end);
    }

    /** Whether the central directory was read (false: entries found from their local headers alone). */
    public boolean hasCentralDirectory() {
        return end != null;
    }

    /** The entries in central directory order. */
    public List<ZipEntry> entries() {
        return entries;
    }

    /** The first entry named {@code name}, or null. */
    public ZipEntry entry(String name) {
        for (ZipEntry e : entries) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Problems of the archive as a whole (each entry has its own). */
    public List<Problem> problems() {
        return problems;
    }

    /** A stored entry's data, read in place as a slice of the file (closed by the caller). */
    public ImageSource storedData(ZipEntry entry) throws ImageException {
        EntryData.requireReadable(entry, source);
        if (!entry.isStored()) {
            throw new ImageException(entry.name() + " is " + entry.methodName() + ", not stored: it cannot be read in place",
                    entry.centralHeaderOffset() + 10);
        }
        try {
            return source.slice(entry.dataOffset(), entry.size());
        } catch (IOException e) {
            throw new ImageException(e.getMessage(), entry.dataOffset());
        }
    }

    /**
     * The whole content of {@code entry}, uncompressed and checked against its size and CRC-32;
     * entries over {@code limit} bytes are refused rather than read into memory.
     */
    public byte[] read(ZipEntry entry, int limit) throws ImageException {
        return EntryData.read(source, entry, limit);
    }

    /** Like {@link #read}, but without checking the CRC-32: for showing content that fails it. */
    public byte[] readUnchecked(ZipEntry entry, int limit) throws ImageException {
        return EntryData.read(source, entry, limit, false);
    }

    /**
     * Writes the content of {@code entry}, uncompressed and checked, to {@code target}; reports the
     * compressed bytes consumed to {@code progress}, and stops with a CancellationException once
     * {@code cancelled} is set.
     */
    public void extract(ZipEntry entry, Path target, Progress progress, BooleanSupplier cancelled)
            throws ImageException, IOException {
        EntryData.extract(source, entry, target, progress, cancelled);
    }

    /**
     * Reads the whole content of {@code entry} and checks it against its size and CRC-32,
     * keeping none of it: an ImageException says what does not match.
     */
    public void verify(ZipEntry entry, Progress progress, BooleanSupplier cancelled) throws ImageException {
        EntryData.verify(source, entry, progress, cancelled);
    }

    /**
     * Every structure of the zip as a field tree, in file order: each entry's local header (and
     * data descriptor), the APK signing block, the central directory records, the zip64 records
     * and the end record. Offsets are the file's.
     */
    public List<Field> structures() throws ImageException {
        return ZipFields.all(this);
    }
}

package erofsbrowser.apex;

import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One entry of a zip, as its central directory record and its local file header give it. The
 * central record is the authority for the name, method, sizes and CRC (as in jdk.zipfs); the local
 * header says where the data starts, since its own name and extra field lengths may differ from
 * the central record's (apexer and zipalign pad the local extra field to align the data).
 *
 * @param rawName             the name's bytes
 * @param method              the compression method ({@link #STORED}, {@link #DEFLATED}, others unsupported)
 * @param flags               the general purpose bit flag
 * @param crc                 the CRC-32 of the uncompressed data
 * @param compressedSize      bytes of data in the file
 * @param size                bytes once uncompressed
 * @param localHeaderOffset   where the local file header starts in the file
 * @param centralHeaderOffset where the central directory record starts in the file
 * @param centralHeaderLength the central record's length, name, extra field and comment included
 * @param localHeaderLength   the local header's length, name and extra field included; -1 when unreadable
 * @param alignment           the alignment an Android alignment extra field (0xd935) asks for, or 0
 * @param problems            what is wrong with the entry (its bytes outside the file, overlapping
 *                            another entry, a local header that disagrees with the central record)
 */
public record ZipEntry(byte[] rawName, int method, int flags, long crc, long compressedSize, long size,
                       long localHeaderOffset, long centralHeaderOffset, int centralHeaderLength,
                       int localHeaderLength, int alignment, List<Problem> problems) {
    public static final int STORED = 0;
    public static final int DEFLATED = 8;
    /** General purpose flag bit 3: sizes and CRC follow the data in a data descriptor. */
    public static final int FLAG_DATA_DESCRIPTOR = 1 << 3;

    public ZipEntry {
        rawName = rawName.clone();
        problems = List.copyOf(problems);
    }

    @Override
    public byte[] rawName() {
        return rawName.clone();
    }

    /** The name as text (UTF-8, as jdk.zipfs reads names by default). */
    public String name() {
        return new String(rawName, StandardCharsets.UTF_8);
    }

    /** Whether the local header was read, so {@link #dataOffset} is known. */
    public boolean hasData() {
        return localHeaderLength >= 0;
    }

    /** Where the entry's (compressed) data starts in the file: after the local header; -1 when unknown. */
    public long dataOffset() {
        return hasData() ? localHeaderOffset + localHeaderLength : -1;
    }

    /** Where the entry's data ends in the file; -1 when unknown. */
    public long dataEnd() {
        return hasData() ? dataOffset() + compressedSize : -1;
    }

    public boolean isStored() {
        return method == STORED;
    }

    public boolean isDeflated() {
        return method == DEFLATED;
    }

    /** Whether the data starts on a multiple of {@code boundary} bytes in the file. */
    public boolean isAlignedTo(int boundary) {
        return hasData() && dataOffset() % boundary == 0;
    }

    /** Whether any problem of this entry is an error (its data cannot be trusted to be read). */
    public boolean hasErrors() {
        for (Problem p : problems) {
            if (p.severity() == Problem.Severity.ERROR) {
                return true;
            }
        }
        return false;
    }

    /** The method's name: "stored", "deflated", or its number. */
    public String methodName() {
        return methodName(method);
    }

    static String methodName(long method) {
        if (method == STORED) {
            return "stored";
        }
        if (method == DEFLATED) {
            return "deflated";
        }
        return "method " + method + " (not read here)";
    }

    @Override
    public String toString() {
        return name() + " (" + methodName() + ", " + compressedSize + " -> " + size + " bytes, data at "
                + dataOffset() + ")";
    }
}

package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a zip whose central directory is lost (a download cut short), found the way
 * {@code zip -FF} finds them: walking the local file headers from byte 0, each followed by its
 * data, as long as each header says how long its data is. An entry whose data runs past the end of
 * the file is kept, marked as cut short.
 */
final class LocalHeaderScan {
    /** Entries walked at most: far beyond any APEX. */
    static final int MAX_ENTRIES = 1 << 16;

    private LocalHeaderScan() {
    }

    static List<ZipEntry> scan(ImageSource source) throws ImageException {
        List<ZipEntry> found = new ArrayList<>();
        long at = 0;
        while (found.size() < MAX_ENTRIES && at <= source.length() - ZipArchive.LOCHDR
                && ZipEnd.signatureAt(source, at, ZipArchive.LOCSIG)) {
            byte[] h = DirectReads.read(source, at, ZipArchive.LOCHDR);
            int flags = LittleEndian.u16(h, 6);
            int nameLength = LittleEndian.u16(h, 26);
            int extraLength = LittleEndian.u16(h, 28);
            int length = ZipArchive.LOCHDR + nameLength + extraLength;
            if (length > source.length() - at) {
                break;
            }
            byte[] rest = DirectReads.read(source, at + ZipArchive.LOCHDR, nameLength + extraLength);
            byte[] name = java.util.Arrays.copyOf(rest, nameLength);
            ExtraFields extra = ExtraFields.parse(rest, nameLength, extraLength);
            long[] sizes = {LittleEndian.u32(h, 22), LittleEndian.u32(h, 18), at};
            List<Problem> problems = new ArrayList<>();
            if ((flags & ZipEntry.FLAG_DATA_DESCRIPTOR) != 0 || !extra.applyZip64(sizes)) {
                problems.add(Problem.error("its sizes follow its data: the walk of local headers stops here"));
                found.add(entry(h, name, sizes, at, length, extra, problems));
                break;
            }
            long dataEnd = at + length + sizes[1];
            if (sizes[1] < 0 || dataEnd > source.length() || dataEnd < 0) {
                problems.add(Problem.error("its data (" + Long.toUnsignedString(sizes[1]) + " bytes at byte " + (at + length)
                        + ") is cut short by the end of the file (" + source.length() + " bytes)"));
                found.add(entry(h, name, sizes, at, length, extra, problems));
                break;
            }
            found.add(entry(h, name, sizes, at, length, extra, problems));
            at = dataEnd;
        }
        return found;
    }

    private static ZipEntry entry(byte[] h, byte[] name, long[] sizes, long at, int length, ExtraFields extra,
                                  List<Problem> problems) {
        return new ZipEntry(name, LittleEndian.u16(h, 8), LittleEndian.u16(h, 6), LittleEndian.u32(h, 14), sizes[1],
                sizes[0], at, -1, 0, length, extra.alignment(), problems);
    }
}

package erofsbrowser.apex;

import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.util.Optional;

/**
 * What an entry's extra field holds that a reader needs: the zip64 extended information (header
 * ID 0x0001) and Android's alignment field (header ID 0xd935, written by zipalign and apexer).
 *
 * @param bytes       the record holding the extra field
 * @param zip64Start  where the zip64 field's data starts in {@code bytes}, or -1
 * @param zip64Length its data length
 * @param alignment   the alignment the Android field asks for, or 0
 * @param problem     a subfield that overruns the extra field, if any
 */
record ExtraFields(byte[] bytes, int zip64Start, int zip64Length, int alignment, Optional<Problem> problem) {
    static final int ZIP64_EXTID = 0x0001;
    static final int ANDROID_ALIGNMENT_EXTID = 0xd935;

    static ExtraFields parse(byte[] b, int start, int length) {
        int zip64Start = -1;
        int zip64Length = 0;
        int alignment = 0;
        int at = start;
        int end = start + length;
        while (end - at >= 4) {
            int id = LittleEndian.u16(b, at);
            int size = LittleEndian.u16(b, at + 2);
            if (size > end - at - 4) {
                return new ExtraFields(b, zip64Start, zip64Length, alignment, Optional.of(Problem.warning(
                        "extra field subfield 0x" + Integer.toHexString(id) + " (" + size + " bytes) overruns the extra field")));
            }
            if (id == ZIP64_EXTID) {
                zip64Start = at + 4;
                zip64Length = size;
            } else if (id == ANDROID_ALIGNMENT_EXTID && size >= 2) {
                alignment = LittleEndian.u16(b, at + 4);
            }
            at += 4 + size;
        }
        return new ExtraFields(b, zip64Start, zip64Length, alignment, Optional.empty());
    }

    /**
     * Replaces each of {@code values} (size, compressed size, local header offset) that holds the
     * zip64 escape 0xffffffff with the next 8 bytes of the zip64 field, in that order (APPNOTE
     * 4.5.3); false when the field is missing or too short.
     */
    boolean applyZip64(long[] values) {
        int at = zip64Start;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != ZipEnd.ZIP64_MINVAL) {
                continue;
            }
            if (at < 0 || at + 8 > zip64Start + zip64Length) {
                return false;
            }
            values[i] = LittleEndian.i64(bytes, at);
            at += 8;
        }
        return true;
    }
}

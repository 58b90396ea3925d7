package erofsbrowser.ext4;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/** Small text helpers shared by the dissectors and the messages: UUIDs, C strings, names, times. */
final class Ext4Text {
    private Ext4Text() {
    }

    /** The 16 bytes at {@code at} as a UUID ({@code 8-4-4-4-12} hex digits). */
    static String uuid(byte[] b, int at) {
        String h = HexFormat.of().formatHex(b, at, at + 16);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    /** Bytes up to the first NUL, as UTF-8. */
    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** A name for display: UTF-8, with control characters and bytes that are not UTF-8 escaped as {@code ls -b} does. */
    static String printable(byte[] name) {
        return erofsbrowser.image.Printable.name(name);
    }

    /** A time in seconds since the epoch, as ISO text. */
    static String time(long seconds) {
        return erofsbrowser.image.Times.text(seconds, 0);
    }
}

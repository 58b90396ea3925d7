package erofsbrowser.apex;

import java.nio.charset.StandardCharsets;

/** Names and strings from the file made safe to show: control characters escaped, long ones cut. */
final class Printable {
    static final int MAX_SHOWN = 200;

    private Printable() {
    }

    static String of(byte[] bytes) {
        return of(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Text as text; bytes that are mostly not text (a comment of zeros) as their count. */
    static String textOrSize(byte[] bytes) {
        int controls = 0;
        for (byte b : bytes) {
            if ((b & 0xFF) < 0x20 && b != '\n' && b != '\t' && b != '\r') {
                controls++;
            }
        }
        return controls > 0 ? bytes.length + " bytes, not text" : "\"" + of(bytes) + "\"";
    }

    static String of(String s) {
        String safe = erofsbrowser.image.Printable.escape(s);
        return safe.length() > MAX_SHOWN ? safe.substring(0, MAX_SHOWN) + "..." : safe;
    }
}

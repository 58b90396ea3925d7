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
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < MAX_SHOWN; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() >= MAX_SHOWN ? sb.append("...").toString() : sb.toString();
    }
}

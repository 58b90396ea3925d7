package erofsbrowser.image;

/**
 * Text from an image made safe to print: control characters (a CR, an escape sequence, a NUL)
 * written as escapes, the way {@code ls -b} shows them. An image's names end up in messages and
 * listings; unescaped, they could break a one-line message or drive a terminal. Backslashes stay
 * as they are: messages already show bytes they cannot print as {@code \xNN}.
 */
public final class Printable {
    private Printable() {
    }

    public static String escape(String s) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s; // most text: nothing to do
        }
        StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x1b -> sb.append("\\e");
                default -> sb.append(String.format("\\%03o", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
    }
}

package erofsbrowser.image;

/**
 * Text from an image made safe to print: control characters (a CR, an escape sequence, a NUL)
 * written as escapes, the way {@code ls -b} shows them. An image's names end up in messages and
 * listings; unescaped, they could break a one-line message or drive a terminal. Backslashes stay
 * as they are.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * A name's bytes for display: UTF-8, each byte that is not part of valid UTF-8 and each control
     * character as an octal escape ({@code \377}, {@code \000}), as {@code ls -b} shows them.
     */
    public static String name(byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        try {
            return escape(decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            StringBuilder sb = new StringBuilder(bytes.length + 8);
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
            decoder.reset();
            while (in.hasRemaining()) {
                java.nio.charset.CoderResult r = decoder.decode(in, out, true);
                out.flip();
                sb.append(escape(out.toString()));
                out.clear();
                if (r.isError()) {
                    for (int k = 0; k < r.length(); k++) {
                        sb.append(String.format("\\%03o", in.get() & 0xFF));
                    }
                } else if (r.isUnderflow()) {
                    break;
                }
            }
            return sb.toString();
        }
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

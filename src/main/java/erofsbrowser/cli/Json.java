package erofsbrowser.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * JSON text for {@code --json}, written as the manifest writes it (separators {@code ", "} and
 * {@code ": "}, UTF-8 text rather than {@code \\u} escapes) and always valid JSON: a name of the
 * image that is not valid UTF-8 becomes text with U+FFFD where its bad bytes were, and its exact
 * bytes follow under the same key with {@code _hex} added ({@link #bytes}).
 */
final class Json {
    private final StringBuilder text = new StringBuilder(256);
    /** Whether the object or array open at each depth has no member yet. */
    private final boolean[] empty = new boolean[64];
    private int depth;
    /** A key was just written: the value needs no comma. */
    private boolean afterKey;

    Json beginObject() {
        return open('{');
    }

    Json endObject() {
        return close('}');
    }

    Json beginArray() {
        return open('[');
    }

    Json endArray() {
        return close(']');
    }

    Json key(String key) {
        separate();
        quoted(key);
        text.append(": ");
        afterKey = true;
        return this;
    }

    Json value(long n) {
        separate();
        text.append(n);
        return this;
    }

    /** A number stored in 64 bits without a sign (a nid with bit 63 set stays positive). */
    Json unsigned(long n) {
        separate();
        text.append(Long.toUnsignedString(n));
        return this;
    }

    Json value(boolean b) {
        separate();
        text.append(b);
        return this;
    }

    /** A string, or null. */
    Json value(String s) {
        separate();
        if (s == null) {
            text.append("null");
        } else {
            quoted(s);
        }
        return this;
    }

    Json nullValue() {
        separate();
        text.append("null");
        return this;
    }

    /** {@code "key": "text"} for bytes of the image (a name, a target); when not UTF-8, {@code "key_hex"} too. */
    Json bytes(String key, byte[] raw) {
        String decoded = strictUtf8(raw);
        key(key).value(decoded != null ? decoded : new String(raw, StandardCharsets.UTF_8));
        if (decoded == null) {
            key(key + "_hex").value(HexFormat.of().formatHex(raw));
        }
        return this;
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    static String strictUtf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The text written so far and a newline, as one line of UTF-8; then starts anew. */
    void writeLine(PrintStream out) {
        text.append('\n');
        byte[] line = text.toString().getBytes(StandardCharsets.UTF_8);
        out.write(line, 0, line.length);
        text.setLength(0);
        depth = 0;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private Json open(char bracket) {
        separate();
        text.append(bracket);
        empty[depth++] = true;
        return this;
    }

    private Json close(char bracket) {
        depth--;
        text.append(bracket);
        return this;
    }

    /** The comma before a member, unless it is the first or the value of a key. */
    private void separate() {
        if (afterKey) {
            afterKey = false;
            return;
        }
        if (depth > 0) {
            if (!empty[depth - 1]) {
                text.append(", ");
            }
            empty[depth - 1] = false;
        }
    }

    /** A JSON string: quote, backslash and control characters escaped, the rest as it is. */
    private void quoted(String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a pair (a lone one cannot be written as UTF-8). */
    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}

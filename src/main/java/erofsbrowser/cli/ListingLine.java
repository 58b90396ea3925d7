package erofsbrowser.cli;

import erofsbrowser.image.Node;
import erofsbrowser.image.FileType;
import erofsbrowser.image.Printable;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One line of {@code ls} output, built in a reused byte array and written in one call: a listing
 * of 60 000 entries made a StringBuilder, several Strings and a byte array per line before.
 */
final class ListingLine {
    private byte[] bytes = new byte[256];
    private int length;

    ListingLine clear() {
        length = 0;
        return this;
    }

    private void room(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }

    ListingLine ascii(char c) {
        room(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** A name or link target from the image, printable: control characters and bytes that are not UTF-8 escaped. */
    ListingLine bytes(byte[] b) {
        int start = length;
        room(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return printableFrom(start);
    }

    /** The entry's path, printable as {@link #bytes} makes a name. */
    ListingLine path(Node e) {
        int start = length;
        room(e.pathLength());
        e.copyPath(bytes, length);
        length += e.pathLength();
        return printableFrom(start);
    }

    /**
     * Escapes what was written from {@code start} on as {@code ls -b} does ({@link Printable#name}),
     * so that a name cannot break its line or drive the terminal. Printable ASCII, nearly every
     * name, is left as it is after one look at each byte.
     */
    private ListingLine printableFrom(int start) {
        for (int i = start; i < length; i++) {
            int c = bytes[i];
            if (c < 0x20 || c == 0x7f) { // a negative byte is one of 0x80 to 0xff: not ASCII
                byte[] escaped = Printable.name(Arrays.copyOfRange(bytes, start, length)).getBytes(StandardCharsets.UTF_8);
                length = start;
                room(escaped.length);
                System.arraycopy(escaped, 0, bytes, length, escaped.length);
                length += escaped.length;
                return this;
            }
        }
        return this;
    }

    ListingLine permissions(int mode) {
        room(9);
        FileType.writePermissions(mode, bytes, length);
        length += 9;
        return this;
    }

    /** {@code value} in decimal, right-aligned in {@code width} columns. */
    ListingLine number(long value, int width) {
        room(Math.max(width, 20));
        int digits = 0;
        long v = value;
        do {
            digits++;
            v /= 10;
        } while (v != 0);
        int sign = value < 0 ? 1 : 0;
        for (int k = digits + sign; k < width; k++) {
            bytes[length++] = ' ';
        }
        if (sign == 1) {
            bytes[length++] = '-';
        }
        v = value;
        for (int k = digits - 1; k >= 0; k--) {
            bytes[length + k] = (byte) ('0' + Math.abs(v % 10));
            v /= 10;
        }
        length += digits;
        return this;
    }

    /** {@code text} (ASCII), right-aligned in {@code width} columns. */
    ListingLine padded(String text, int width) {
        room(Math.max(width, text.length()));
        for (int k = text.length(); k < width; k++) {
            bytes[length++] = ' ';
        }
        for (int k = 0; k < text.length(); k++) {
            bytes[length++] = (byte) text.charAt(k);
        }
        return this;
    }

    /** Two digits, zero-padded. */
    ListingLine two(int v) {
        return ascii((char) ('0' + v / 10)).ascii((char) ('0' + v % 10));
    }

    void writeTo(PrintStream out) {
        out.write(bytes, 0, length);
    }
}

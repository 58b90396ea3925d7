package erofsbrowser.app.hex;

/**
 * The text of hex rows, shared by painting and {@link HexView#rowText} so that what tests and
 * screen readers get is what is drawn. Layout: offset, two spaces, the row's bytes in hex (8, 16,
 * 32 or 64 a row) with an extra space after every eighth, two spaces, a character a byte.
 */
final class RowFormat {

    static final int DEFAULT_BYTES_PER_ROW = 16;
    /** The row widths a view offers: each divides a page, so no row straddles two. */
    static final java.util.List<Integer> BYTES_PER_ROW_CHOICES = java.util.List.of(8, 16, 32, 64);
    static final String PENDING_HEX = "\u00b7\u00b7";
    static final char PENDING_CHAR = '\u00b7';
    static final String FAILED_HEX = "??";
    static final char FAILED_CHAR = '?';

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private RowFormat() {
    }

    /** Characters of the hex column: "xx " a byte, minus the last space, plus a gap after every eighth byte but the last. */
    static int hexChars(int bytesPerRow) {
        return 3 * bytesPerRow + bytesPerRow / 8 - 2;
    }

    /** What is known about one row's bytes. Rows never straddle pages (pages are row-aligned). */
    enum State { LOADED, PENDING, FAILED }

    /** One row: {@code count} bytes at {@code offset}, found at {@code bytes[start..]} when loaded. */
    record Row(long offset, int count, byte[] bytes, int start, State state) {
        int unsigned(int column) {
            return bytes[start + column] & 0xff;
        }
    }

    /**
     * Text split into two layers of equal length for two colours: bytes that carry information in
     * {@code bright}, filler (zero bytes, non-printable characters, placeholders) in {@code dim};
     * each character position is a space in one of them.
     */
    record TwoTone(String bright, String dim) {
        String whole() {
            char[] merged = bright.toCharArray();
            for (int i = 0; i < merged.length; i++) {
                if (merged[i] == ' ') {
                    merged[i] = dim.charAt(i);
                }
            }
            return new String(merged);
        }
    }

    /** Hex digits for offsets up to {@code length - 1}: even, at least 4 (Wireshark's minimum). */
    static int offsetDigits(long length) {
        long last = Math.max(0, length - 1);
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(last) + 3) / 4);
        digits += digits & 1;
        return Math.max(4, digits);
    }

    static String offset(long offset, int digits) {
        char[] text = new char[digits];
        long rest = offset;
        for (int i = digits - 1; i >= 0; i--) {
            text[i] = DIGITS[(int) (rest & 0xf)];
            rest >>>= 4;
        }
        return new String(text);
    }

    /** Character column of byte {@code column} inside the hex text. */
    static int hexColumn(int column) {
        return 3 * column + column / 8;
    }

    static TwoTone hex(Row row, int bytesPerRow) {
        char[] bright = blank(hexChars(bytesPerRow));
        char[] dim = blank(hexChars(bytesPerRow));
        for (int c = 0; c < row.count(); c++) {
            int at = hexColumn(c);
            switch (row.state()) {
                case PENDING -> put(dim, at, PENDING_HEX);
                case FAILED -> put(bright, at, FAILED_HEX);
                case LOADED -> {
                    int b = row.unsigned(c);
                    char[] layer = b == 0 ? dim : bright;
                    layer[at] = DIGITS[b >>> 4];
                    layer[at + 1] = DIGITS[b & 0xf];
                }
            }
        }
        return new TwoTone(new String(bright), new String(dim));
    }

    static TwoTone ascii(Row row, int bytesPerRow) {
        char[] bright = blank(bytesPerRow);
        char[] dim = blank(bytesPerRow);
        for (int c = 0; c < row.count(); c++) {
            switch (row.state()) {
                case PENDING -> dim[c] = PENDING_CHAR;
                case FAILED -> bright[c] = FAILED_CHAR;
                case LOADED -> {
                    int b = row.unsigned(c);
                    if (isPrintable(b)) {
                        bright[c] = (char) b;
                    } else {
                        dim[c] = '.';
                    }
                }
            }
        }
        return new TwoTone(new String(bright), new String(dim));
    }

    /** The whole row as one line, e.g. {@code "0010  45 52 ...  ER.."}, without trailing blanks. */
    static String text(Row row, int offsetDigits, int bytesPerRow) {
        String line = offset(row.offset(), offsetDigits) + "  " + hex(row, bytesPerRow).whole() + "  "
                + ascii(row, bytesPerRow).whole();
        return line.stripTrailing();
    }

    static boolean isPrintable(int unsignedByte) {
        return unsignedByte >= 0x20 && unsignedByte < 0x7f;
    }

    private static char[] blank(int length) {
        char[] chars = new char[length];
        java.util.Arrays.fill(chars, ' ');
        return chars;
    }

    private static void put(char[] target, int at, String text) {
        text.getChars(0, text.length(), target, at);
    }
}

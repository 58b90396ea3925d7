package erofsbrowser.app.hex;

import java.nio.charset.StandardCharsets;

/** Turns what the user typed in a find field into the bytes to look for. */
public final class SearchPatterns {

    private SearchPatterns() {
    }

    /**
     * Hex digits, with or without separators: {@code "e2 e1 f5 e0"}, {@code "e2e1f5e0"},
     * {@code "E2:E1-F5,E0"}, {@code "0xe2 0xe1"}.
     *
     * @throws IllegalArgumentException for a non-hex character, an odd number of digits or nothing
     */
    public static byte[] fromHex(String text) {
        String digits = text.replaceAll("0[xX]([0-9a-fA-F])", "$1").replaceAll("[\\s:,;_-]", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("no hex digits in \"" + text + "\"");
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits in \"" + text + "\" (every byte needs two)");
        }
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = Character.digit(digits.charAt(2 * i), 16);
            int low = Character.digit(digits.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("not a hex digit in \"" + text + "\": \""
                        + digits.substring(2 * i, 2 * i + 2) + "\"");
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    /** The UTF-8 bytes of {@code text}, as file names and strings are stored in EROFS. */
    public static byte[] fromText(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty search text");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.util.Arrays;

/**
 * Small reads that go straight to the file. {@link ImageSource} serves reads under 4 KiB from a
 * chunk cache whose first use allocates a 2 MiB slab, and page faults cost tens of microseconds
 * here: for the handful of small reads opening an APEX makes on the zip and the payload (local
 * headers, the footer, the superblock magic), that would cost more than the reads. So they read a
 * 4 KiB window around what they need, which goes to the file.
 */
final class DirectReads {
    static final int WINDOW = 4096;

    private DirectReads() {
    }

    /** {@code length} bytes at {@code position}, as {@link ImageSource#read} gives them. */
    static byte[] read(ImageSource source, long position, int length) throws ImageException {
        if (length >= WINDOW || source.length() < WINDOW || position < 0 || length < 0
                || position > source.length() - length) {
            return source.read(position, length); // large, tiny source, or out of range: its own error
        }
        long start = Math.min(position, source.length() - WINDOW);
        byte[] window = source.read(start, WINDOW);
        int from = (int) (position - start);
        return Arrays.copyOfRange(window, from, from + length);
    }
}

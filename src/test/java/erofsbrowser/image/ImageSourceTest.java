package erofsbrowser.image;

import erofsbrowser.ManyThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ImageSource}: positional reads, small ones through its chunk cache and large ones straight from the file. */
class ImageSourceTest {
    private static final int SIZE = 1 << 20;

    @TempDir
    Path dir;

    private byte[] bytes() {
        byte[] b = new byte[SIZE];
        new Random(7).nextBytes(b);
        return b;
    }

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("image"), content);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void smallAndLargeReadsGiveTheFilesBytes() throws Exception {
        byte[] content = bytes();
        try (ImageSource source = ImageSource.open(file(content))) {
            assertArrayEquals(Arrays.copyOfRange(content, 100, 164), source.read(100, 64));
            assertArrayEquals(Arrays.copyOfRange(content, 4000, 4000 + 300_000), source.read(4000, 300_000));
            assertArrayEquals(Arrays.copyOfRange(content, SIZE - 5000, SIZE), source.read(SIZE - 5000, 5000));
        }
    }

    @Test
    void aSourceAtAnOffsetCountsFromItsStart() throws Exception {
        byte[] content = bytes();
        try (ImageSource source = ImageSource.open(file(content), 4096, 65536)) {
            assertArrayEquals(Arrays.copyOfRange(content, 4096 + 10, 4096 + 20), source.read(10, 10));
            assertArrayEquals(Arrays.copyOfRange(content, 4096, 4096 + 65536), source.read(0, 65536));
        }
    }

    @Test
    void aReadPastTheEndIsAnErrorNamingWhere() throws Exception {
        try (ImageSource source = ImageSource.open(file(bytes()))) {
            ImageException e = assertThrows(ImageException.class, () -> source.read(SIZE - 4096, 8192));
            assertEquals(SIZE - 4096, e.offset());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    /** A cancelled background task is interrupted; it stops between reads, not inside one. */
    @Test
    void anInterruptedThreadStillReadsWholeRangesAndStaysInterrupted() throws Exception {
        byte[] content = bytes();
        try (ImageSource source = ImageSource.open(file(content))) {
            source.read(0, 65536); // a pooled channel exists before the interrupt

            Thread.currentThread().interrupt();
            byte[] large = source.read(8192, 200_000);
            byte[] again = source.read(300_000, 70_000);
            byte[] small = source.read(700_000, 100); // a chunk not read before

            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            assertArrayEquals(Arrays.copyOfRange(content, 8192, 8192 + 200_000), large);
            assertArrayEquals(Arrays.copyOfRange(content, 300_000, 370_000), again);
            assertArrayEquals(Arrays.copyOfRange(content, 700_000, 700_100), small);
            assertArrayEquals(Arrays.copyOfRange(content, 500_000, 600_000), source.read(500_000, 100_000),
                    "reads after the interrupt work as before");
        }
    }

    @Test
    void readsFromManyThreadsAtOnceGetTheirOwnBytes() throws Exception {
        byte[] content = bytes();
        try (ImageSource source = ImageSource.open(file(content))) {
            ManyThreads.run(8, thread -> {
                Random r = new Random(thread);
                for (int i = 0; i < 200; i++) {
                    int len = i % 2 == 0 ? 4096 + r.nextInt(60_000) : 1 + r.nextInt(4095);
                    int pos = r.nextInt(SIZE - len);
                    if (!Arrays.equals(Arrays.copyOfRange(content, pos, pos + len), source.read(pos, len))) {
                        throw new AssertionError("wrong bytes at " + pos + "+" + len);
                    }
                }
            });
        }
    }
}

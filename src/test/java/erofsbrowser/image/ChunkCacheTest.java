package erofsbrowser.image;

import erofsbrowser.ManyThreads;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link ChunkCache}: small reads served from 16 KiB chunks, each read whole once while it stays. */
class ChunkCacheTest {
    private static final int CHUNK = ChunkCache.CHUNK_SIZE;

    /** An image of {@code size} random bytes, and a loader over it that counts its loads. */
    private static final class Image {
        final byte[] bytes;
        final AtomicInteger loads = new AtomicInteger();

        Image(int size) {
            bytes = new byte[size];
            new Random(size).nextBytes(bytes);
        }

        void load(long position, ByteBuffer into) {
            loads.incrementAndGet();
            into.put(bytes, (int) position, into.remaining());
        }

        byte[] range(int position, int len) {
            return Arrays.copyOfRange(bytes, position, position + len);
        }
    }

    private static byte[] read(ChunkCache cache, int position, int len) throws ImageException {
        byte[] b = new byte[len];
        cache.read(position, b, 0, len);
        return b;
    }

    @Test
    void readsInOneChunkLoadItOnce() throws Exception {
        Image image = new Image(10 * CHUNK);
        ChunkCache cache = new ChunkCache(image::load, image.bytes.length);

        assertArrayEquals(image.range(CHUNK + 100, 64), read(cache, CHUNK + 100, 64));
        assertArrayEquals(image.range(CHUNK + 4000, 32), read(cache, CHUNK + 4000, 32));
        assertArrayEquals(image.range(2 * CHUNK - 8, 8), read(cache, 2 * CHUNK - 8, 8));

        assertEquals(1, image.loads.get());
    }

    @Test
    void aReadAcrossTwoChunksJoinsThem() throws Exception {
        Image image = new Image(4 * CHUNK);
        ChunkCache cache = new ChunkCache(image::load, image.bytes.length);

        assertArrayEquals(image.range(3 * CHUNK - 30, 100), read(cache, 3 * CHUNK - 30, 100));
        assertEquals(2, image.loads.get());
    }

    @Test
    void theLastChunkEndsWithTheImage() throws Exception {
        Image image = new Image(3 * CHUNK + 1000);
        ChunkCache cache = new ChunkCache(image::load, image.bytes.length);

        assertArrayEquals(image.range(3 * CHUNK + 900, 100), read(cache, 3 * CHUNK + 900, 100));
    }

    @Test
    void aLoadThatFailsLeavesNoChunkBehind() throws Exception {
        Image image = new Image(4 * CHUNK);
        boolean[] fail = {false};
        ChunkCache cache = new ChunkCache((position, into) -> {
            if (fail[0]) {
                fail[0] = false;
                into.put(new byte[into.remaining() / 2]); // half-written, as by a read that failed midway
                throw new ImageException("cannot read", position);
            }
            image.load(position, into);
        }, image.bytes.length, 1);

        read(cache, 10, 10);                 // chunk 0 in the one slot
        fail[0] = true;
        assertThrows(ImageException.class, () -> read(cache, CHUNK + 10, 10)); // chunk 1 fails over it

        assertArrayEquals(image.range(10, 10), read(cache, 10, 10), "chunk 0 again, not what the failure left");
        assertArrayEquals(image.range(CHUNK + 10, 10), read(cache, CHUNK + 10, 10));
    }

    /** Three slots for 64 chunks: chunks keep taking each other's slots while threads read. */
    @Test
    void manyThreadsReadingThroughFewSlotsGetTheirOwnBytes() throws Exception {
        Image image = new Image(64 * CHUNK);
        ChunkCache cache = new ChunkCache(image::load, image.bytes.length, 3);
        ManyThreads.run(8, thread -> {
            Random r = new Random(thread);
            for (int i = 0; i < 20_000; i++) {
                int len = 1 + r.nextInt(4095);
                int pos = r.nextInt(image.bytes.length - len);
                if (!Arrays.equals(image.range(pos, len), read(cache, pos, len))) {
                    throw new AssertionError("wrong bytes at " + pos + "+" + len);
                }
            }
        });
    }
}

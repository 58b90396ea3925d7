package erofsbrowser.erofs;

import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.Fixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One opened image serves many threads at once: reads running in parallel, sharing one small
 * pcluster cache that keeps evicting, return exactly the bytes a single-threaded read returns.
 * And a read decompresses only the pclusters that cover the range it asks for.
 */
class ConcurrentReadTest {
    private static final int THREADS = 8;
    private static final int READS_PER_THREAD = 2000;
    private static final String TEXT = "/text-70k.txt";

    /** A regular file, its data object (shared by all threads) and its whole content, read single-threaded. */
    private record File(String path, Inode inode, FileData shared, byte[] content) {
    }

    /**
     * Small caches (ErofsImage.open(ImageSource, devices, cacheBytes)):
     * lz4hc-big-pcluster decompresses to 237 KB (one pcluster of 98 KB, too big to keep) against
     * 96 KB; lz4hc-fragments has pclusters and file tails in the packed inode, against 64 KB;
     * in zstd-big every file is a fragment of the packed inode, one 208 KB zstd pcluster shared by
     * all files (fragments and dedupe): 256 KB keeps it for all threads, 128 KB cannot, so every
     * read decodes it anew. Only with 256 KB does everything fit.
     */
    @ParameterizedTest(name = "{0} with a {1} KiB cache")
    @CsvSource({"lz4hc-big-pcluster, 96, false", "lz4hc-fragments, 64, false", "zstd-big, 256, true",
            "zstd-big, 128, false"})
    void parallelRandomReadsReturnWhatASingleThreadedReadReturns(String name, int cacheKib, boolean allFits)
            throws Exception {
        Fixture fixture = Fixture.mini(name);
        long cacheBytes = cacheKib * 1024L;
        try (ErofsImage image = ErofsImage.open(ImageSource.open(fixture.image(), fixture.offset()), List.of(),
                cacheBytes)) {
            List<File> files = filesReadSingleThreaded(image, fixture);
            long total = files.stream().mapToLong(f -> f.content().length).sum();
            assertEquals(allFits, total <= cacheBytes, "the files hold " + total + " bytes");
            List<File> large = files.stream().filter(f -> f.content().length > 4096).toList();
            assertTrue(large.size() >= 3, "several files of more than one block");

            Queue<String> wrong = new ConcurrentLinkedQueue<>();
            int[] reads = assertTimeoutPreemptively(Duration.ofSeconds(120),
                    () -> readInParallel(image, files, large, wrong), "parallel reads must not hang");

            assertTrue(wrong.isEmpty(), wrong.size() + " reads returned wrong bytes, e.g.:\n"
                    + String.join("\n", wrong.stream().limit(10).toList()));
            assertEquals(THREADS * READS_PER_THREAD, Arrays.stream(reads).sum(), "every read ran");
            assertTrue(image.pclusterCache().size() <= cacheBytes, "the cache keeps to its bound");
        }
    }

    /** Every regular file with content, read whole on this thread and checked against the kernel's listing. */
    private static List<File> filesReadSingleThreaded(ErofsImage image, Fixture fixture) throws Exception {
        Map<String, String> digests = KernelDigests.of(fixture);
        List<File> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        image.walkEntries(image.root(), e -> {
            if (e.type() != FileType.FILE) {
                return;
            }
            FileData data = image.data(e.inode());
            byte[] content = data.readFully(0, (int) data.size());
            String expected = digests.get(e.pathString());
            assertNotNull(expected, e.pathString() + " is in the kernel's listing");
            assertEquals(expected, KernelDigests.sha256(content), e.pathString() + " reads as the kernel listed it");
            seen.add(e.pathString());
            if (content.length > 0) {
                files.add(new File(e.pathString(), e.inode(), data, content));
            }
        });
        assertEquals(digests.keySet(), seen, "every regular file of the listing was read");
        return files;
    }

    /** THREADS threads, started together, each doing READS_PER_THREAD random reads; returns reads done per thread. */
    private static int[] readInParallel(ErofsImage image, List<File> files, List<File> large, Queue<String> wrong)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1000L + t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    start.await();
                    int count = 0;
                    for (int i = 0; i < READS_PER_THREAD; i++) {
                        // Half the reads go to multi-block files, where pclusters and fragments are.
                        List<File> from = random.nextBoolean() ? large : files;
                        File f = from.get(random.nextInt(from.size()));
                        String problem = readAndCompare(image, f, random);
                        if (problem != null) {
                            wrong.add(problem);
                        }
                        count++;
                    }
                    return count;
                }));
            }
            int[] reads = new int[THREADS];
            for (int t = 0; t < THREADS; t++) {
                reads[t] = done.get(t).get();
            }
            return reads;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One random read of {@code f}: null when it returns the right slice, else what went wrong. */
    private static String readAndCompare(ErofsImage image, File f, Random random) throws ImageException {
        byte[] whole = f.content();
        int position = random.nextInt(whole.length);
        int length = switch (random.nextInt(3)) {
            case 0 -> 1 + random.nextInt(64);
            case 1 -> 1 + random.nextInt(16384);
            default -> whole.length - position + random.nextInt(100); // to the end, asking for more
        };
        int off = random.nextInt(8);
        byte[] dst = new byte[off + length];
        // Threads share each file's data object, or make their own: both must be safe.
        FileData data = random.nextBoolean() ? f.shared() : image.data(f.inode());
        int n = data.read(position, dst, off, length);
        int expected = Math.min(length, whole.length - position);
        if (n != expected) {
            return f.path() + " at " + position + "+" + length + ": read " + n + " bytes, not " + expected;
        }
        if (!Arrays.equals(dst, off, off + n, whole, position, position + n)) {
            return f.path() + " at " + position + "+" + length + ": wrong bytes";
        }
        return null;
    }

    /**
     * /text-70k.txt is stored in several pclusters here. Reading 200 bytes near its end
     * decompresses only the last one; 200 bytes across a pcluster boundary only those two. The
     * (package-private) pcluster cache shows what was decompressed: it keeps every decoded extent.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lz4", "lz4-legacy", "deflate", "zstd"})
    void aReadDecompressesOnlyThePclustersCoveringIt(String name) throws Exception {
        Fixture fixture = Fixture.mini(name);
        byte[] whole;
        try (ErofsImage image = fixture.open()) {
            FileData data = image.data(image.lookup(TEXT).inode());
            whole = data.readFully(0, (int) data.size());
        }
        try (ErofsImage image = fixture.open()) {
            FileData data = image.data(image.lookup(TEXT).inode());
            List<DataExtent> extents = data.extents();
            assertTrue(extents.size() >= 5, TEXT + " has several pclusters: " + extents);
            assertTrue(extents.stream().allMatch(DataExtent::isCompressed), "all compressed: " + extents);
            long size = data.size();
            assertEquals(0, image.pclusterCache().size(), "nothing decompressed yet");

            long nearEnd = size - 300;
            assertArrayEquals(Arrays.copyOfRange(whole, (int) nearEnd, (int) nearEnd + 200), data.readFully(nearEnd, 200));
            long decoded = image.pclusterCache().size();
            assertEquals(covering(extents, nearEnd, 200), decoded, "only the last pcluster was decompressed");
            assertTrue(decoded < size / 4, decoded + " of " + size + " bytes decompressed");

            data.readFully(nearEnd + 50, 100);
            assertEquals(decoded, image.pclusterCache().size(), "reading there again decompresses nothing more");

            long boundary = extents.get(2).logicalOffset();
            assertArrayEquals(Arrays.copyOfRange(whole, (int) boundary - 100, (int) boundary + 100),
                    data.readFully(boundary - 100, 200));
            long across = covering(extents, boundary - 100, 200);
            assertEquals(extents.get(1).length() + extents.get(2).length(), across);
            assertEquals(decoded + across, image.pclusterCache().size(),
                    "a read across a pcluster boundary decompresses just those two pclusters");
        }
    }

    /** The decompressed length of the extents that overlap {@code [position, position + length)}. */
    private static long covering(List<DataExtent> extents, long position, int length) {
        return extents.stream()
                .filter(x -> x.logicalOffset() < position + length && x.logicalEnd() > position)
                .mapToLong(DataExtent::length)
                .sum();
    }
}

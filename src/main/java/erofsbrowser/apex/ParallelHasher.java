package erofsbrowser.apex;

import erofsbrowser.image.ImageException;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Hashes the blocks of a run of bytes with dm-verity's salted digest, H(salt || block), on several
 * threads: each takes the next chunk of blocks (1 MiB), reads it with one positional read and
 * hashes it with a digest of its own. The calling thread waits, reports progress and watches for
 * cancellation. Either compares each digest with the stored one, or collects them into a level
 * of the tree.
 */
final class ParallelHasher {
    static final int CHUNK_BYTES = 1 << 20;
    private static final long REPORT_MILLIS = 100;

    /** Where the blocks are read from: the payload, or a level computed in memory. */
    @FunctionalInterface
    interface Bytes {
        void readFully(long position, byte[] dst, int off, int len) throws ImageException;
    }

    /** How many digests did not match, and the first {@code limit} block numbers among them, in order. */
    record Mismatches(long count, long[] blocks) {
    }

    /** Counts bytes hashed across calls, for one progress report of a whole verification. */
    static final class Counter {
        private final AtomicLong done = new AtomicLong();
        private final long total;
        private final Progress progress;

        Counter(long total, Progress progress) {
            this.total = total;
            this.progress = progress;
        }

        void add(long bytes) {
            done.addAndGet(bytes);
        }

        void report() {
            progress.update(Math.min(done.get(), total), total);
        }
    }

    private final Bytes source;
    private final String digestName;
    private final int digestSize;
    private final int padded;
    private final byte[] salt;
    private final int threads;
    private final int limit;
    private final Counter counter;
    private final BooleanSupplier cancelled;

    ParallelHasher(Bytes source, String digestName, int digestSize, int padded, byte[] salt, int threads, int limit,
                   Counter counter, BooleanSupplier cancelled) {
        this.source = source;
        this.digestName = digestName;
        this.digestSize = digestSize;
        this.padded = padded;
        this.salt = salt.clone();
        this.threads = Math.max(1, threads);
        this.limit = limit;
        this.counter = counter;
        this.cancelled = cancelled;
    }

    /** What a worker does with the digests of one chunk: blocks {@code first..first+count}, digests at {@code digests[i*padded]}. */
    private interface ChunkSink {
        void accept(long first, int count, byte[] digests) throws ImageException;
    }

    /**
     * Compares the digest of each {@code blockSize}-byte block of {@code [start, start+length)} with
     * the stored digest at {@code stored + i * padded} (read from {@code storedSource}).
     */
    Mismatches compare(long start, long length, int blockSize, Bytes storedSource, long stored) throws ImageException {
        AtomicLong count = new AtomicLong();
        long[] listed = new long[limit];
        AtomicLong listedCount = new AtomicLong();
        run(start, length, blockSize, (first, n, digests) -> {
            byte[] want = new byte[n * padded];
            storedSource.readFully(stored + first * padded, want, 0, want.length);
            for (int i = 0; i < n; i++) {
                if (!Arrays.equals(digests, i * padded, i * padded + digestSize, want, i * padded, i * padded + digestSize)) {
                    count.incrementAndGet();
                    synchronized (listed) {
                        long k = listedCount.get();
                        if (k < limit) {
                            listed[(int) k] = first + i;
                            listedCount.incrementAndGet();
                        }
                    }
                }
            }
        });
        long[] blocks = Arrays.copyOf(listed, (int) Math.min(listedCount.get(), limit));
        Arrays.sort(blocks);
        return new Mismatches(count.get(), blocks);
    }

    /** The digests of the blocks of {@code [start, start+length)}, each padded, in an array of {@code outLength} bytes. */
    byte[] digests(long start, long length, int blockSize, int outLength) throws ImageException {
        byte[] out = new byte[outLength];
        run(start, length, blockSize, (first, n, digests) ->
                System.arraycopy(digests, 0, out, (int) (first * padded), n * padded));
        return out;
    }

    private void run(long start, long length, int blockSize, ChunkSink sink) throws ImageException {
        long blocks = length / blockSize;
        int perChunk = Math.max(1, CHUNK_BYTES / blockSize);
        long chunks = (blocks + perChunk - 1) / perChunk;
        AtomicLong next = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int workers = (int) Math.min(threads, Math.max(1, chunks));
        CountDownLatch finished = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                try {
                    work(start, blocks, blockSize, perChunk, chunks, next, failure, sink);
                } catch (ImageException | RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            }, "hashtree-" + w);
            t.setDaemon(true);
            t.start();
        }
        await(finished, failure);
        Throwable f = failure.get();
        if (f instanceof ImageException e) {
            throw e;
        } else if (f instanceof CancellationException c) {
            throw c;
        } else if (f != null) {
            throw new IllegalStateException("hashing failed: " + f, f);
        }
    }

    private void work(long start, long blocks, int blockSize, int perChunk, long chunks, AtomicLong next,
                      AtomicReference<Throwable> failure, ChunkSink sink) throws ImageException {
        MessageDigest md = newDigest();
        byte[] data = new byte[perChunk * blockSize];
        byte[] digests = new byte[perChunk * padded];
        for (long c = next.getAndIncrement(); c < chunks && failure.get() == null; c = next.getAndIncrement()) {
            long first = c * perChunk;
            int n = (int) Math.min(perChunk, blocks - first);
            source.readFully(start + first * blockSize, data, 0, n * blockSize);
            Arrays.fill(digests, (byte) 0);
            try {
                for (int i = 0; i < n; i++) {
                    md.update(salt);
                    md.update(data, i * blockSize, blockSize);
                    md.digest(digests, i * padded, digestSize);
                }
            } catch (DigestException e) {
                throw new IllegalStateException("a digest buffer sized for the digest", e);
            }
            sink.accept(first, n, digests);
            counter.add((long) n * blockSize);
        }
    }

    /** Waits for the workers, reporting progress; on cancellation (or an interrupt) stops them and throws. */
    private void await(CountDownLatch finished, AtomicReference<Throwable> failure) {
        boolean interrupted = false;
        while (true) {
            try {
                if (finished.await(REPORT_MILLIS, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            counter.report();
            if (interrupted || cancelled.getAsBoolean()) {
                failure.compareAndSet(null, new CancellationException("cancelled"));
            }
        }
        counter.report();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(digestName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + digestName, e);
        }
    }
}

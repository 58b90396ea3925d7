package erofsbrowser.cli;

import erofsbrowser.core.Entry;
import erofsbrowser.core.ErofsException;
import erofsbrowser.core.ErofsImage;
import erofsbrowser.core.FileData;
import erofsbrowser.core.FileType;
import erofsbrowser.core.NidSet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code check [--threads N] IMAGE}: reads (decompresses) every file, symlink and directory and
 * writes nothing, as {@code fsck.erofs} does; the first unreadable entry fails the check.
 */
final class CheckCommand implements Cli.Command {
    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public String usage() {
        return "check [--threads N] IMAGE";
    }

    /** Files handed to a reading thread at once: a task per file costs more than most files. */
    private static final int BATCH_FILES = 64;
    private static final long BATCH_BYTES = 4L << 20;

    @Override
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ErofsException {
        image.prepareDecoders();
        NidSet seen = new NidSet();
        long[] counts = new long[2]; // entries, files
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(args.threads());
        // The walk outruns decompression: bound the batches waiting, so that the found entries
        // do not pile up in the heap (and make every garbage collection copy them).
        Semaphore waiting = new Semaphore(16 * args.threads());
        List<Future<?>> reads = new ArrayList<>();
        try {
            // Files are read while the walk goes on, so that decompression starts at once.
            List<Entry> batch = new ArrayList<>();
            long[] batchBytes = {0};
            image.walk(image.root(), e -> {
                counts[0]++;
                if (e.type() == FileType.FILE && seen.add(e.nid())) {
                    counts[1]++;
                    batch.add(e);
                    batchBytes[0] += e.inode().size();
                    if (batch.size() >= BATCH_FILES || batchBytes[0] >= BATCH_BYTES) {
                        reads.add(submit(pool, waiting, image, List.copyOf(batch), bytes));
                        batch.clear();
                        batchBytes[0] = 0;
                    }
                } else if (e.type() == FileType.SYMLINK) {
                    image.symlinkTarget(e.inode());
                }
            });
            reads.add(submit(pool, waiting, image, List.copyOf(batch), bytes));
            for (Future<?> r : reads) {
                r.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErofsException("check interrupted", 0);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErofsException ee) {
                throw ee;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            reads.forEach(r -> r.cancel(true));
            pool.shutdownNow();
        }
        // Not printf: the Formatter's first use costs 10 to 20 ms, at the very end of the run.
        out.println("ok: " + counts[0] + " entries, " + counts[1] + " files, " + bytes.get() + " bytes of file data read");
        return Cli.OK;
    }

    private static Future<?> submit(ExecutorService pool, Semaphore waiting, ErofsImage image, List<Entry> files,
                                    AtomicLong bytes) throws ErofsException {
        try {
            waiting.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErofsException("check interrupted", 0);
        }
        return pool.submit(() -> {
            try {
                for (Entry f : files) {
                    bytes.addAndGet(readAll(image, f));
                }
                return null;
            } finally {
                waiting.release();
            }
        });
    }

    private static long readAll(ErofsImage image, Entry file) throws ErofsException {
        try {
            FileData data = image.data(file.inode());
            long[] total = {0};
            data.transferTo((b, off, len) -> total[0] += len);
            return total[0];
        } catch (ErofsException e) {
            throw e.atPath(file.pathString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("counting does no I/O", e);
        }
    }
}

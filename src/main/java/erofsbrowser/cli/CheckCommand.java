package erofsbrowser.cli;

import erofsbrowser.core.Entry;
import erofsbrowser.core.ErofsException;
import erofsbrowser.core.ErofsImage;
import erofsbrowser.core.FileData;
import erofsbrowser.core.FileType;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Override
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ErofsException {
        List<Entry> files = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long[] entries = {0};
        image.walk(image.root(), e -> {
            entries[0]++;
            if (e.type() == FileType.FILE && seen.add(e.nid())) {
                files.add(e);
            } else if (e.type() == FileType.SYMLINK) {
                image.symlinkTarget(e.inode());
            }
        });
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(args.threads());
        try {
            List<Future<?>> reads = new ArrayList<>(files.size());
            for (Entry f : files) {
                reads.add(pool.submit(() -> {
                    bytes.addAndGet(readAll(image, f));
                    return null;
                }));
            }
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
            pool.shutdownNow();
        }
        out.printf("ok: %d entries, %d files, %d bytes of file data read%n", entries[0], files.size(), bytes.get());
        return Cli.OK;
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

package erofsbrowser.cli;

import erofsbrowser.erofs.Entry;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.image.FileType;
import erofsbrowser.image.InodeSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code check [--threads N] IMAGE}: reads (decompresses) every file, symlink and directory and
 * writes nothing, as {@code fsck.erofs} does. It fails on the bad entry that comes first in walk
 * order ({@link Entry#WALK_ORDER}), however the threads share the work: a rerun names the same one.
 * A directory is bad when it cannot be listed (its dirents, or an inode they point at) or when it
 * is reached a second time; a file or symlink when its data cannot be read.
 */
final class CheckCommand implements Cli.Command {
    private static final CommandSpec SPEC = new CommandSpec("check",
            "reads and decompresses every file, writes nothing",
            List.of("Reads every directory, symlink and file of the image, decompressing all of it, and writes "
                    + "nothing, as fsck.erofs does. It stops at the first bad entry in walk order (depth first, "
                    + "names in order), whatever the number of threads, so a rerun names the same one: what is "
                    + "wrong, at which byte offset, nid and path. A directory reached a second time (a loop) is "
                    + "bad. Hard links are read once.",
                    "With --json: one JSON object (keys under JSON OUTPUT in erofs(1)), also when the image is "
                            + "bad; the message on standard error and the exit status are the same."),
            CommonOptions.forImage(CommonOptions.THREADS, CommonOptions.JSON, CommonOptions.STRICT),
            List.of(CommonOptions.IMAGE),
            List.of(CommonOptions.SUCCESS, new CommandSpec.ExitStatus(Cli.BAD_IMAGE,
                    "an entry cannot be read (the message names it), or IMAGE cannot be read or is not EROFS"),
                    CommonOptions.USAGE),
            List.of(new CommandSpec.Example("check system.img", "reads everything; exit status 0 when all is readable"),
                    new CommandSpec.Example("check --threads 1 --json system.img", "on one thread, as JSON")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    /** Files read by one task: a task per file costs more than most files. */
    private static final int BATCH_FILES = 64;
    private static final long BATCH_BYTES = 4L << 20;

    @Override
    public int run(FileSystemImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        boolean json = args.has(CommonOptions.JSON.longName());
        FaultReport faults = new FaultReport(err, "check", args, image);
        long entries;
        long files;
        long bytes;
        if (image instanceof ErofsImage erofs) {
            erofs.prepareDecoders();
            Check check = new Check(erofs, args.threads());
            try {
                check.run();
            } catch (ImageException e) {
                if (faults.strict()) {
                    if (json) {
                        failureJson(e).writeLine(out);
                    }
                    throw e;
                }
                // A damaged image: walked again, in order, for every fault past the first.
                ModelCheck all = new ModelCheck();
                all.run(image, faults);
                if (faults.count() == 0) {
                    faults.fault(new erofsbrowser.image.Fault(null, e));
                }
                if (json) {
                    failureJson(e).writeLine(out);
                    return Cli.BAD_IMAGE;
                }
                out.println(summary(faults, all.entries, all.files, all.bytes));
                return Cli.BAD_IMAGE;
            }
            entries = check.entries.sum();
            files = check.files.sum();
            bytes = check.bytes.sum();
        } else {
            ModelCheck check = new ModelCheck();
            try {
                check.run(image, faults);
            } catch (ImageException e) {
                if (json) {
                    failureJson(e).writeLine(out);
                }
                throw e;
            }
            entries = check.entries;
            files = check.files;
            bytes = check.bytes;
        }
        if (json) {
            new Json().beginObject().key("ok").value(faults.count() == 0)
                    .key("entries").value(entries).key("files").value(files)
                    .key("bytes").value(bytes)
                    .key("problem").nullValue().key("offset").nullValue().key("nid").nullValue().key("path").nullValue()
                    .endObject().writeLine(out);
            return faults.status();
        }
        out.println(summary(faults, entries, files, bytes));
        return faults.status();
    }

    /** Not printf: the Formatter's first use costs 10 to 20 ms, at the very end of the run. */
    private static String summary(FaultReport faults, long entries, long files, long bytes) {
        return (faults.count() == 0 ? "ok: " : faults.count() + (faults.count() == 1 ? " fault; " : " faults; "))
                + entries + " entries, " + files + " files, " + bytes + " bytes of file data read";
    }

    /** The keys of a successful check, with null counts, and the problem where a success has null. */
    private static Json failureJson(ImageException e) {
        Json j = new Json().beginObject().key("ok").value(false)
                .key("entries").nullValue().key("files").nullValue().key("bytes").nullValue()
                .key("problem").value(e.problem()).key("offset").value(e.offset()).key("nid");
        if (e.nid().isPresent()) {
            j.unsigned(e.nid().getAsLong());
        } else {
            j.nullValue();
        }
        return j.key("path").value(e.path().orElse(null)).endObject();
    }

    /**
     * One check. Listing a directory and reading a batch of files are both tasks for the threads,
     * taken in walk order. The walk is no single thread's job that the others wait for (through a
     * tree of small files, listing is slower than reading), and the tasks waiting are those a
     * depth-first walk would hold on its stack.
     */
    private static final class Check {
        private final ErofsImage image;
        private final ThreadPoolExecutor threads;
        final LongAdder entries = new LongAdder();
        final LongAdder files = new LongAdder();
        final LongAdder bytes = new LongAdder();
        /** Regular files read or being read, by nid: hard links are read once. Guarded by itself. */
        private final InodeSet filesClaimed = new InodeSet();
        /** Of each file with several links, the path of its link first in walk order so far. Guarded by filesClaimed. */
        private final Map<Long, byte[]> firstLinks = new HashMap<>();
        /**
         * Of each directory, the path first in walk order that reaches it so far. Guarded by itself.
         * Paths, not entries: a tree may hold a great many directories.
         */
        private final Map<Long, byte[]> directoriesReached = new HashMap<>();
        private final AtomicInteger unfinished = new AtomicInteger();
        private final CountDownLatch finished = new CountDownLatch(1);
        /**
         * The failure first in walk order so far. Written under this, read without: each task and
         * file looks at it, and a lock taken that often costs more than the reads it guards.
         */
        private volatile Failure first;
        /** Files with several links that failed, by nid: read from one link, they are bad at the first. Guarded by this. */
        private final Map<Long, ImageException> linkedFileFailures = new HashMap<>();
        private RuntimeException bug; // guarded by this

        /**
         * @param path       where in the walk, as {@link Entry#path()} gives it
         * @param whenReached a directory reached a second time, found before listing it: the walk
         *                   checks that first, so at one path this failure comes before the listing's
         */
        private record Failure(byte[] path, boolean whenReached, ImageException problem) {
            boolean comesBefore(Failure other) {
                if (other == null) {
                    return true;
                }
                int order = Entry.compareInWalkOrder(path, other.path);
                return order != 0 ? order < 0 : whenReached && !other.whenReached;
            }

            ImageException located() {
                return problem.atPath(new String(path, StandardCharsets.UTF_8));
            }
        }

        Check(ErofsImage image, int threadCount) {
            this.image = image;
            this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.SECONDS,
                    new PriorityBlockingQueue<>());
        }

        void run() throws ImageException {
            Entry root = image.root();
            entries.increment();
            directoriesReached.put(root.nid(), root.path());
            submit(new ListDirectory(root));
            // The second thread starts here, while the first lists the root, rather than in that
            // listing: starting a thread costs milliseconds, and nothing else runs yet.
            threads.prestartAllCoreThreads();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageException("check interrupted", 0);
            } finally {
                threads.shutdownNow();
            }
            synchronized (this) {
                if (bug != null) {
                    throw new IllegalStateException("check failed unexpectedly", bug);
                }
                Failure result = first;
                for (Map.Entry<Long, ImageException> f : linkedFileFailures.entrySet()) {
                    byte[] firstLink;
                    synchronized (filesClaimed) {
                        firstLink = firstLinks.get(f.getKey());
                    }
                    Failure atFirstLink = new Failure(firstLink, false, f.getValue());
                    if (atFirstLink.comesBefore(result)) {
                        result = atFirstLink;
                    }
                }
                if (result != null) {
                    throw result.located();
                }
            }
        }

        private void submit(Task task) {
            unfinished.incrementAndGet();
            threads.execute(task);
        }

        private void fail(Entry at, ImageException problem) {
            if (at.type() == FileType.FILE && at.inode().nlink() > 1) {
                synchronized (this) {
                    linkedFileFailures.putIfAbsent(at.nid(), problem);
                }
            }
            fail(new Failure(at.path(), false, problem));
        }

        private synchronized void fail(Failure f) {
            if (f.comesBefore(first)) {
                first = f;
            }
        }

        /** Whether a failure is known before {@code e}: then nothing at {@code e} can come first. */
        private boolean pastAFailure(Entry e) {
            Failure known = first;
            return known != null && Entry.compareInWalkOrder(e.path(), known.path()) > 0;
        }

        /** Whether {@code file} is the first of its links to be read; all of them are counted as one. */
        private boolean claimFile(Entry file) {
            synchronized (filesClaimed) {
                if (file.inode().nlink() > 1) {
                    firstLinks.merge(file.nid(), file.path(), (a, b) -> Entry.compareInWalkOrder(a, b) <= 0 ? a : b);
                }
                return filesClaimed.add(file.nid());
            }
        }

        /**
         * Lists {@code dir} from here, unless a walk reaches it a second time here. A directory
         * reached twice is a loop, bad where the walk reaches it second: here, or where it was
         * reached before in time but after in walk order. Then it is listed from here as well.
         * Both listings cannot succeed: a directory's ".." names one parent, and two names for it
         * in one directory are reached in walk order. So nothing under it is read twice.
         */
        private void reachDirectory(Entry dir) {
            byte[] here = dir.path();
            byte[] before;
            synchronized (directoriesReached) {
                before = directoriesReached.putIfAbsent(dir.nid(), here);
                if (before != null && Entry.compareInWalkOrder(here, before) < 0) {
                    directoriesReached.put(dir.nid(), here);
                }
            }
            if (before == null) {
                submit(new ListDirectory(dir));
                return;
            }
            boolean hereFirst = Entry.compareInWalkOrder(here, before) < 0;
            byte[] second = hereFirst ? before : here;
            fail(new Failure(second, true, ErofsImage.directoryLoop(dir.inode(), new String(second, StandardCharsets.UTF_8))));
            if (hereFirst) {
                submit(new ListDirectory(dir));
            }
        }

        /** A part of the walk, run in walk order of its first entry. */
        private abstract class Task implements Runnable, Comparable<Task> {
            final Entry first;

            Task(Entry first) {
                this.first = first;
            }

            @Override
            public final int compareTo(Task other) {
                return Entry.WALK_ORDER.compare(first, other.first);
            }

            @Override
            public final void run() {
                try {
                    if (!pastAFailure(first)) {
                        work();
                    }
                } catch (RuntimeException e) {
                    synchronized (Check.this) {
                        if (bug == null) {
                            bug = e;
                        }
                    }
                } finally {
                    if (unfinished.decrementAndGet() == 0) {
                        finished.countDown();
                    }
                }
            }

            abstract void work();
        }

        /** Lists a directory: its subdirectories and its files in batches become tasks, symlinks are read here. */
        private final class ListDirectory extends Task {
            ListDirectory(Entry dir) {
                super(dir);
            }

            @Override
            void work() {
                List<Entry> children;
                try {
                    children = image.children(first);
                } catch (ImageException e) {
                    fail(first, e);
                    return;
                }
                List<Entry> batch = new ArrayList<>();
                long batchBytes = 0;
                for (Entry e : children) {
                    entries.increment();
                    switch (e.type()) {
                        case DIR -> reachDirectory(e);
                        case FILE -> {
                            if (claimFile(e)) {
                                files.increment();
                                batch.add(e);
                                batchBytes += e.inode().size();
                                if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
                                    submit(new ReadFiles(List.copyOf(batch)));
                                    batch.clear();
                                    batchBytes = 0;
                                }
                            }
                        }
                        case SYMLINK -> {
                            try {
                                image.symlinkTarget(e.inode());
                            } catch (ImageException x) {
                                fail(e, x);
                            }
                        }
                        default -> {
                            // devices, fifos and sockets have no data
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    submit(new ReadFiles(List.copyOf(batch)));
                }
            }
        }

        /** Reads files of one directory to their ends, in walk order. */
        private final class ReadFiles extends Task {
            private final List<Entry> batch;

            ReadFiles(List<Entry> batch) {
                super(batch.get(0));
                this.batch = batch;
            }

            @Override
            void work() {
                for (Entry file : batch) {
                    if (pastAFailure(file)) {
                        return;
                    }
                    try {
                        bytes.add(readAll(file));
                    } catch (ImageException e) {
                        fail(file, e);
                    }
                }
            }

            private long readAll(Entry file) throws ImageException {
                FileData data = image.data(file.inode());
                long[] total = {0};
                try {
                    data.transferTo((b, off, len) -> total[0] += len);
                } catch (IOException e) {
                    throw new IllegalStateException("counting does no I/O", e);
                }
                return total[0];
            }
        }
    }
}

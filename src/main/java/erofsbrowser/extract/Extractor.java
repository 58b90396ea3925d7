package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import erofsbrowser.image.Fault;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.InodeSet;
import erofsbrowser.image.Node;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes entries of an image, of any format, into a folder: content (holes kept as holes),
 * directories, symlinks, hard links, permissions, mtimes; owners and device nodes when running as
 * root; extended attributes where the target filesystem takes them.
 *
 * <p>It never writes outside the destination: every path it writes is the destination plus names
 * checked here ({@link Names}: no {@code /}, no NUL, no {@code .} or {@code ..}), files are
 * created with O_EXCL (never through an existing file or symlink), and existing directories are
 * reused only when they are real directories. An existing file is replaced only when the options
 * say so (the app asks; the command line's --overwrite): the new entry is made beside it and
 * renamed over it ({@link Placement}), never written through it, and never over a folder;
 * otherwise it is skipped and reported, or kept beside the new one. A file that fails half-way is
 * removed (a replaced one then stays as it was).
 */
public final class Extractor {
    /** File writes are handed to the threads in batches of this many files or bytes. */
    private static final int BATCH_FILES = 64;
    private static final long BATCH_BYTES = 4L << 20;

    private final FileSystemImage image;
    private final Path destination;
    private final ExtractionOptions options;
    private final int threads;
    private final Tally tally;
    private final Host host;
    private final ExistingEntries existing;
    private final MetadataWriter metadata;
    private final ContentWriter contents;
    private final Map<Long, Path> firstLinkOfInode = new HashMap<>();
    private final List<Runnable> pendingLinks = new ArrayList<>();
    private final List<MadeDirectory> directories = new ArrayList<>();
    private final InodeSet visitedDirectories = new InodeSet();
    private final List<Future<?>> fileWrites = new ArrayList<>();
    private List<Runnable> batch = new ArrayList<>();
    private long batchBytes;
    /** Folders that existed and were written into (DEST itself included): counted in entries, but not made. */
    private long foldersReused;
    private ExecutorService pool;
    /** Whether {@link #extract} made the destination folder: the root's metadata is then set on it. */
    private boolean destinationMadeHere;

    /**
     * A folder written, for its metadata once everything in it is. {@code asCreated}: this
     * extraction made it, in a folder it made too, so its owner and mode are those of creation.
     */
    private record MadeDirectory(Node node, Path target, boolean asCreated) {
    }

    /** An extractor that writes regular files on {@code threads} threads (decompression runs in them). */
    public Extractor(FileSystemImage image, Path destination, int threads) {
        this(image, destination, ExtractionOptions.defaults(threads));
    }

    public Extractor(FileSystemImage image, Path destination, ExtractionOptions options) {
        this.image = image;
        this.destination = destination;
        this.options = options;
        this.threads = Math.max(1, options.threads());
        this.tally = new Tally(options);
        this.host = new Host(destination);
        this.existing = new ExistingEntries(options, tally.skipped());
        this.metadata = new MetadataWriter(image, host, tally);
        this.contents = new ContentWriter(image, host, metadata, existing, tally);
    }

    public Extractor(FileSystemImage image, Path destination) {
        this(image, destination, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Extracts each entry (with everything below it) as {@code destination/NAME}; the root of
     * the image is extracted as the destination itself (its content, not a folder named "/").
     * The destination keeps its own owner, mode, mtime and xattrs (it may be a folder the user
     * chose, such as their home), unless this extraction made it: then it is the image root's
     * folder, and takes the root's, as {@code fsck.erofs --extract} gives them.
     * Directories are made in walk order; file contents are read and written in parallel;
     * hard links and directory metadata follow once every file is written.
     */
    public ExtractionReport extract(List<? extends Node> selection) throws ImageException, IOException {
        destinationMadeHere = !Files.exists(destination, LinkOption.NOFOLLOW_LINKS);
        Files.createDirectories(destination);
        // The chosen folder may itself be a symlink (~/Downloads -> /data/dl): resolve it once;
        // below it, nothing is ever followed.
        if (!Files.isDirectory(destination.toRealPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(destination + " is not a directory");
        }
        if (tally.wantsProgress()) {
            countTotals(selection);
        }
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "extract");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Node node : selection) {
                String name = node.isRoot() ? "" : Names.safeName(node, destination, tally);
                if (name != null) {
                    visitedDirectories.clear();
                    write(node, node.isRoot() ? destination : destination.resolve(name), false);
                }
            }
            submitBatch();
            awaitFileWrites();
        } catch (CancellationException e) {
            fileWrites.forEach(f -> f.cancel(true));
            return report(true);
        } finally {
            pool.shutdownNow();
            // After a failure or a cancel, writes already running must end (and remove their partial
            // files) before we return: nothing may touch DEST later. So wait even when interrupted.
            boolean interrupted = Thread.interrupted();
            while (!pool.isTerminated()) {
                try {
                    pool.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Runnable link : pendingLinks) {
            link.run();
        }
        // Deepest first: a read-only mode would stop the children, and adding them changes the mtime.
        for (int i = directories.size() - 1; i >= 0; i--) {
            MadeDirectory d = directories.get(i);
            boolean exact = d.asCreated() && host.creationExact();
            metadata.apply(d.node(), d.target(), MetadataWriter.NO_FD, host.ownedAtCreation(d.node(), exact),
                    exact && d.node().permissions() == (0777 & ~host.self().umask())); // Files.createDirectory asks 0777
        }
        return report(false);
    }

    private ExtractionReport report(boolean cancelled) {
        return new ExtractionReport(tally.entries(), tally.bytes(), List.copyOf(tally.skipped()), cancelled,
                cancelled ? tally.current() : null, foldersReused, existing.replaced(), List.copyOf(tally.faults()),
                List.copyOf(tally.refused()));
    }

    private void countTotals(List<? extends Node> selection) throws ImageException {
        InodeSet files = new InodeSet();
        long[] totals = new long[2];
        for (Node node : selection) {
            image.walk(node, n -> {
                tally.checkCancelled();
                totals[0]++;
                if (n.type() == FileType.FILE && files.add(n.inodeNumber())) {
                    totals[1] += n.size();
                }
            });
        }
        tally.totals(totals[0], totals[1]);
    }

    private void awaitFileWrites() throws ImageException, IOException {
        for (Future<?> f : fileWrites) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("extraction interrupted");
            } catch (ExecutionException e) {
                for (Future<?> other : fileWrites) {
                    other.cancel(true);
                }
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedWrite w) {
                    if (w.getCause() instanceof ImageException ee) {
                        throw ee;
                    }
                    throw (IOException) w.getCause();
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    /** Carries a checked failure of a file write out of its task. */
    private static final class UncheckedWrite extends RuntimeException {
        UncheckedWrite(Exception cause) {
            super(cause);
        }
    }

    /**
     * Writes one entry as {@code target}. {@code inNewDirectory}: its folder was created by this
     * extraction, so nothing can be in the way and no look before writing is needed.
     */
    private void write(Node node, Path target, boolean inNewDirectory) throws ImageException, IOException {
        tally.checkCancelled();
        tally.current(node);
        try {
            switch (node.type()) {
                case DIR -> writeDirectory(node, target, inNewDirectory);
                case FILE -> writeFile(node, target, inNewDirectory);
                case SYMLINK -> writeSymlink(node, target, inNewDirectory);
                case CHR, BLK, FIFO, SOCK -> writeSpecial(node, target, inNewDirectory);
            }
        } catch (ImageException e) {
            if (!tally.pastFaults()) {
                throw e.atPath(node.pathString());
            }
            tally.fault(new Fault(node.name(), e.atPath(node.pathString()))); // this entry alone
            tally.refused(node.pathString());
        }
    }

    private void writeDirectory(Node node, Path directory, boolean inNewDirectory) throws ImageException, IOException {
        Path target = directory;
        // As the image's walk: a corrupt image can name a directory inside itself (a loop without end).
        if (!visitedDirectories.add(node.inodeNumber())) {
            throw new ImageException("directory loop: the directory at inode " + Long.toUnsignedString(node.inodeNumber())
                    + " is reached a second time", node.location());
        }
        boolean created = false;
        if (!target.equals(destination)) {
            try {
                Files.createDirectory(target);
                created = true;
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Placement place = existing.placeFor(node, target);
                    if (place == null) {
                        return;
                    }
                    if (place.replacing()) {
                        // A folder cannot be renamed over a file: the file (or symlink, itself) goes first.
                        Files.delete(place.replaces());
                        existing.replacedOne();
                    }
                    target = place.target();
                    Files.createDirectory(target);
                    created = true;
                } else {
                    foldersReused++;
                }
            }
        } else if (!destinationMadeHere) {
            foldersReused++;
        }
        tally.entryDone();
        if (!target.equals(destination)) {
            directories.add(new MadeDirectory(node, target, created && inNewDirectory));
        } else if (destinationMadeHere) {
            directories.add(new MadeDirectory(node, target, false)); // made in the user's folder: set it all
        }
        List<? extends Node> children;
        if (tally.pastFaults()) {
            FileSystemImage.Listing listing = image.listing(node);
            listing.faults().forEach(tally::fault);
            children = listing.entries();
            refuseUnlisted(node, listing);
        } else {
            children = image.list(node);
        }
        for (Node child : children) {
            String name = Names.safeName(child, destination, tally);
            if (name != null) {
                write(child, target.resolve(name), created);
            }
        }
    }

    private void writeFile(Node node, Path wanted, boolean inNewDirectory) throws IOException {
        Placement place = inNewDirectory ? Placement.at(wanted) : existing.placeFor(node, wanted);
        if (place == null) {
            return;
        }
        if (node.nlink() > 1) {
            Path first = firstLinkOfInode.get(node.inodeNumber());
            if (first != null) {
                pendingLinks.add(() -> link(node, place, first));
                return;
            }
            firstLinkOfInode.put(node.inodeNumber(), place.target());
        }
        batch.add(() -> {
            try {
                contents.write(node, place, inNewDirectory);
            } catch (ImageException | IOException e) {
                throw new UncheckedWrite(e);
            }
        });
        batchBytes += node.size();
        if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
            submitBatch();
        }
    }

    /**
     * Hands the files found so far to the writing threads. Small files go in batches: a task per
     * file made thread hand-offs cost more than writing most files.
     */
    private void submitBatch() {
        if (batch.isEmpty()) {
            return;
        }
        List<Runnable> writes = batch;
        batch = new ArrayList<>();
        batchBytes = 0;
        fileWrites.add(pool.submit(() -> {
            for (Runnable w : writes) {
                w.run();
            }
        }));
    }

    private void link(Node node, Placement place, Path first) {
        try {
            Files.createLink(place.writeAt(), first);
        } catch (FileAlreadyExistsException e) {
            existing.skip(node, "exists already: " + place.writeAt());
            return;
        } catch (IOException e) {
            tally.skip(node, "hard link not created: " + e.getMessage());
            return;
        }
        tally.entryDone();
        existing.commit(node, place);
    }

    private void writeSymlink(Node node, Path wanted, boolean inNewDirectory) throws ImageException, IOException {
        Placement place = inNewDirectory ? Placement.at(wanted) : existing.placeFor(node, wanted);
        if (place == null) {
            return;
        }
        Path target = place.writeAt();
        byte[] rawTarget = image.linkTarget(node);
        if (rawTarget.length == 0) {
            // A symlink to nothing cannot be made; it is this entry's fault, not the destination's.
            throw new ImageException("symlink with an empty target", node.location()).atPath(node.pathString());
        }
        String linkTarget = Names.decode(rawTarget);
        if (linkTarget == null || linkTarget.indexOf('\0') >= 0) {
            tally.skip(node, "symlink target is not valid UTF-8 text");
            return;
        }
        try {
            Files.createSymbolicLink(target, Path.of(linkTarget));
        } catch (FileAlreadyExistsException e) {
            existing.skip(node, "exists already: " + target);
            return;
        } catch (java.nio.file.InvalidPathException e) {
            tally.skip(node, "symlink target cannot be stored here: " + e.getReason());
            return;
        }
        tally.entryDone();
        try {
            metadata.apply(node, target, MetadataWriter.NO_FD,
                    host.ownedAtCreation(node, inNewDirectory && host.creationExact()), false);
        } catch (ImageException | IOException | RuntimeException e) {
            place.abandon();
            throw e;
        }
        existing.commit(node, place);
    }

    private void writeSpecial(Node node, Path wanted, boolean inNewDirectory) throws ImageException, IOException {
        boolean device = node.type() == FileType.CHR || node.type() == FileType.BLK;
        int typeBits = switch (node.type()) {
            case CHR -> Libc.S_IFCHR;
            case BLK -> Libc.S_IFBLK;
            case FIFO -> Libc.S_IFIFO;
            default -> Libc.S_IFSOCK;
        };
        if (device && !host.root()) {
            tally.skip(node, "device files can only be created by root");
            return;
        }
        Libc libc = host.libc();
        if (libc == null) {
            tally.skip(node, node.type().label() + " not created: libc is not available");
            return;
        }
        Placement place = inNewDirectory ? Placement.at(wanted) : existing.placeFor(node, wanted);
        if (place == null) {
            return;
        }
        Path target = place.writeAt();
        long dev = device ? Libc.makedev(node.rdevMajor(), node.rdevMinor()) : 0;
        try {
            libc.mknod(target.toString(), typeBits | 0600, dev);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EEXIST) {
                existing.skip(node, "exists already: " + target);
            } else {
                tally.skip(node, node.type().label() + " not created: " + Libc.describe(e));
            }
            return;
        }
        tally.entryDone();
        try {
            metadata.apply(node, target);
        } catch (ImageException | IOException | RuntimeException e) {
            place.abandon();
            throw e;
        }
        existing.commit(node, place);
    }

    /** The entries a directory's faults kept out of its listing (a bad name, an inode that cannot be read). */
    private void refuseUnlisted(Node dir, FileSystemImage.Listing listing) {
        if (listing.faults().isEmpty()) {
            return;
        }
        // A set of the listed names: a directory of a million entries may have a thousand faults.
        java.util.Set<java.nio.ByteBuffer> listed = new java.util.HashSet<>();
        for (Node e : listing.entries()) {
            listed.add(java.nio.ByteBuffer.wrap(e.name()));
        }
        for (Fault f : listing.faults()) {
            byte[] name = f.name();
            if (name != null && !listed.contains(java.nio.ByteBuffer.wrap(name))) {
                String parent = dir.pathString();
                tally.refused((parent.endsWith("/") ? parent : parent + "/") + f.nameText());
            }
        }
    }
}

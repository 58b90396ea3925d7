package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.Entry;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.image.FileType;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.map.NidSet;
import erofsbrowser.erofs.ondisk.Xattr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes entries of an image into a folder: content, directories, symlinks, hard links,
 * permissions, mtimes; owners and device nodes when running as root; extended attributes where
 * the target filesystem takes them.
 *
 * <p>It never writes outside the destination: every path it writes is the destination plus names
 * the reader has checked (no {@code /}, no NUL), {@code .} and {@code ..} are refused, files are
 * created with O_EXCL (never through an existing file or symlink), and existing directories are
 * reused only when they are real directories. An existing file is replaced only when the options
 * say so (the app asks; the command line's --overwrite): the new entry is made beside it and
 * renamed over it ({@link Placement}), never written through it, and never over a folder;
 * otherwise it is skipped and reported, or kept beside the new one. A file that fails half-way is
 * removed (a replaced one then stays as it was).
 */
public final class Extractor {
    private final ErofsImage image;
    private final Path destination;
    /** libc through JNA, loaded off the calling thread: JNA takes about 0.1 s to start, and the walk need not wait. */
    private final java.util.concurrent.FutureTask<Libc> libcLoad = new java.util.concurrent.FutureTask<>(Libc::load);
    /** Null where the system does not say who we are: then every file gets fchown and fchmod. */
    private final ProcessIdentity self = ProcessIdentity.current();
    /** Whether a file created in a folder this extraction made gets the owner and mode it was opened with; guarded by this. */
    private Boolean creationExact;
    private final int threads;
    private final List<ExtractionReport.Skipped> skipped = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, Path> firstLinkOfNid = new HashMap<>();
    private final List<Runnable> pendingLinks = new ArrayList<>();
    private final List<MadeDirectory> directories = new ArrayList<>();
    private final NidSet visitedDirectories = new NidSet();
    private final List<Future<?>> fileWrites = new ArrayList<>();
    /** File writes are handed to the threads in batches of this many files or bytes. */
    private static final int BATCH_FILES = 64;
    private static final long BATCH_BYTES = 4L << 20;
    private static final int WRITE_BUFFER = 256 << 10;
    private List<Runnable> batch = new ArrayList<>();
    private long batchBytes;
    /** Each writing thread's buffer for write(2): a heap array would be copied into a new direct buffer per write. */
    private final ThreadLocal<WriteBuffer> writeBuffers = ThreadLocal.withInitial(WriteBuffer::allocate);
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /** Folders that existed and were written into (DEST itself included): counted in entries, but not made. */
    private final AtomicLong foldersReused = new AtomicLong();
    /** Entries that replaced an existing one (OVERWRITE). */
    private final AtomicLong replaced = new AtomicLong();
    private ExecutorService pool;
    private volatile boolean ownersNoted;
    private final ExtractionOptions options;
    private ExtractionOptions.ExistingFiles decision;
    private long entriesTotal;
    private long bytesTotal;
    private volatile String current;
    /** Whether {@link #extract} made the destination folder: the root's metadata is then set on it. */
    private boolean destinationMadeHere;

    /**
     * A folder written, for its metadata once everything in it is. {@code asCreated}: this
     * extraction made it, in a folder it made too, so its owner and mode are those of creation.
     */
    private record MadeDirectory(Entry entry, Path target, boolean asCreated) {
    }

    /** An extractor that writes regular files on {@code threads} threads (decompression runs in them). */
    public Extractor(ErofsImage image, Path destination, int threads) {
        this(image, destination, ExtractionOptions.defaults(threads));
    }

    public Extractor(ErofsImage image, Path destination, ExtractionOptions options) {
        this.image = image;
        this.destination = destination;
        this.options = options;
        this.threads = Math.max(1, options.threads());
        Thread loader = new Thread(libcLoad, "libc-load");
        loader.setDaemon(true);
        loader.start();
    }

    public Extractor(ErofsImage image, Path destination) {
        this(image, destination, Runtime.getRuntime().availableProcessors());
    }

    /** libc, or null when it cannot be loaded (then what needs it is reported as not done). */
    private Libc libc() {
        try {
            return libcLoad.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("extraction interrupted");
        } catch (ExecutionException e) {
            return null;
        }
    }

    /** Root may give files to other users (and make device nodes). */
    private boolean root() {
        Libc libc = libc();
        return libc != null && (self != null ? self.uid() == 0 : libc.geteuid() == 0);
    }

    /**
     * Whether a file opened with O_CREAT in a folder this extraction made gets exactly our owner,
     * group and the mode asked for less the umask: not when the destination is setgid (its new
     * folders would hand down its group) or has a default ACL (which replaces the umask).
     */
    private synchronized boolean creationExact() {
        if (creationExact == null) {
            creationExact = self != null && libc() != null && !isSetgid(destination) && !hasDefaultAcl(destination);
        }
        return creationExact;
    }

    /** Whether {@code exact} creation (see {@link #creationExact}) already gave a new entry the inode's owner. */
    private boolean ownedAtCreation(Inode inode, boolean exact) {
        return exact && self.createsOwnedBy(inode.uid(), inode.gid());
    }

    private static boolean isSetgid(Path folder) {
        try {
            return ((Integer) Files.getAttribute(folder, "unix:mode") & 02000) != 0;
        } catch (IOException | RuntimeException e) {
            return true; // unknown: assume the worst
        }
    }

    private boolean hasDefaultAcl(Path folder) {
        try {
            libc().lgetxattr(folder.toString(), "system.posix_acl_default\0".getBytes(StandardCharsets.US_ASCII), null, 0);
            return true;
        } catch (LastErrorException e) {
            return e.getErrorCode() != Libc.ENODATA && e.getErrorCode() != Libc.EOPNOTSUPP;
        }
    }

    /**
     * Extracts each entry (with everything below it) as {@code destination/NAME}; the root of
     * the image is extracted as the destination itself (its content, not a folder named "/").
     * The destination keeps its own owner, mode, mtime and xattrs (it may be a folder the user
     * chose, such as their home), unless this extraction made it: then it is the image root's
     * folder, and takes the root's, as {@code fsck.erofs --extract} gives them.
     * Directories are made in walk order; file contents are decompressed and written in parallel;
     * hard links and directory metadata follow once every file is written.
     */
    public ExtractionReport extract(List<Entry> selection) throws ImageException, IOException {
        destinationMadeHere = !Files.exists(destination, LinkOption.NOFOLLOW_LINKS);
        Files.createDirectories(destination);
        // The chosen folder may itself be a symlink (~/Downloads -> /data/dl): resolve it once;
        // below it, nothing is ever followed.
        if (!Files.isDirectory(destination.toRealPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(destination + " is not a directory");
        }
        if (options.progress() != null) {
            countTotals(selection);
        }
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "extract");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Entry entry : selection) {
                String name = entry.isRoot() ? "" : safeName(entry);
                if (name != null) {
                    visitedDirectories.clear();
                    write(entry, entry.isRoot() ? destination : destination.resolve(name), false);
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
            Inode inode = d.entry().inode();
            boolean exact = d.asCreated() && creationExact();
            applyMetadata(d.entry(), d.target(), NO_FD, ownedAtCreation(inode, exact),
                    exact && inode.permissions() == (0777 & ~self.umask())); // Files.createDirectory asks 0777
        }
        return report(false);
    }

    private ExtractionReport report(boolean cancelled) {
        return new ExtractionReport(entries.get(), bytes.get(), List.copyOf(skipped), cancelled,
                cancelled ? current : null, foldersReused.get(), replaced.get());
    }

    private void countTotals(List<Entry> selection) throws ImageException {
        NidSet files = new NidSet();
        for (Entry entry : selection) {
            image.walkEntries(entry, e -> {
                checkCancelled();
                entriesTotal++;
                if (e.type() == FileType.FILE && files.add(e.nid())) {
                    bytesTotal += e.inode().size();
                }
            });
        }
    }

    private void checkCancelled() {
        if (options.cancelled().getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("extraction cancelled");
        }
    }

    private void entryDone() {
        long done = entries.incrementAndGet();
        if (options.progress() != null) {
            options.progress().progress(done, entriesTotal, bytes.get(), bytesTotal);
        }
    }

    /**
     * Where to write an entry: at {@code target} when nothing is there; when something is, beside
     * it to be renamed over it when overwriting (never over a folder), at a free "name (2)" beside
     * it when keeping both, or nowhere (null, reported) when skipping.
     */
    private Placement placeFor(Entry entry, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Placement.at(target);
        }
        switch (decision(target)) {
            case OVERWRITE -> {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    skipExisting(entry, "a folder of that name exists, and is not replaced by a "
                            + entry.type().label() + ": " + target);
                    return null;
                }
                return Placement.replacing(target);
            }
            case KEEP_BOTH -> {
                return Placement.at(freeNameBeside(target));
            }
            default -> {
                skipExisting(entry, "exists already: " + target);
                return null;
            }
        }
    }

    /** Renames a written entry over the one it replaces; reports it left out when that fails. */
    private void commit(Entry entry, Placement place) {
        if (!place.replacing()) {
            return;
        }
        try {
            place.commit();
            replaced.incrementAndGet();
        } catch (IOException e) {
            skip(entry, "cannot replace " + place.replaces() + ": " + e.getMessage());
        }
    }

    private synchronized ExtractionOptions.ExistingFiles decision(Path firstConflict) {
        if (decision == null) {
            decision = options.existing() == ExtractionOptions.ExistingFiles.ASK
                    ? (options.resolver() == null ? ExtractionOptions.ExistingFiles.SKIP : options.resolver().resolve(firstConflict))
                    : options.existing();
        }
        return decision;
    }

    /** "name (2).ext", "name (3).ext", ...: the first that does not exist. */
    static Path freeNameBeside(Path target) throws IOException {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int k = 2; k < 100_000; k++) {
            Path candidate = target.resolveSibling(stem + " (" + k + ")" + ext);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
        throw new IOException("no free name beside " + target);
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

    /** A direct buffer and its address, for write(2). */
    private record WriteBuffer(ByteBuffer buffer, com.sun.jna.Pointer address) {
        static WriteBuffer allocate() {
            ByteBuffer b = ByteBuffer.allocateDirect(WRITE_BUFFER);
            return new WriteBuffer(b, com.sun.jna.Native.getDirectBufferPointer(b));
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
    private void write(Entry entry, Path target, boolean inNewDirectory) throws ImageException, IOException {
        checkCancelled();
        current = entry.pathString();
        Inode inode = entry.inode();
        try {
            switch (inode.type()) {
                case DIR -> writeDirectory(entry, target, inNewDirectory);
                case FILE -> writeFile(entry, target, inNewDirectory);
                case SYMLINK -> writeSymlink(entry, target, inNewDirectory);
                case CHR, BLK, FIFO, SOCK -> writeSpecial(entry, target, inNewDirectory);
            }
        } catch (ImageException e) {
            throw e.atPath(entry.pathString());
        }
    }

    private void writeDirectory(Entry entry, Path directory, boolean inNewDirectory) throws ImageException, IOException {
        Path target = directory;
        // As ErofsImage.walk: a corrupt image can name a directory inside itself (a loop without end).
        if (!visitedDirectories.add(entry.nid())) {
            Dirent d = entry.dirent();
            throw new ImageException("directory loop: the directory at nid " + Long.toUnsignedString(entry.nid())
                    + " is reached a second time", d != null ? d.offsetOr(entry.inode().offset()) : entry.inode().offset(),
                    entry.nid());
        }
        boolean created = false;
        if (!target.equals(destination)) {
            try {
                Files.createDirectory(target);
                created = true;
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Placement place = placeFor(entry, target);
                    if (place == null) {
                        return;
                    }
                    if (place.replacing()) {
                        // A folder cannot be renamed over a file: the file (or symlink, itself) goes first.
                        Files.delete(place.replaces());
                        replaced.incrementAndGet();
                    }
                    target = place.target();
                    Files.createDirectory(target);
                    created = true;
                } else {
                    foldersReused.incrementAndGet();
                }
            }
        } else if (!destinationMadeHere) {
            foldersReused.incrementAndGet();
        }
        entryDone();
        if (!target.equals(destination)) {
            directories.add(new MadeDirectory(entry, target, created && inNewDirectory));
        } else if (destinationMadeHere) {
            directories.add(new MadeDirectory(entry, target, false)); // made in the user's folder: set it all
        }
        for (Entry child : image.children(entry)) {
            String name = safeName(child);
            if (name != null) {
                write(child, target.resolve(name), created);
            }
        }
    }

    private void writeFile(Entry entry, Path wanted, boolean inNewDirectory) throws IOException {
        Placement place = inNewDirectory ? Placement.at(wanted) : placeFor(entry, wanted);
        if (place == null) {
            return;
        }
        Inode inode = entry.inode();
        if (inode.nlink() > 1) {
            Path first = firstLinkOfNid.get(inode.nid());
            if (first != null) {
                pendingLinks.add(() -> link(entry, place, first));
                return;
            }
            firstLinkOfNid.put(inode.nid(), place.target());
        }
        batch.add(() -> {
            try {
                writeContent(entry, place, inNewDirectory);
            } catch (ImageException | IOException e) {
                throw new UncheckedWrite(e);
            }
        });
        batchBytes += inode.size();
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

    private void link(Entry entry, Placement place, Path first) {
        try {
            Files.createLink(place.writeAt(), first);
        } catch (FileAlreadyExistsException e) {
            skipExisting(entry, "exists already: " + place.writeAt());
            return;
        } catch (IOException e) {
            skip(entry, "hard link not created: " + e.getMessage());
            return;
        }
        entryDone();
        commit(entry, place);
    }

    private void writeContent(Entry entry, Placement place, boolean inNewDirectory) throws ImageException, IOException {
        Path target = place.writeAt();
        Inode inode = entry.inode();
        FileData data;
        try {
            data = image.data(inode);
        } catch (ImageException e) {
            throw e.atPath(entry.pathString());
        }
        current = entry.pathString();
        Libc libc = libc();
        if (libc != null) {
            boolean written;
            try {
                written = writeThroughDescriptor(libc, entry, data, target, inNewDirectory && creationExact());
            } catch (ImageException | IOException | RuntimeException e) {
                abandon(place);
                throw e;
            }
            if (written) {
                commit(entry, place);
            }
            return;
        }
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            copy(data, out);
        } catch (FileAlreadyExistsException e) {
            skipExisting(entry, "exists already: " + target);
            return;
        } catch (java.nio.file.FileSystemException e) {
            Files.deleteIfExists(target);
            if (e.getReason() != null && e.getReason().contains("too long")) {
                skip(entry, "the target filesystem cannot hold this name: " + e.getReason());
                return;
            }
            throw e;
        } catch (ImageException e) {
            Files.deleteIfExists(target);
            throw e.atPath(entry.pathString());
        } catch (IOException e) {
            Files.deleteIfExists(target);
            // A failed write() says only why (e.g. "No space left on device"): name the file too.
            throw new IOException(target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        entryDone();
        try {
            applyMetadata(entry, target);
        } catch (ImageException | IOException | RuntimeException e) {
            abandon(place);
            throw e;
        }
        commit(entry, place);
    }

    /** Removes a replacement that failed half-way: the entry it was to replace stays as it was. */
    private static void abandon(Placement place) throws IOException {
        if (place.replacing()) {
            Files.deleteIfExists(place.writeAt());
        }
    }

    /**
     * As {@link #writeContent}, through a descriptor: content, then owner, mode, xattrs and mtime on
     * it. {@code exact}: the new file gets our owner and its mode less the umask, so owner and mode
     * need no call of their own when those are the entry's. False when the file was left out (reported).
     */
    private boolean writeThroughDescriptor(Libc libc, Entry entry, FileData data, Path target, boolean exact)
            throws ImageException, IOException {
        String path = target.toString();
        Inode inode = entry.inode();
        boolean modeAtOpen = exact && self.createsWithMode(inode.permissions());
        boolean ownerAtOpen = ownedAtCreation(inode, exact);
        int fd;
        try {
            fd = libc.open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC,
                    modeAtOpen ? inode.permissions() : 0600);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EEXIST) {
                skipExisting(entry, "exists already: " + target);
            } else if (e.getErrorCode() == Libc.ENAMETOOLONG) {
                skip(entry, "the target filesystem cannot hold this name: " + Libc.describe(e));
            } else {
                throw new IOException(target + ": " + Libc.describe(e));
            }
            return false;
        }
        try {
            copy(libc, data, fd, target);
        } catch (ImageException e) {
            discard(libc, fd, target);
            throw e.atPath(entry.pathString());
        } catch (IOException | RuntimeException e) {
            discard(libc, fd, target); // a cancelled or failed write leaves no partial file
            throw e;
        }
        entryDone();
        try {
            applyMetadata(entry, target, fd, ownerAtOpen, modeAtOpen);
        } finally {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                // a write error reported late (e.g. no space on a network filesystem)
                Files.deleteIfExists(target);
                throw new IOException(target + ": " + Libc.describe(e));
            }
        }
        return true;
    }

    private static void discard(Libc libc, int fd, Path target) throws IOException {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // the file is removed anyway
        }
        Files.deleteIfExists(target);
    }

    private void copy(Libc libc, FileData data, int fd, Path target) throws ImageException, IOException {
        WriteBuffer direct = writeBuffers.get();
        data.transferTo((buf, off, n) -> {
            checkCancelled();
            for (int k = 0; k < n; ) {
                int m = Math.min(n - k, direct.buffer().capacity());
                direct.buffer().clear();
                direct.buffer().put(buf, off + k, m);
                for (int written = 0; written < m; ) {
                    try {
                        written += (int) libc.write(fd, direct.address().share(written), m - written);
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() != Libc.EINTR) {
                            throw new IOException(target + ": " + Libc.describe(e));
                        }
                    }
                }
                k += m;
            }
            long done = bytes.addAndGet(n);
            if (options.progress() != null) {
                options.progress().progress(entries.get(), entriesTotal, done, bytesTotal);
            }
        });
    }

    private void copy(FileData data, FileChannel out) throws ImageException, IOException {
        ByteBuffer direct = writeBuffers.get().buffer();
        data.transferTo((buf, off, n) -> {
            checkCancelled();
            for (int k = 0; k < n; ) {
                int m = Math.min(n - k, direct.capacity());
                direct.clear();
                direct.put(buf, off + k, m).flip();
                while (direct.hasRemaining()) {
                    out.write(direct);
                }
                k += m;
            }
            long done = bytes.addAndGet(n);
            if (options.progress() != null) {
                options.progress().progress(entries.get(), entriesTotal, done, bytesTotal);
            }
        });
    }

    private void writeSymlink(Entry entry, Path wanted, boolean inNewDirectory) throws ImageException, IOException {
        Placement place = inNewDirectory ? Placement.at(wanted) : placeFor(entry, wanted);
        if (place == null) {
            return;
        }
        Path target = place.writeAt();
        String linkTarget = decodeName(image.symlinkTarget(entry.inode()));
        if (linkTarget == null || linkTarget.indexOf('\0') >= 0) {
            skip(entry, "symlink target is not valid UTF-8 text");
            return;
        }
        try {
            Files.createSymbolicLink(target, Path.of(linkTarget));
        } catch (FileAlreadyExistsException e) {
            skipExisting(entry, "exists already: " + target);
            return;
        } catch (java.nio.file.InvalidPathException e) {
            skip(entry, "symlink target cannot be stored here: " + e.getReason());
            return;
        }
        entryDone();
        Inode inode = entry.inode();
        try {
            applyMetadata(entry, target, NO_FD, ownedAtCreation(inode, inNewDirectory && creationExact()), false);
        } catch (ImageException | IOException | RuntimeException e) {
            abandon(place);
            throw e;
        }
        commit(entry, place);
    }

    private void writeSpecial(Entry entry, Path wanted, boolean inNewDirectory) throws ImageException, IOException {
        Inode inode = entry.inode();
        int typeBits = switch (inode.type()) {
            case CHR -> Libc.S_IFCHR;
            case BLK -> Libc.S_IFBLK;
            case FIFO -> Libc.S_IFIFO;
            default -> Libc.S_IFSOCK;
        };
        if (inode.isDevice() && !root()) {
            skip(entry, "device files can only be created by root");
            return;
        }
        Libc libc = libc();
        if (libc == null) {
            skip(entry, inode.type().label() + " not created: libc is not available");
            return;
        }
        Placement place = inNewDirectory ? Placement.at(wanted) : placeFor(entry, wanted);
        if (place == null) {
            return;
        }
        Path target = place.writeAt();
        long dev = inode.isDevice() ? Libc.makedev(inode.rdevMajor(), inode.rdevMinor()) : 0;
        try {
            libc.mknod(target.toString(), typeBits | 0600, dev);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EEXIST) {
                skipExisting(entry, "exists already: " + target);
            } else {
                skip(entry, inode.type().label() + " not created: " + Libc.describe(e));
            }
            return;
        }
        entryDone();
        try {
            applyMetadata(entry, target);
        } catch (ImageException | IOException | RuntimeException e) {
            abandon(place);
            throw e;
        }
        commit(entry, place);
    }

    /** Owner, then mode (chown clears setuid bits), then xattrs (chown clears security.capability), then mtime. */
    private void applyMetadata(Entry entry, Path target) throws ImageException, IOException {
        applyMetadata(entry, target, NO_FD, false, false);
    }

    /** No open descriptor: metadata is set by path, never following a symlink. */
    private static final int NO_FD = -1;

    /**
     * As {@link #applyMetadata(Entry, Path)}, on the open descriptor {@code fd} unless it is
     * {@link #NO_FD}; an owner or mode that the file already has from its creation is not set again.
     */
    private void applyMetadata(Entry entry, Path target, int fd, boolean ownerSet, boolean modeSet)
            throws ImageException, IOException {
        Inode inode = entry.inode();
        boolean symlink = inode.type() == FileType.SYMLINK;
        Libc libc = libc();
        if (ownerSet) {
            // created as its owner: nothing to change
        } else if (root()) {
            try {
                if (fd == NO_FD) {
                    libc.lchown(target.toString(), inode.uid(), inode.gid());
                } else {
                    libc.fchown(fd, inode.uid(), inode.gid());
                }
            } catch (LastErrorException e) {
                throw new IOException(target + ": cannot set owner: " + Libc.describe(e));
            }
        } else if (!ownersNoted) {
            ownersNoted = true;
            skipped.add(new ExtractionReport.Skipped(entry.pathString(),
                    "owners (uid/gid) not set on any entry: only root can give files to other users"));
        }
        if (!symlink && !modeSet) {
            setMode(target, fd, inode.permissions());
        }
        for (Xattr x : image.xattrs(inode)) {
            setXattr(entry, target, fd, x);
        }
        setMtime(target, fd, inode);
    }

    /** Through libc where possible: java.nio opens the file to change it, which blocks on a FIFO. */
    private void setMode(Path target, int fd, int mode) throws IOException {
        Libc libc = libc();
        if (libc == null) {
            Files.setAttribute(target, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        try {
            if (fd == NO_FD) {
                libc.chmod(target.toString(), mode);
            } else {
                libc.fchmod(fd, mode);
            }
        } catch (LastErrorException e) {
            throw new IOException(target + ": cannot set mode: " + Libc.describe(e));
        }
    }

    private void setMtime(Path target, int fd, Inode inode) throws IOException {
        Libc libc = libc();
        if (libc == null) {
            Files.getFileAttributeView(target, java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setTimes(FileTime.from(inode.mtimeInstant()), null, null);
            return;
        }
        long[] times = {0, Libc.UTIME_OMIT, inode.mtime(), Integer.toUnsignedLong(inode.mtimeNsec()) % 1_000_000_000L};
        try {
            if (fd == NO_FD) {
                libc.utimensat(Libc.AT_FDCWD, target.toString(), times, Libc.AT_SYMLINK_NOFOLLOW);
            } else {
                libc.futimens(fd, times);
            }
        } catch (LastErrorException e) {
            throw new IOException(target + ": cannot set mtime: " + Libc.describe(e));
        }
    }

    private void setXattr(Entry entry, Path target, int fd, Xattr x) {
        Libc libc = libc();
        if (libc == null) {
            skip(entry, "xattr " + x.nameString() + " not set: libc is not available");
            return;
        }
        byte[] name = java.util.Arrays.copyOf(x.name(), x.name().length + 1);
        byte[] value = x.value();
        try {
            if (fd == NO_FD) {
                libc.lsetxattr(target.toString(), name, value, value.length, 0);
            } else {
                libc.fsetxattr(fd, name, value, value.length, 0);
            }
        } catch (LastErrorException e) {
            skip(entry, "xattr " + x.nameString() + " not set: " + Libc.describe(e));
        }
    }

    /** The entry's name as a path component, or null (reported) when the target cannot hold it. */
    private String safeName(Entry entry) throws ImageException {
        byte[] raw = entry.name();
        if (raw.length == 0 || (raw.length == 1 && raw[0] == '.') || (raw.length == 2 && raw[0] == '.' && raw[1] == '.')) {
            throw new ImageException("refusing to extract an entry named \"" + new String(raw, StandardCharsets.UTF_8)
                    + "\"", entry.dirent().offsetOr(0), entry.nid())
                    .atPath(entry.pathString());
        }
        for (byte b : raw) {
            if (b == '/' || b == 0) {
                throw new ImageException("refusing to extract an entry whose name contains "
                        + (b == 0 ? "NUL" : "'/'"), 0, entry.nid()).atPath(entry.pathString());
            }
        }
        String name = decodeName(raw);
        if (name == null) {
            skip(entry, "name is not valid UTF-8, which this system's file names need");
            return null;
        }
        try {
            destination.getFileSystem().getPath(name);
        } catch (java.nio.file.InvalidPathException e) {
            // Java encodes file names in the locale's charset: US-ASCII under LANG=C or no LANG at all.
            skip(entry, "name cannot be a file name here: Java encodes file names as "
                    + System.getProperty("sun.jnu.encoding") + " (run with a UTF-8 locale, such as LANG=C.UTF-8)");
            return null;
        }
        return name;
    }

    private static String decodeName(byte[] raw) {
        if (isAscii(raw)) { // most names: no decoder to make
            return new String(raw, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private void skip(Entry entry, String reason) {
        skipped.add(new ExtractionReport.Skipped(entry.pathString(), reason));
    }

    /** Left out because something of its name is in the way in the destination (and stays as it was). */
    private void skipExisting(Entry entry, String reason) {
        skipped.add(new ExtractionReport.Skipped(entry.pathString(), reason, true));
    }
}

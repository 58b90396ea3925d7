package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import erofsbrowser.image.Fault;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a regular file's content into a new file of the destination, created exclusively (never
 * through an existing file or symlink), then its metadata; holes stay holes (skipped over, the
 * length set at the end), so a sparse file takes no more room than its data. A file that fails
 * half-way is removed. Runs on the writing threads.
 */
final class ContentWriter {
    private static final int WRITE_BUFFER = 256 << 10;

    private final FileSystemImage image;
    private final Host host;
    private final MetadataWriter metadata;
    private final ExistingEntries existing;
    private final Tally tally;
    /** Each writing thread's buffer for write(2): a heap array would be copied into a new direct buffer per write. */
    private final ThreadLocal<WriteBuffer> writeBuffers = ThreadLocal.withInitial(WriteBuffer::allocate);

    /** A direct buffer and its address, for write(2). */
    private record WriteBuffer(ByteBuffer buffer, Pointer address) {
        static WriteBuffer allocate() {
            ByteBuffer b = ByteBuffer.allocateDirect(WRITE_BUFFER);
            return new WriteBuffer(b, Native.getDirectBufferPointer(b));
        }
    }

    ContentWriter(FileSystemImage image, Host host, MetadataWriter metadata, ExistingEntries existing, Tally tally) {
        this.image = image;
        this.host = host;
        this.metadata = metadata;
        this.existing = existing;
        this.tally = tally;
    }

    void write(Node node, Placement place, boolean inNewDirectory) throws ImageException, IOException {
        Path target = place.writeAt();
        FileContent content;
        try {
            content = image.content(node);
        } catch (ImageException e) {
            throw e.atPath(node.pathString());
        }
        tally.current(node);
        Libc libc = host.libc();
        if (libc != null) {
            boolean written;
            try {
                written = writeThroughDescriptor(libc, node, content, target, inNewDirectory && host.creationExact());
            } catch (ImageException | IOException | RuntimeException e) {
                place.abandon();
                throw e;
            }
            if (written) {
                existing.commit(node, place);
            }
            return;
        }
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            copy(content, out, node);
        } catch (FileAlreadyExistsException e) {
            existing.skip(node, "exists already: " + target);
            return;
        } catch (java.nio.file.FileSystemException e) {
            Files.deleteIfExists(target);
            if (e.getReason() != null && e.getReason().contains("too long")) {
                tally.skip(node, "the target filesystem cannot hold this name: " + e.getReason());
                return;
            }
            throw e;
        } catch (ImageException e) {
            Files.deleteIfExists(target);
            throw e.atPath(node.pathString());
        } catch (IOException e) {
            Files.deleteIfExists(target);
            if ("File too large".equals(e.getMessage())) { // EFBIG: as TooLargeForTheDestination, the file alone is left out
                tally.skip(node, "the destination's filesystem cannot hold a file of " + node.size() + " bytes: " + e.getMessage());
                return;
            }
            // A failed write() says only why (e.g. "No space left on device"): name the file too.
            throw new IOException(target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
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

    /**
     * Content, then owner, mode, xattrs and mtime, all through one descriptor. {@code exact}: the
     * new file gets our owner and its mode less the umask, so owner and mode need no call of their
     * own when those are the entry's. False when the file was left out (reported).
     */
    private boolean writeThroughDescriptor(Libc libc, Node node, FileContent content, Path target, boolean exact)
            throws ImageException, IOException {
        String path = target.toString();
        boolean modeAtOpen = exact && host.self().createsWithMode(node.permissions());
        boolean ownerAtOpen = host.ownedAtCreation(node, exact);
        int fd;
        try {
            fd = libc.open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC,
                    modeAtOpen ? node.permissions() : 0600);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EEXIST) {
                existing.skip(node, "exists already: " + target);
            } else if (e.getErrorCode() == Libc.ENAMETOOLONG) {
                tally.skip(node, "the target filesystem cannot hold this name: " + Libc.describe(e));
            } else {
                throw new IOException(target + ": " + Libc.describe(e));
            }
            return false;
        }
        try {
            copy(libc, content, fd, target, node);
        } catch (ImageException e) {
            discard(libc, fd, target);
            throw e.atPath(node.pathString());
        } catch (TooLargeForTheDestination e) {
            discard(libc, fd, target); // a damaged size (exabytes of holes): the file alone is left out
            tally.skip(node, "the destination's filesystem cannot hold a file of " + node.size() + " bytes: " + e.getMessage());
            return false;
        } catch (IOException | RuntimeException e) {
            discard(libc, fd, target); // a cancelled or failed write leaves no partial file
            throw e;
        }
        tally.entryDone();
        try {
            metadata.apply(node, target, fd, ownerAtOpen, modeAtOpen);
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

    /**
     * The content to {@code sink}: past faults when the extraction goes on past them (a run that
     * cannot be decoded becomes a hole, and a fault of the file: the rest of it is written).
     */
    private void transfer(FileContent content, FileContent.Sink sink, Node node) throws ImageException, IOException {
        if (tally.pastFaults()) {
            content.transferPast(sink, e -> tally.fault(new Fault(node.name(), e.atPath(node.pathString()))));
        } else {
            content.transferTo(sink);
        }
    }

    private static void discard(Libc libc, int fd, Path target) throws IOException {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // the file is removed anyway
        }
        Files.deleteIfExists(target);
    }

    private void copy(Libc libc, FileContent content, int fd, Path target, Node node) throws ImageException, IOException {
        WriteBuffer direct = writeBuffers.get();
        long[] position = {0};
        boolean[] endsInHole = {false};
        transfer(content, new FileContent.Sink() {
            @Override
            public void accept(byte[] buf, int off, int n) throws IOException {
                tally.checkCancelled();
                for (int k = 0; k < n; ) {
                    int m = Math.min(n - k, direct.buffer().capacity());
                    direct.buffer().clear();
                    direct.buffer().put(buf, off + k, m);
                    for (int written = 0; written < m; ) {
                        try {
                            written += (int) libc.write(fd, direct.address().share(written), m - written);
                        } catch (LastErrorException e) {
                            if (e.getErrorCode() == Libc.EFBIG) {
                                throw new TooLargeForTheDestination(Libc.describe(e));
                            }
                            if (e.getErrorCode() != Libc.EINTR) {
                                throw new IOException(target + ": " + Libc.describe(e));
                            }
                        }
                    }
                    k += m;
                }
                position[0] += n;
                endsInHole[0] = false;
                tally.bytesWritten(n);
            }

            @Override
            public void hole(long length) throws IOException {
                tally.checkCancelled();
                try {
                    libc.lseek(fd, length, Libc.SEEK_CUR);
                } catch (LastErrorException e) {
                    throw beyondTheEnd(e, target); // (the hole ends past the largest offset a file may have there)
                }
                position[0] += length;
                endsInHole[0] = true;
                tally.bytesWritten(length);
            }
        }, node);
        if (endsInHole[0]) {
            try {
                libc.ftruncate(fd, position[0]); // a hole at the end is only a length
            } catch (LastErrorException e) {
                throw beyondTheEnd(e, target);
            }
        }
    }

    /**
     * A file larger than the destination's filesystem lets a file be (a damaged size, all holes):
     * that file is left out and reported, and the extraction goes on.
     */
    private static final class TooLargeForTheDestination extends IOException {
        TooLargeForTheDestination(String why) {
            super(why);
        }
    }

    /** Why a seek or truncation to a file's length failed: EFBIG and EINVAL say the length is too large there. */
    private static IOException beyondTheEnd(LastErrorException e, Path target) {
        return e.getErrorCode() == Libc.EFBIG || e.getErrorCode() == Libc.EINVAL
                ? new TooLargeForTheDestination(Libc.describe(e)) : new IOException(target + ": " + Libc.describe(e));
    }

    private void copy(FileContent content, FileChannel out, Node node) throws ImageException, IOException {
        ByteBuffer direct = writeBuffers.get().buffer();
        long[] position = {0};
        transfer(content, new FileContent.Sink() {
            @Override
            public void accept(byte[] buf, int off, int n) throws IOException {
                tally.checkCancelled();
                for (int k = 0; k < n; ) {
                    int m = Math.min(n - k, direct.capacity());
                    direct.clear();
                    direct.put(buf, off + k, m).flip();
                    while (direct.hasRemaining()) {
                        out.write(direct);
                    }
                    k += m;
                }
                position[0] += n;
                tally.bytesWritten(n);
            }

            @Override
            public void hole(long length) throws IOException {
                tally.checkCancelled();
                position[0] += length;
                out.position(position[0]);
                tally.bytesWritten(length);
            }
        }, node);
        if (out.size() < position[0]) {
            out.write(ByteBuffer.allocate(1), position[0] - 1); // a hole at the end: the file's last byte, a zero
        }
    }
}

package erofsbrowser.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Read-only, thread-safe positional access to the bytes of an image: a whole file, or a byte
 * range of a file (an image stored at an offset, an APEX payload inside a zip).
 *
 * <p>Everything is read with {@code pread} by pooled {@link Reader}s, a positional read each (a seek
 * and a read on a {@code RandomAccessFile} cost a second system call). Small reads (inodes, dirents,
 * indexes: hundreds of thousands in a walk) come from a {@link ChunkCache} of 16 KiB chunks; reads
 * of a block or more (pclusters, file data) go to the file. No memory mapping: there, a page fault
 * costs several times the read it saves (see {@link ChunkCache}). An interrupted reader (a
 * cancelled background task; callers look for cancellation between reads) closes its channel only:
 * its read finishes on a fresh one; no other thread's channel is touched. Nothing is loaded up front.
 */
public final class ImageSource implements Closeable {
    /** Reads of at least this many bytes go to the file rather than through the chunk cache. */
    private static final int COPY_THRESHOLD = 4096;

    private final Path file;
    private final long start;
    private final long length;
    private final ChunkCache chunks;
    /** Readers not in use, one for each thread that read at once so far; guarded by itself. */
    private final java.util.ArrayList<Reader> readers = new java.util.ArrayList<>();
    private boolean closed;

    /** {@code firstReader}: the channel the file was opened with to learn its size, or null. */
    private ImageSource(Path file, FileChannel firstReader, long start, long length) {
        this.file = file;
        if (firstReader != null) {
            readers.add(new Reader(firstReader));
        }
        this.start = start;
        this.length = length;
        this.chunks = new ChunkCache(this::copy, length);
    }

    /** The whole file. */
    public static ImageSource open(Path file) throws IOException {
        return open(file, 0);
    }

    /** The file from byte {@code offset} to its end. */
    public static ImageSource open(Path file, long offset) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (offset < 0 || offset > size) {
                throw new IOException(file + ": offset " + offset + " is beyond the end of the file (" + size + " bytes)");
            }
            return new ImageSource(file, channel, offset, size - offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@code length} bytes of the file starting at byte {@code offset}. */
    public static ImageSource open(Path file, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (offset < 0 || length < 0 || offset > size || length > size - offset) {
                throw new IOException(file + ": range " + offset + "+" + length + " is outside the file (" + size + " bytes)");
            }
            return new ImageSource(file, channel, offset, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A sub-range of this source, sharing its file; closing the slice leaves this source open. */
    public ImageSource slice(long offset, long sliceLength) throws IOException {
        if (offset < 0 || sliceLength < 0 || offset > length || sliceLength > length - offset) {
            throw new IOException(file + ": slice " + offset + "+" + sliceLength + " is outside the source (" + length + " bytes)");
        }
        return new ImageSource(file, null, start + offset, sliceLength);
    }

    public Path file() {
        return file;
    }

    /** Where this source starts in its file. */
    public long fileOffset() {
        return start;
    }

    public long length() {
        return length;
    }

    /**
     * Copies {@code len} bytes at {@code position} into {@code dst}. A read that runs past the end
     * is an error (a truncated image), never silently zero-filled.
     */
    public void readFully(long position, byte[] dst, int off, int len) throws ImageException {
        if (position < 0 || len < 0 || position > length || len > length - position) {
            throw new ImageException("image truncated: " + len + " bytes needed at offset " + position
                    + " but the image ends at " + length, position);
        }
        if (len >= COPY_THRESHOLD) {
            copy(position, dst, off, len);
        } else {
            chunks.read(position, dst, off, len);
        }
    }

    private void copy(long position, byte[] dst, int off, int len) throws ImageException {
        copy(position, ByteBuffer.wrap(dst, off, len));
    }

    /** Fills {@code into} from its position to its limit with the bytes at {@code position}. */
    private void copy(long position, ByteBuffer into) throws ImageException {
        int len = into.remaining();
        int begin = into.position();
        Reader reader = null;
        boolean interrupted = false;
        try {
            reader = takeReader();
            while (into.hasRemaining()) {
                try {
                    if (reader.read(start + position + (into.position() - begin), into) < 0) {
                        throw new IOException("the file ends early (was it truncated while open?)");
                    }
                } catch (ClosedByInterruptException e) {
                    reader.channel = null; // closed by the interrupt: go on with a fresh channel
                    interrupted |= Thread.interrupted();
                }
            }
        } catch (IOException e) {
            throw new ImageException("cannot read " + len + " bytes at offset " + position + ": " + e.getMessage(), position);
        } finally {
            if (reader != null) {
                giveBack(reader);
            }
            if (interrupted) {
                Thread.currentThread().interrupt(); // for the caller, who looks for it between reads
            }
        }
    }

    /**
     * A channel for positional reads, and a direct buffer that they land in: a read into an array
     * goes through a direct buffer anyway, and the JDK's own (taken from and given back to a cache
     * at every read, and made anew when one is too small) cost more than the copy out of it.
     * Used by one thread at a time.
     */
    private final class Reader {
        private static final int BUFFER_SIZE = 256 << 10;

        /** Null once an interrupt has closed it; opened again at the next read. */
        FileChannel channel;
        private ByteBuffer buffer;

        Reader(FileChannel channel) {
            this.channel = channel;
        }

        /** Reads at most {@code into.remaining()} bytes at {@code filePosition}: their count, or -1 at the end of the file. */
        int read(long filePosition, ByteBuffer into) throws IOException {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            if (into.isDirect()) {
                return channel.read(into, filePosition);
            }
            if (buffer == null) {
                buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
            }
            buffer.clear().limit(Math.min(BUFFER_SIZE, into.remaining()));
            int n = channel.read(buffer, filePosition);
            if (n > 0) {
                into.put(buffer.flip());
            }
            return n;
        }

        void close() {
            if (channel != null) {
                closeQuietly(channel);
            }
        }
    }

    private Reader takeReader() throws IOException {
        synchronized (readers) {
            if (!readers.isEmpty()) {
                return readers.remove(readers.size() - 1);
            }
        }
        return new Reader(FileChannel.open(file, StandardOpenOption.READ));
    }

    private void giveBack(Reader reader) {
        synchronized (readers) {
            if (!closed) {
                readers.add(reader);
                return;
            }
        }
        reader.close();
    }

    public byte[] read(long position, int len) throws ImageException {
        if (position < 0 || len < 0 || position > length || len > length - position) {
            // Checked before allocating: a length from a corrupt image must not size an array.
            throw new ImageException("image truncated: " + len + " bytes needed at offset " + position
                    + " but the image ends at " + length, Math.max(0, position));
        }
        byte[] b = new byte[len];
        readFully(position, b, 0, len);
        return b;
    }

    /** A little-endian view of {@code len} bytes at {@code position}. */
    public ByteBuffer buffer(long position, int len) throws ImageException {
        return ByteBuffer.wrap(read(position, len)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        synchronized (readers) {
            closed = true;
            readers.forEach(Reader::close);
            readers.clear();
        }
    }

    private static void closeQuietly(FileChannel reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // read-only: nothing was lost
        }
    }

    @Override
    public String toString() {
        return start == 0 ? file.toString() : file + "@" + start;
    }
}

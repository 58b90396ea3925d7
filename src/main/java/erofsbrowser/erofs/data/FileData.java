package erofsbrowser.erofs.data;

import erofsbrowser.erofs.io.BufferPool;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.FileContent;

import java.util.List;

/**
 * The data of one inode, read through the layout the inode uses. Every read of file, directory
 * or symlink content goes through this one path, so each layout is decoded in one place.
 * Implementations are immutable and safe for concurrent reads.
 */
public sealed interface FileData extends FileContent permits FlatData, ChunkedData, CompressedData {

    /** The data of {@code inode}, read through its layout. */
    static FileData of(DataContext image, Inode inode) throws ImageException {
        return switch (inode.layout()) {
            case FLAT_PLAIN, FLAT_INLINE -> new FlatData(image, inode);
            case CHUNK_BASED -> new ChunkedData(image, inode);
            case COMPRESSED_FULL, COMPRESSED_COMPACT -> new CompressedData(image, inode);
        };
    }

    Inode inode();

    @Override
    default long size() {
        return inode().size();
    }

    /**
     * Copies up to {@code len} bytes of the file starting at {@code position} into {@code dst}.
     * Reads only what covers the requested range. Returns the count copied: less than {@code len}
     * only at the end of the file, 0 at or past it.
     */
    @Override
    default int read(long position, byte[] dst, int off, int len) throws ImageException {
        int n = lengthToRead(size(), position, len);
        int done = 0;
        while (done < n) {
            int got = readRun(position + done, dst, off + done, n - done);
            if (got <= 0) {
                throw new ImageException("no data maps file offset " + (position + done), inode().offset(),
                        inode().nid());
            }
            done += got;
        }
        return n;
    }

    /**
     * Copies bytes from {@code position} (inside the file) up to {@code len} of them, but only
     * from the one stored run (block run, chunk, extent, inline tail) that holds {@code position}.
     * Returns how many were copied, at least 1. {@link #read} strings runs together.
     */
    int readRun(long position, byte[] dst, int off, int len) throws ImageException;

    /** Where each part of the file is stored, in file order, adjacent runs merged. */
    List<DataExtent> extents() throws ImageException;

    /** How many of {@code len} bytes at {@code position} a read returns: 0 at or past the end. */
    static int lengthToRead(long size, long position, int len) {
        return position >= size || len <= 0 ? 0 : (int) Math.min(len, size - position);
    }

    /**
     * Passes the whole file to {@code sink} in order: the fast way to read everything (hash,
     * extract), since compressed extents are decoded straight into one reused buffer, uncached.
     * The array passed to the sink is reused: the sink must not keep it.
     */
    @Override
    void transferTo(Sink sink) throws ImageException, java.io.IOException;

    /** transferTo by plain reads through a pooled buffer, for layouts that need no decoding. */
    static void transferByReads(FileData data, BufferPool pool, Sink sink) throws ImageException, java.io.IOException {
        byte[] buf = pool.take((int) Math.min(1 << 20, data.size()));
        try {
            long pos = 0;
            while (pos < data.size()) {
                int n = data.read(pos, buf, 0, buf.length);
                sink.accept(buf, 0, n);
                pos += n;
            }
        } finally {
            pool.give(buf);
        }
    }

    /** Reads exactly {@code len} bytes at {@code position}; the range must lie inside the file. */
    @Override
    default byte[] readFully(long position, int len) throws ImageException {
        byte[] b = new byte[len];
        int n = read(position, b, 0, len);
        if (n != len) {
            throw new ImageException("read of " + len + " bytes at file offset " + position
                    + " runs past the end of the file (" + size() + " bytes)", inode().offset(), inode().nid());
        }
        return b;
    }
}

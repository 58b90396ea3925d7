package erofsbrowser.app.hex;

import erofsbrowser.image.ImageSource;
import java.io.EOFException;
import java.util.Objects;

/**
 * The bytes a {@link HexView} shows. {@link #read} may block (disk, decompression), so the view
 * only ever calls it from its own background thread; {@link #length} is called on the FX thread
 * when the source is set and must therefore be cheap (a stored size, not a scan).
 */
public interface ByteSource {

    /** Number of bytes; constant for the lifetime of the source. */
    long length();

    /**
     * Copies up to {@code len} bytes at {@code position} into {@code dst[off..]}.
     *
     * @return the number of bytes copied, or -1 at the end of the source
     */
    int read(long position, byte[] dst, int off, int len) throws Exception;

    /** Reads exactly {@code len} bytes, looping over short reads; running out is an error. */
    default void readFully(long position, byte[] dst, int off, int len) throws Exception {
        int done = 0;
        while (done < len) {
            int n = read(position + done, dst, off + done, len - done);
            if (n <= 0) {
                throw new EOFException("source ends before offset " + (position + len)
                        + " (got " + done + " of " + len + " bytes at " + position + ")");
            }
            done += n;
        }
    }

    /** Copies {@code len} bytes at {@code position}; the shape of {@code ImageSource::readFully}. */
    @FunctionalInterface
    interface FullReader {
        void readFully(long position, byte[] dst, int off, int len) throws Exception;
    }

    /**
     * A source over anything that reads exact ranges, e.g.
     * {@code ByteSource.of(image.length(), image::readFully)} for an {@code ImageSource}.
     */
    static ByteSource of(long length, FullReader reader) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        Objects.requireNonNull(reader, "reader");
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public int read(long position, byte[] dst, int off, int len) throws Exception {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                reader.readFully(position, dst, off, n);
                return n;
            }
        };
    }

    /** A source over an array (not copied: the caller must not change it afterwards). */
    static ByteSource of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return of(bytes.length, (position, dst, off, len) -> System.arraycopy(bytes, (int) position, dst, off, len));
    }
}

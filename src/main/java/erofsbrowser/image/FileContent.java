package erofsbrowser.image;

import java.io.IOException;

/**
 * The content of one entry (a file's bytes, a directory's blocks, a symlink's target), read at any
 * offset without reading what comes before. Immutable and safe for concurrent reads.
 */
public interface FileContent {

    long size();

    /**
     * Copies up to {@code len} bytes at {@code position} into {@code dst}: the count copied, less
     * than {@code len} only at the end of the content, 0 at or past it. Holes read as zeros.
     */
    int read(long position, byte[] dst, int off, int len) throws ImageException;

    /** Reads exactly {@code len} bytes at {@code position}, which must lie inside the content. */
    default byte[] readFully(long position, int len) throws ImageException {
        byte[] b = new byte[len];
        int n = read(position, b, 0, len);
        if (n != len) {
            throw new ImageException("read of " + len + " bytes at content offset " + position
                    + " runs past the end of the content (" + size() + " bytes)", 0);
        }
        return b;
    }

    /**
     * Passes the whole content to {@code sink} in order: the fast way to read everything (hash,
     * extract). A run the format stores as a hole goes to {@link Sink#hole}, never as zeros read
     * or allocated. The arrays passed to the sink are reused: it must not keep them.
     */
    void transferTo(Sink sink) throws ImageException, IOException;

    /** Receives the runs a transfer past faults could not read. */
    @FunctionalInterface
    interface FaultHandler {
        void fault(ImageException error);
    }

    /**
     * As {@link #transferTo}, going on past what cannot be read: such a run goes to the sink as a
     * hole (zeros) and to {@code faults}. A reader that can tell where a bad run ends overrides
     * this; by default the first failure ends the transfer there and is the one fault.
     */
    default void transferPast(Sink sink, FaultHandler faults) throws IOException {
        try {
            transferTo(sink);
        } catch (ImageException e) {
            faults.fault(e);
        }
    }

    /** Receives content in order, one run at a time. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] bytes, int off, int len) throws IOException;

        /**
         * {@code length} bytes of zeros the format does not store (a sparse file's hole). By
         * default they are passed to {@link #accept} from a shared zero buffer; a sink that can
         * leave a hole (a sparse file being written) overrides this.
         */
        default void hole(long length) throws IOException {
            long left = length;
            while (left > 0) {
                int n = (int) Math.min(left, ZEROS.length);
                accept(ZEROS, 0, n);
                left -= n;
            }
        }
    }

    /** Zeros for {@link Sink#hole}; never written to. */
    byte[] ZEROS = new byte[64 << 10];
}

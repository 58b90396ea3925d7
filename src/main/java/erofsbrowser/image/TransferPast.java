package erofsbrowser.image;

import java.io.IOException;

/**
 * A content's transfer that goes on past what cannot be read, for readers that know their own
 * pieces (blocks, chunks, extents): each piece that fails goes to the sink as zeros, and a run of
 * failing pieces in a row is one fault, the first failure's, so that a file whose every block is
 * bad is one line rather than thousands. After {@link #MAX_BAD_IN_A_ROW} bad pieces in a row the
 * transfer ends there, as a strict one does: a damaged i_size may promise terabytes that are not
 * in the image, which must be neither tried block by block nor handed on as zeros. A reader feeds
 * it its pieces in content order, and stops when it says so.
 */
public final class TransferPast {
    /** Pieces failing in a row before the rest of the content is given up as one hole. */
    public static final int MAX_BAD_IN_A_ROW = 256;

    private final FileContent content;
    private final FileContent.Sink sink;
    private final FileContent.FaultHandler faults;
    private final int unit;
    private ImageException firstError;
    private long badBytes;
    private long badInARow;

    /** Into {@code sink}, reads that fail being retried {@code unit} bytes at a time (the format's block). */
    public TransferPast(FileContent content, FileContent.Sink sink, FileContent.FaultHandler faults, int unit) {
        this.content = content;
        this.sink = sink;
        this.faults = faults;
        this.unit = Math.max(1, unit);
    }

    /**
     * Bytes {@code [from, to)} read with reads as large as {@code buf}; a read that fails is read
     * again a unit at a time, and the units that fail are zeros. Returns false when the transfer
     * is given up (its faults reported): the caller stops.
     */
    public boolean read(long from, long to, byte[] buf) throws IOException {
        long pos = from;
        while (pos < to) {
            int n = (int) Math.min(buf.length, to - pos);
            try {
                int got = content.read(pos, buf, 0, n);
                if (got <= 0) {
                    throw new ImageException("the content ends at " + pos + " of " + content.size() + " bytes", 0);
                }
                good();
                sink.accept(buf, 0, got);
                pos += got;
            } catch (ImageException e) {
                for (long end = pos + n; pos < end; ) {
                    int piece = (int) Math.min(unit - Math.floorMod(pos, (long) unit), end - pos);
                    try {
                        int got = content.read(pos, buf, 0, piece);
                        if (got != piece) {
                            throw e;
                        }
                        good();
                        sink.accept(buf, 0, piece);
                    } catch (ImageException bad) {
                        bad(bad, piece);
                        if (givingUp()) {
                            finish();
                            return false;
                        }
                    }
                    pos += piece;
                }
            }
        }
        return true;
    }

    /** The transfer ends here on {@code error} (nothing further can be found): reported after what was pending. */
    public void end(ImageException error) throws IOException {
        finish();
        faults.fault(error);
    }

    /** {@code length} bytes of the content that cannot be read ({@code error}): zeros, part of the current fault. */
    public void bad(ImageException error, long length) {
        if (firstError == null) {
            firstError = error;
        }
        badBytes += length;
        badInARow++;
    }

    /** Whether so many pieces failed in a row that the rest is not worth trying. */
    public boolean givingUp() {
        return badInARow >= MAX_BAD_IN_A_ROW;
    }

    /** {@code length} bytes the format does not store. */
    public void hole(long length) throws IOException {
        good();
        sink.hole(length);
    }

    /** The end: a run of failures still open is reported. */
    public void finish() throws IOException {
        good();
    }

    private void good() throws IOException {
        if (firstError != null) {
            sink.hole(badBytes);
            faults.fault(firstError);
            firstError = null;
            badBytes = 0;
        }
        badInARow = 0;
    }
}

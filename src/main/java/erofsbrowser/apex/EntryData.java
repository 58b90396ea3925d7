package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a zip entry's content, stored or deflated (java.util.zip's Inflater does the inflating),
 * and holds it to what the central directory says: exactly {@code size} bytes, with its CRC-32.
 * Input is read in chunks, so a hostile compressed size costs no memory; output never goes past
 * the declared size.
 */
final class EntryData {
    private static final int CHUNK = 1 << 20;
    /** Deflate turns one byte into at most 258 * 8 / 2 bytes; 1032 bounds every real stream (zlib's figure). */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private EntryData() {
    }

    /**
     * Receives the content in order. A class, not a lambda: opening an APEX reads its metadata
     * through here, and the first lambda of a run costs tens of milliseconds to link.
     */
    private abstract static class Sink {
        abstract void accept(byte[] b, int off, int len) throws IOException;
    }

    /** Copies into one array. */
    private static final class ToArray extends Sink {
        final byte[] out;
        int filled;

        ToArray(int size) {
            out = new byte[size];
        }

        @Override
        void accept(byte[] b, int off, int len) {
            System.arraycopy(b, off, out, filled, len);
            filled += len;
        }
    }

    /** Drops what it gets: for checking the CRC-32 alone. */
    private static final class Discard extends Sink {
        @Override
        void accept(byte[] b, int off, int len) {
        }
    }

    /** Writes to a file. */
    private static final class ToChannel extends Sink {
        final FileChannel out;

        ToChannel(FileChannel out) {
            this.out = out;
        }

        @Override
        void accept(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    static void requireReadable(ZipEntry e, ImageSource source) throws ImageException {
        if (!e.hasData()) {
            throw new ImageException(e.name() + ": its local file header cannot be read", e.localHeaderOffset());
        }
        if ((e.flags() & 1) != 0) {
            throw new ImageException(e.name() + " is encrypted", e.centralHeaderOffset() + 8);
        }
        if (!e.isStored() && !e.isDeflated()) {
            throw new ImageException(e.name() + ": compression method " + e.method() + " is not read here",
                    e.centralHeaderOffset() + 10);
        }
        if (e.compressedSize() < 0 || e.compressedSize() > source.length() - e.dataOffset()) {
            throw new ImageException(e.name() + ": its data (" + Long.toUnsignedString(e.compressedSize())
                    + " bytes) runs past the end of the file", e.dataOffset());
        }
        if (e.size() < 0 || (e.isStored() && e.size() != e.compressedSize())) {
            throw new ImageException(e.name() + ": size " + Long.toUnsignedString(e.size()) + " does not fit its "
                    + Long.toUnsignedString(e.compressedSize()) + " stored bytes", e.centralHeaderOffset() + 24);
        }
        if (e.isDeflated() && e.size() / MAX_DEFLATE_RATIO > e.compressedSize() + 1) {
            throw new ImageException(e.name() + ": " + e.size() + " bytes cannot come from " + e.compressedSize()
                    + " deflated bytes", e.centralHeaderOffset() + 24);
        }
    }

    static byte[] read(ImageSource source, ZipEntry e, int limit) throws ImageException {
        return read(source, e, limit, true);
    }

    /** The content; {@code checkCrc} false leaves the CRC-32 to the caller (to show content that fails it). */
    static byte[] read(ImageSource source, ZipEntry e, int limit, boolean checkCrc) throws ImageException {
        requireReadable(e, source);
        if (e.size() > limit) {
            throw new ImageException(e.name() + " is " + e.size() + " bytes, more than the " + limit
                    + " read into memory for it", e.centralHeaderOffset() + 24);
        }
        ToArray out = new ToArray((int) e.size());
        try {
            copy(source, e, out, Progress.NONE, null, checkCrc);
        } catch (IOException x) {
            throw new IllegalStateException("copying into memory does no I/O", x);
        }
        return out.out;
    }

    static void verify(ImageSource source, ZipEntry e, Progress progress, BooleanSupplier cancelled) throws ImageException {
        requireReadable(e, source);
        try {
            copy(source, e, new Discard(), progress, cancelled, true);
        } catch (IOException x) {
            throw new IllegalStateException("discarding does no I/O", x);
        }
    }

    static void extract(ImageSource source, ZipEntry e, Path target, Progress progress, BooleanSupplier cancelled)
            throws ImageException, IOException {
        requireReadable(e, source);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            copy(source, e, new ToChannel(out), progress, cancelled, true);
        }
    }

    /** Passes exactly {@code e.size()} checked bytes to {@code sink}; {@code cancelled} null for never. */
    private static void copy(ImageSource source, ZipEntry e, Sink sink, Progress progress, BooleanSupplier cancelled,
                             boolean checkCrc) throws ImageException, IOException {
        CRC32 crc = new CRC32();
        if (e.isStored()) {
            copyStored(source, e, sink, crc, progress, cancelled);
        } else {
            inflate(source, e, sink, crc, progress, cancelled);
        }
        if (checkCrc && crc.getValue() != e.crc()) {
            throw new ImageException(String.format("%s: its content's CRC-32 is %08x, the central directory says %08x",
                    e.name(), crc.getValue(), e.crc()), e.dataOffset());
        }
    }

    private static void copyStored(ImageSource source, ZipEntry e, Sink sink, CRC32 crc, Progress progress,
                                   BooleanSupplier cancelled)
            throws ImageException, IOException {
        byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(1, e.size()))];
        for (long done = 0; done < e.size(); ) {
            stopIfCancelled(cancelled);
            int n = (int) Math.min(buffer.length, e.size() - done);
            if (n < DirectReads.WINDOW) {
                System.arraycopy(DirectReads.read(source, e.dataOffset() + done, n), 0, buffer, 0, n);
            } else {
                source.readFully(e.dataOffset() + done, buffer, 0, n);
            }
            crc.update(buffer, 0, n);
            sink.accept(buffer, 0, n);
            done += n;
            progress.update(done, e.size());
        }
    }

    private static void inflate(ImageSource source, ZipEntry e, Sink sink, CRC32 crc, Progress progress,
                                BooleanSupplier cancelled)
            throws ImageException, IOException {
        Inflater inflater = new Inflater(true);
        try {
            byte[] in = new byte[(int) Math.min(CHUNK, Math.max(1, e.compressedSize()))];
            byte[] out = new byte[(int) Math.min(CHUNK, Math.max(1, e.size()))];
            long consumed = 0;
            long produced = 0;
            while (!inflater.finished()) {
                stopIfCancelled(cancelled);
                if (inflater.needsInput()) {
                    if (consumed == e.compressedSize()) {
                        throw new ImageException(e.name() + ": the deflated data ends before the stream does (after "
                                + produced + " of " + e.size() + " bytes)", e.dataOffset() + consumed);
                    }
                    int n = (int) Math.min(in.length, e.compressedSize() - consumed);
                    if (n < DirectReads.WINDOW) {
                        System.arraycopy(DirectReads.read(source, e.dataOffset() + consumed, n), 0, in, 0, n);
                    } else {
                        source.readFully(e.dataOffset() + consumed, in, 0, n);
                    }
                    inflater.setInput(in, 0, n);
                    consumed += n;
                    progress.update(consumed, e.compressedSize());
                }
                int room = (int) Math.min(out.length, e.size() - produced);
                int n = inflater.inflate(out, 0, room == 0 ? 1 : room);
                if (n > room) {
                    throw new ImageException(e.name() + ": the deflated data holds more than the " + e.size()
                            + " bytes the central directory says", e.dataOffset());
                }
                if (inflater.needsDictionary()) {
                    throw new ImageException(e.name() + ": the deflated data asks for a preset dictionary", e.dataOffset());
                }
                crc.update(out, 0, n);
                sink.accept(out, 0, n);
                produced += n;
            }
            if (produced != e.size()) {
                throw new ImageException(e.name() + ": the deflated data holds " + produced + " bytes, the central "
                        + "directory says " + e.size(), e.dataOffset());
            }
        } catch (DataFormatException x) {
            throw new ImageException(e.name() + ": corrupt deflated data: " + x.getMessage(),
                    e.dataOffset() + Math.max(0, inflater.getBytesRead() - 1));
        } finally {
            inflater.end();
        }
    }

    private static void stopIfCancelled(BooleanSupplier cancelled) {
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
    }
}

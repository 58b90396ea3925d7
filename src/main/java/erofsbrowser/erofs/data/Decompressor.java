package erofsbrowser.erofs.data;

import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.image.ImageException;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.tukaani.xz.LZMAInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes one pcluster's bytes into the extent they stand for. Stateless and thread-safe.
 * The input is untrusted: every decoder used is a safe one, and a failure is an
 * {@link ImageException} naming the pcluster's position.
 */
public final class Decompressor {
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();
    /** Raw-deflate inflaters, one per thread, reset for each pcluster (each holds native zlib state). */
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));
    /** Zstd contexts are not thread-safe but are costly to build: one per thread, reused. */
    private static final ThreadLocal<ZstdDecompressCtx> ZSTD = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private Decompressor() {
    }

    /** Does nothing itself: the first call initialises this class, which loads lz4's native library. */
    public static void load() {
    }

    /**
     * Decodes {@code raw[rawOff, rawOff + rawLength)}, compressed with {@code algorithm}, into
     * exactly {@code want} bytes at {@code out[outOff]}. {@code partial}: the stream may go on past
     * them (only a prefix is used).
     */
    static void decode(CompressionAlgorithm algorithm, byte[] raw, int rawOff, int rawLength, byte[] out, int outOff,
                       int want, boolean partial, long where, long nid) throws ImageException {
        // Compressed data is right-aligned in its pcluster; leading zeros are padding.
        int end = rawOff + rawLength;
        int start = rawOff;
        while (start < end && raw[start] == 0) {
            start++;
        }
        if (start >= end) {
            throw new ImageException("pcluster holds only zeros", where, nid);
        }
        try {
            switch (algorithm) {
                case LZ4 -> lz4(raw, start, end - start, out, outOff, want, partial, where, nid);
                case LZMA -> readFully(lzmaStream(raw, start, end - start, want), out, outOff, want, where, nid,
                        algorithm);
                case DEFLATE -> inflate(raw, start, end - start, out, outOff, want, where, nid);
                case ZSTD -> zstd(raw, start, end - start, out, outOff, want, where, nid);
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageException(algorithm.formatName() + " data is corrupt: " + why(e), where, nid);
        }
    }

    /** What went wrong in a decoder, in words: a decoder that runs out of input says so with a bare EOFException. */
    static String why(Exception e) {
        if (e instanceof java.io.EOFException) {
            return "it ends early: the compressed stream stops before its data is complete";
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        String name = e.getClass().getSimpleName();
        return name.endsWith("Exception") ? "the decoder failed (" + name + ")" : name;
    }

    private static void lz4(byte[] src, int off, int len, byte[] out, int outOff, int want, boolean partial,
                            long where, long nid) throws ImageException {
        if (partial) {
            if (!Lz4PartialDecoder.decode(src, off, len, out, outOff, want)) {
                throw new ImageException("lz4 data is corrupt", where, nid);
            }
            return;
        }
        int n;
        try {
            n = LZ4.decompress(src, off, len, out, outOff, want);
        } catch (LZ4Exception e) {
            throw new ImageException("lz4 data is corrupt: " + e.getMessage(), where, nid);
        }
        if (n != want) {
            throw new ImageException("lz4 data decodes to " + n + " bytes, not " + want, where, nid);
        }
    }

    /** MicroLZMA: a raw LZMA1 stream whose first byte (always 0) is replaced by the inverted properties byte. */
    private static InputStream lzmaStream(byte[] src, int off, int len, int want) throws IOException {
        byte props = (byte) ~src[off];
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(new byte[] {0}),
                new ByteArrayInputStream(src, off + 1, len - 1));
        // Each pcluster is coded on its own: a dictionary as large as the output is always enough.
        int dict = Math.max(4096, Integer.highestOneBit(Math.max(want, 1) - 1) << 1);
        return new LZMAInputStream(body, want, props, dict);
    }

    private static void inflate(byte[] src, int off, int len, byte[] out, int outOff, int want, long where, long nid)
            throws ImageException {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        try {
            inflater.setInput(src, off, len);
            int n = 0;
            while (n < want) {
                int got = inflater.inflate(out, outOff + n, want - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != want) {
                throw new ImageException("deflate data ends after " + n + " of " + want + " bytes", where, nid);
            }
        } catch (DataFormatException e) {
            throw new ImageException("deflate data is corrupt: " + e.getMessage(), where, nid);
        }
    }

    /**
     * A frame whose header gives exactly the wanted size is decoded in one call, with a context
     * kept per thread. Any other frame (unknown size, or only a prefix used) goes through a stream.
     */
    private static void zstd(byte[] src, int off, int len, byte[] out, int outOff, int want, long where, long nid)
            throws IOException, ImageException {
        try {
            if (Zstd.getFrameContentSize(src, off, len) == want) {
                int n = ZSTD.get().decompressByteArray(out, outOff, want, src, off, len);
                if (n != want) {
                    throw new ImageException("zstd data ends after " + n + " of " + want + " bytes", where, nid);
                }
                return;
            }
            readFully(new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src, off, len)), out, outOff, want, where,
                    nid, CompressionAlgorithm.ZSTD);
        } catch (ZstdException e) {
            throw new ImageException("zstd data is corrupt: " + e.getMessage(), where, nid);
        }
    }

    private static void readFully(InputStream in, byte[] out, int outOff, int want, long where, long nid,
                                  CompressionAlgorithm a) throws IOException, ImageException {
        try (in) {
            int n = 0;
            while (n < want) {
                int got = in.read(out, outOff + n, want - n);
                if (got < 0) {
                    throw new ImageException(a.formatName() + " data ends after " + n + " of " + want + " bytes",
                            where, nid);
                }
                n += got;
            }
        }
    }
}

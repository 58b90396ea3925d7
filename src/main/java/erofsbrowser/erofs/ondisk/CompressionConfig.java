package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A compression configuration record ({@code struct z_erofs_*_cfgs}), stored after the superblock
 * for each algorithm the image uses when {@link Feature#COMPR_CFGS} is set.
 */
public sealed interface CompressionConfig {
    ByteRange range();

    CompressionAlgorithm algorithm();

    record Lz4(ByteRange range, int maxDistance, int maxPclusterBlocks) implements CompressionConfig {
        public CompressionAlgorithm algorithm() {
            return CompressionAlgorithm.LZ4;
        }
    }

    record Lzma(ByteRange range, long dictSize, int format) implements CompressionConfig {
        public CompressionAlgorithm algorithm() {
            return CompressionAlgorithm.LZMA;
        }
    }

    record Deflate(ByteRange range, int windowBits) implements CompressionConfig {
        public CompressionAlgorithm algorithm() {
            return CompressionAlgorithm.DEFLATE;
        }
    }

    record Zstd(ByteRange range, int format, int windowLog) implements CompressionConfig {
        public CompressionAlgorithm algorithm() {
            return CompressionAlgorithm.ZSTD;
        }
    }

    /** The records after the superblock, one per algorithm bit, in increasing algorithm id. */
    static List<CompressionConfig> readAll(ImageSource source, Superblock sb) throws ImageException {
        List<CompressionConfig> configs = new ArrayList<>();
        if (!sb.has(Feature.COMPR_CFGS)) {
            return configs;
        }
        int algs = sb.availableComprAlgs();
        if ((algs & ~0xF) != 0) {
            throw new ImageException(String.format("unknown compression algorithm in bitmap 0x%x", algs),
                    Superblock.OFFSET + 84);
        }
        long pos = Superblock.OFFSET + sb.size();
        for (CompressionAlgorithm alg : CompressionAlgorithm.values()) {
            if ((algs & (1 << alg.id())) == 0) {
                continue;
            }
            pos = (pos + 3) & ~3L;
            int len = Short.toUnsignedInt(source.buffer(pos, 2).getShort(0));
            if (len == 0 || len > 64) {
                throw new ImageException("bad length " + len + " of the " + alg.formatName()
                        + " compression configuration", pos);
            }
            ByteRange range = new ByteRange(pos, 2 + len);
            ByteBuffer p = source.buffer(pos + 2, Math.max(len, 14));
            configs.add(switch (alg) {
                case LZ4 -> new Lz4(range, Short.toUnsignedInt(p.getShort(0)),
                        Math.max(1, Short.toUnsignedInt(p.getShort(2))));
                case LZMA -> new Lzma(range, Integer.toUnsignedLong(p.getInt(0)), Short.toUnsignedInt(p.getShort(4)));
                case DEFLATE -> new Deflate(range, p.get(0) & 0xFF);
                case ZSTD -> new Zstd(range, p.get(0) & 0xFF, p.get(1) & 0xFF);
            });
            pos += 2 + len;
        }
        return configs;
    }
}

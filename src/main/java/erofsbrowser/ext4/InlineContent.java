package erofsbrowser.ext4;

import erofsbrowser.image.FileContent;

import java.io.IOException;
import java.util.Arrays;

/**
 * Content kept inside the inode (inline_data: the first 60 bytes in {@code i_block}, the rest in
 * the {@code system.data} xattr), or a fast symlink's target: bytes already read. Where
 * {@code i_size} says more than the inode holds, the rest reads as zeros, as the kernel's
 * {@code ext4_readpage_inline} fills it. Immutable.
 */
final class InlineContent implements FileContent {
    private final byte[] bytes;
    private final long size;

    InlineContent(byte[] bytes, long size) {
        this.bytes = size < bytes.length ? Arrays.copyOf(bytes, (int) size) : bytes;
        this.size = size;
    }

    InlineContent(byte[] bytes) {
        this(bytes, bytes.length);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, byte[] dst, int off, int len) {
        if (position < 0 || position >= size || len <= 0) {
            return 0;
        }
        int n = (int) Math.min(len, size - position);
        int stored = (int) Math.max(0, Math.min(n, bytes.length - position));
        if (stored > 0) {
            System.arraycopy(bytes, (int) position, dst, off, stored);
        }
        Arrays.fill(dst, off + stored, off + n, (byte) 0);
        return n;
    }

    @Override
    public void transferTo(Sink sink) throws IOException {
        sink.accept(bytes, 0, bytes.length);
        if (size > bytes.length) {
            sink.hole(size - bytes.length);
        }
    }
}

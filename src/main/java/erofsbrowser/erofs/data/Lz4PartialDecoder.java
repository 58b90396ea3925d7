package erofsbrowser.erofs.data;

import erofsbrowser.image.LittleEndian;

/**
 * An LZ4 block decoder that stops once it has produced the wanted number of bytes, as the kernel's
 * LZ4_decompress_safe_partial does. Needed where the stream continues past what the extent uses:
 * pclusters shared by deduplication, and old images whose stream is followed by padding.
 * Every read and copy is bounds-checked: hostile input raises an error, nothing else.
 */
final class Lz4PartialDecoder {
    private Lz4PartialDecoder() {
    }

    /** Decodes {@code src[off, off+len)} into {@code dst[base, base+want)}; false when the stream is corrupt or short. */
    static boolean decode(byte[] src, int off, int len, byte[] dst, int base, int want) {
        int ip = off;
        int end = off + len;
        int op = 0;
        while (op < want) {
            if (ip >= end) {
                return false;
            }
            int token = src[ip++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (ip >= end) {
                        return false;
                    }
                    b = src[ip++] & 0xFF;
                    literals += b;
                } while (b == 255 && literals < Integer.MAX_VALUE - 255);
            }
            if (literals > end - ip) {
                return false;
            }
            int copy = Math.min(literals, want - op);
            System.arraycopy(src, ip, dst, base + op, copy);
            ip += literals;
            op += copy;
            if (op >= want) {
                return true;
            }
            if (end - ip < 2) {
                return false;
            }
            int offset = LittleEndian.u16(src, ip);
            ip += 2;
            if (offset == 0 || offset > op) {
                return false;
            }
            int match = token & 15;
            if (match == 15) {
                int b;
                do {
                    if (ip >= end) {
                        return false;
                    }
                    b = src[ip++] & 0xFF;
                    match += b;
                } while (b == 255 && match < Integer.MAX_VALUE - 255);
            }
            match += 4;
            int n = Math.min(match, want - op);
            for (int i = 0; i < n; i++) {
                dst[base + op + i] = dst[base + op - offset + i];
            }
            op += n;
        }
        return true;
    }
}

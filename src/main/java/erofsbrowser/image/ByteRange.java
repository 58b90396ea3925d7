package erofsbrowser.image;

/**
 * A run of bytes in the image: where an on-disk structure lives, so that a hex view can show it.
 * Offsets count from the start of the EROFS image (byte 0 is 1024 bytes before the superblock).
 */
public record ByteRange(long offset, long length) {
    public ByteRange {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length);
        }
    }

    public long end() {
        return offset + length;
    }

    public boolean contains(long position) {
        return position >= offset && position < offset + length;
    }

    @Override
    public String toString() {
        return offset + ".." + end() + " (" + length + " bytes)";
    }
}

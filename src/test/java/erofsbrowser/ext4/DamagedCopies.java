package erofsbrowser.ext4;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Damage done by a test to a copy of a sound ext4 image in its temporary folder (the fixture images
 * are shared by every test, so none is written to): bytes written over at an offset, given
 * little-endian as ext4's fields are.
 */
final class DamagedCopies {
    private DamagedCopies() {
    }

    /** A copy of {@code fixture}'s image in {@code dir}, named after it. */
    static Path copy(Ext4Fixture fixture, Path dir) throws IOException {
        return Files.copy(fixture.image(), dir.resolve(fixture.name() + ".img"));
    }

    /** Writes {@code bytes} over {@code image} from {@code offset} on. */
    static void patch(Path image, long offset, byte... bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }
}

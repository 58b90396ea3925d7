package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.FileType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A directory entry ({@code struct erofs_dirent}) and its name.
 *
 * @param nid        the inode it names
 * @param fileType   the file_type byte (see {@link FileType#ofDirentType}); the inode's mode is authoritative
 * @param name       the name's raw bytes (1 to 255, any bytes but {@code /} and NUL)
 * @param dataOffset where the 12-byte dirent starts in the directory's data
 * @param offset     where the 12-byte dirent starts in the image, or {@link #NOT_PLAIN} when the
 *                   directory's data is not stored plainly (compressed directories)
 * @param nameOffset where the name starts in the image, likewise
 */
public record Dirent(long nid, int fileType, byte[] name, long dataOffset, long offset, long nameOffset) {
    static final int SIZE = 12;
    /** The offset of a dirent (or name) whose directory data is not stored plainly in the image. */
    public static final long NOT_PLAIN = -1;

    /** Where the 12-byte dirent lives in the image, or null when it is not stored plainly. */
    public ByteRange range() {
        return offset == NOT_PLAIN ? null : new ByteRange(offset, SIZE);
    }

    /** Where the dirent starts in the image, or {@code elsewhere} when it is not stored plainly (for messages). */
    public long offsetOr(long elsewhere) {
        return offset == NOT_PLAIN ? elsewhere : offset;
    }

    /** Where the name lives in the image, or null when it is not stored plainly. */
    public ByteRange nameRange() {
        return nameOffset == NOT_PLAIN ? null : new ByteRange(nameOffset, name.length);
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    public boolean isDot() {
        return name.length == 1 && name[0] == '.';
    }

    public boolean isDotDot() {
        return name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    public boolean nameEquals(byte[] other) {
        return Arrays.equals(name, other);
    }

    public int compareName(byte[] other) {
        return Arrays.compareUnsigned(name, other);
    }

    public int compareName(Dirent other) {
        return Arrays.compareUnsigned(name, other.name);
    }

    /** The name itself, not a copy: only for code in this package that does not change it. */
    public byte[] nameBytes() {
        return name;
    }
}

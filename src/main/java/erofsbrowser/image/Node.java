package erofsbrowser.image;

/**
 * An entry of a filesystem image's tree, whatever the format: its path, and the metadata every
 * format has (what the kernel's {@code stat} shows). Each format's reader implements it with its
 * own entry type, which also knows where the entry's structures lie; a {@link FileSystemImage}
 * takes back only the nodes it made.
 *
 * <p>Paths are raw bytes: a name may be any bytes but {@code /} and NUL.
 */
public interface Node {

    /** The absolute path's raw bytes ({@code /} for the root). */
    byte[] path();

    int pathLength();

    /** Copies the path's raw bytes into {@code dst} at {@code off} (a listing writes millions of them). */
    void copyPath(byte[] dst, int off);

    /** The path for display (UTF-8; other bytes replaced). */
    String pathString();

    /** The last path component's raw bytes; {@code /} for the root. */
    byte[] name();

    String nameString();

    boolean isRoot();

    FileType type();

    /** The number the format gives the entry's inode (an EROFS nid, an ext4 inode number). */
    long inodeNumber();

    /** Permission bits with setuid, setgid and sticky (mode without the type bits). */
    int permissions();

    long uid();

    long gid();

    /** Length of the content: file bytes, directory size, symlink target length. */
    long size();

    /** Modification time, whole seconds since the epoch. */
    long mtime();

    int mtimeNanos();

    long nlink();

    /** Device number, for character and block devices (0 otherwise). */
    int rdevMajor();

    int rdevMinor();

    /**
     * The byte offset that best names this entry in a message: where its directory entry lies, or
     * its inode when it has none (the root) or the directory entry is not stored plainly.
     */
    long location();

    default boolean isDirectory() {
        return type() == FileType.DIR;
    }
}

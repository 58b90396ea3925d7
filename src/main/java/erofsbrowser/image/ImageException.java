package erofsbrowser.image;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one exception every reader raises for an image it cannot read: corrupt, truncated, hostile
 * or using a feature the reader does not know. It says what is wrong and where: the byte offset
 * in the image, and where known the inode (by the number the format gives it: an EROFS nid, an
 * ext4 inode number) and the path of the entry.
 */
public final class ImageException extends Exception {
    private static final long NO_INODE = -1;

    private final String problem;
    private final long offset;
    private final String inodeTerm;
    private final long inode;
    private final String path;

    public ImageException(String problem, long offset) {
        this(problem, offset, null, NO_INODE, null, null);
    }

    /** A problem of EROFS inode {@code nid}. */
    public ImageException(String problem, long offset, long nid) {
        this(problem, offset, "nid", nid, null, null);
    }

    private ImageException(String problem, long offset, String inodeTerm, long inode, String path, Throwable cause) {
        super(describe(problem, offset, inodeTerm, inode, path), cause);
        this.problem = problem;
        this.offset = offset;
        this.inodeTerm = inodeTerm;
        this.inode = inode;
        this.path = path;
    }

    /** An I/O failure of the underlying file, reported at the image offset being read. */
    public static ImageException ioFailure(java.io.IOException cause, long offset) {
        return new ImageException("cannot read image: " + cause.getMessage(), offset, null, NO_INODE, null, cause);
    }

    /** The same problem, now known to concern the entry at {@code path}. Keeps the first path given. */
    public ImageException atPath(String entryPath) {
        if (path != null) {
            return this;
        }
        return relocated(inodeTerm, inode, entryPath);
    }

    /** The same problem, now known to concern EROFS inode {@code nid}. Keeps the first inode given. */
    public ImageException atNid(long nid) {
        return atInode("nid", nid);
    }

    /**
     * The same problem, now known to concern the inode the format numbers {@code number}, named
     * with the format's own word for that number ("nid", "inode"). Keeps the first inode given.
     */
    public ImageException atInode(String term, long number) {
        if (inodeTerm != null) {
            return this;
        }
        return relocated(term, number, path);
    }

    /** The same problem, {@code delta} bytes further on: a filesystem's offset made its file's (an APEX's payload). */
    public ImageException shifted(long delta) {
        ImageException copy = new ImageException(problem, offset + delta, inodeTerm, inode, path, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    private ImageException relocated(String newTerm, long newInode, String newPath) {
        ImageException copy = new ImageException(problem, offset, newTerm, newInode, newPath, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    /** Byte offset in the image (from the start of the image, not of the file holding it). */
    public long offset() {
        return offset;
    }

    /** The number of the inode concerned (an EROFS nid, an ext4 inode number), where known. */
    public OptionalLong nid() {
        return inodeTerm == null ? OptionalLong.empty() : OptionalLong.of(inode);
    }

    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    private static String describe(String problem, long offset, String inodeTerm, long inode, String path) {
        StringBuilder sb = new StringBuilder(problem);
        sb.append(" (at byte offset ").append(offset);
        if (inodeTerm != null) {
            sb.append(", ").append(inodeTerm).append(' ').append(Long.toUnsignedString(inode));
        }
        if (path != null) {
            sb.append(", path ").append(path);
        }
        return sb.append(')').toString();
    }
}

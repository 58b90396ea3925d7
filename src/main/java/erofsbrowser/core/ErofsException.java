package erofsbrowser.core;

import java.util.OptionalLong;

/**
 * The one exception the reader raises for an image it cannot read: corrupt, truncated, hostile or
 * using a feature this reader does not know. It says what is wrong and where: the byte offset in
 * the image, and where known the nid of the inode and the path of the entry.
 */
public final class ErofsException extends Exception {
    private static final long NO_NID = -1;

    private final String problem;
    private final long offset;
    private final long nid;
    private final String path;

    public ErofsException(String problem, long offset) {
        this(problem, offset, NO_NID, null, null);
    }

    public ErofsException(String problem, long offset, long nid) {
        this(problem, offset, nid, null, null);
    }

    private ErofsException(String problem, long offset, long nid, String path, Throwable cause) {
        super(describe(problem, offset, nid, path), cause);
        this.problem = problem;
        this.offset = offset;
        this.nid = nid;
        this.path = path;
    }

    /** An I/O failure of the underlying file, reported at the image offset being read. */
    public static ErofsException ioFailure(java.io.IOException cause, long offset) {
        return new ErofsException("cannot read image: " + cause.getMessage(), offset, NO_NID, null, cause);
    }

    /** The same problem, now known to concern the entry at {@code path}. Keeps the first path given. */
    public ErofsException atPath(String entryPath) {
        if (path != null) {
            return this;
        }
        return relocated(nid, entryPath);
    }

    /** The same problem, now known to concern inode {@code nid}. Keeps the first nid given. */
    public ErofsException atNid(long inodeNid) {
        if (nid != NO_NID) {
            return this;
        }
        return relocated(inodeNid, path);
    }

    private ErofsException relocated(long newNid, String newPath) {
        ErofsException copy = new ErofsException(problem, offset, newNid, newPath, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    /** Byte offset in the image (from the start of the EROFS image, not of the file holding it). */
    public long offset() {
        return offset;
    }

    public OptionalLong nid() {
        return nid == NO_NID ? OptionalLong.empty() : OptionalLong.of(nid);
    }

    public java.util.Optional<String> path() {
        return java.util.Optional.ofNullable(path);
    }

    private static String describe(String problem, long offset, long nid, String path) {
        StringBuilder sb = new StringBuilder(problem);
        sb.append(" (at byte offset ").append(offset);
        if (nid != NO_NID) {
            sb.append(", nid ").append(Long.toUnsignedString(nid));
        }
        if (path != null) {
            sb.append(", path ").append(path);
        }
        return sb.append(')').toString();
    }
}

package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls extraction needs that java.nio does not offer: creating device nodes, fifos
 * and sockets, and setting extended attributes outside the {@code user.} namespace (and on
 * symlinks). Each throws {@link LastErrorException} carrying errno on failure.
 */
interface Libc extends Library {
    int S_IFIFO = 0010000;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;
    int S_IFSOCK = 0140000;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int lsetxattr(String path, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    long llistxattr(String path, byte[] list, long size) throws LastErrorException;

    long lgetxattr(String path, byte[] name, byte[] value, long size) throws LastErrorException;

    int geteuid();

    /** chmod(2): unlike java.nio, does not open the file (which blocks on a FIFO). */
    int chmod(String path, int mode) throws LastErrorException;

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    long UTIME_OMIT = (1L << 30) - 2;

    /** utimensat(2); {@code times} is two timespecs: {atime_sec, atime_nsec, mtime_sec, mtime_nsec}. */
    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    /** libc, or null when it cannot be loaded (then the calls above are reported as unavailable). */
    static Libc load() {
        try {
            return Native.load("c", Libc.class);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** The kernel's device number encoding (new_encode_dev), as glibc's makedev. */
    static long makedev(int major, int minor) {
        return ((long) (major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((long) (minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** A readable errno text. */
    static String describe(LastErrorException e) {
        return e.getMessage() == null ? "errno " + e.getErrorCode() : e.getMessage().replaceFirst("^\\[\\d+\\]\\s*", "");
    }
}

package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * The few libc calls extraction needs that java.nio does not offer, or offers only by opening
 * the file (which blocks on a FIFO): device nodes, FIFOs and sockets, one-call lchown, chmod and
 * utimensat without open, and extended attributes outside {@code user.} (and on symlinks).
 * Bound with JNA direct mapping, which costs far less per call than an interface proxy (an
 * extraction makes several calls per file). Each call throws {@link LastErrorException}, with
 * errno, on failure.
 */
final class Libc {
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;
    static final int S_IFSOCK = 0140000;
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final long UTIME_OMIT = (1L << 30) - 2;

    /** Holds the native methods; loading it binds them to libc once. */
    private static final class C {
        static {
            Native.register(C.class, "c");
        }

        static native int mknod(String path, int mode, long dev) throws LastErrorException;

        static native int lchown(String path, int uid, int gid) throws LastErrorException;

        static native int chmod(String path, int mode) throws LastErrorException;

        static native int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

        static native int lsetxattr(String path, byte[] name, byte[] value, long size, int flags)
                throws LastErrorException;

        static native long llistxattr(String path, byte[] list, long size) throws LastErrorException;

        static native long lgetxattr(String path, byte[] name, byte[] value, long size) throws LastErrorException;

        static native int geteuid();
    }

    private Libc() {
    }

    /** libc, or null when it cannot be loaded (then the calls are reported as unavailable). */
    static Libc load() {
        try {
            C.geteuid();
            return new Libc();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return null;
        }
    }

    int mknod(String path, int mode, long dev) {
        return C.mknod(path, mode, dev);
    }

    int lchown(String path, long uid, long gid) {
        return C.lchown(path, (int) uid, (int) gid);
    }

    int chmod(String path, int mode) {
        return C.chmod(path, mode);
    }

    /** {@code times} is two timespecs: {atime_sec, atime_nsec, mtime_sec, mtime_nsec}. */
    int utimensat(int dirfd, String path, long[] times, int flags) {
        return C.utimensat(dirfd, path, times, flags);
    }

    int lsetxattr(String path, byte[] name, byte[] value, long size, int flags) {
        return C.lsetxattr(path, name, value, size, flags);
    }

    long llistxattr(String path, byte[] list, long size) {
        return C.llistxattr(path, list, size);
    }

    long lgetxattr(String path, byte[] name, byte[] value, long size) {
        return C.lgetxattr(path, name, value, size);
    }

    int geteuid() {
        return C.geteuid();
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

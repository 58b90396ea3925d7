package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls extraction needs that java.nio does not offer, or offers only by opening
 * the file (which blocks on a FIFO): device nodes, FIFOs and sockets, one-call lchown, chmod and
 * utimensat without open, and extended attributes outside {@code user.} (and on symlinks). Regular
 * files are written through a plain descriptor (open, write, fchown, fchmod, futimens, close): the
 * metadata calls then need no path lookup, and no FileChannel is built per file.
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
    /** open(2) flags with the same value on every Linux architecture. */
    static final int O_WRONLY = 01;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_CLOEXEC = 02000000;
    static final int SEEK_CUR = 1;
    static final int EINTR = 4;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int EFBIG = 27;
    static final int ENAMETOOLONG = 36;
    static final int ENODATA = 61;
    static final int EOPNOTSUPP = 95;

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

        static native int open(String path, int flags, int mode) throws LastErrorException;

        static native long write(int fd, Pointer buf, long count) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native int fchown(int fd, int uid, int gid) throws LastErrorException;

        static native int fchmod(int fd, int mode) throws LastErrorException;

        static native int futimens(int fd, long[] times) throws LastErrorException;

        static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

        static native long lseek(int fd, long offset, int whence) throws LastErrorException;

        static native int ftruncate(int fd, long length) throws LastErrorException;
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

    int open(String path, int flags, int mode) {
        return C.open(path, flags, mode);
    }

    long write(int fd, Pointer buf, long count) {
        return C.write(fd, buf, count);
    }

    int close(int fd) {
        return C.close(fd);
    }

    int fchown(int fd, long uid, long gid) {
        return C.fchown(fd, (int) uid, (int) gid);
    }

    int fchmod(int fd, int mode) {
        return C.fchmod(fd, mode);
    }

    /** {@code times} as for {@link #utimensat}. */
    int futimens(int fd, long[] times) {
        return C.futimens(fd, times);
    }

    int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags) {
        return C.fsetxattr(fd, name, value, size, flags);
    }

    /** Moves the file offset (for a hole: the skipped bytes are never written, and read as zeros). */
    long lseek(int fd, long offset, int whence) {
        return C.lseek(fd, offset, whence);
    }

    /** Sets the file's length (a file that ends in a hole gets its length this way). */
    int ftruncate(int fd, long length) {
        return C.ftruncate(fd, length);
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

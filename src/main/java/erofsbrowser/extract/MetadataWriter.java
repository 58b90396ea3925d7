package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Gives a written entry its metadata: owner, then mode (chown clears setuid bits), then xattrs
 * (chown clears security.capability), then mtime. On an open descriptor where there is one,
 * else by path, never following a symlink. Owners only as root; what the target refuses is
 * reported, not fatal.
 */
final class MetadataWriter {
    /** No open descriptor: metadata is set by path. */
    static final int NO_FD = -1;

    private final FileSystemImage image;
    private final Host host;
    private final Tally tally;
    private volatile boolean ownersNoted;

    MetadataWriter(FileSystemImage image, Host host, Tally tally) {
        this.image = image;
        this.host = host;
        this.tally = tally;
    }

    void apply(Node node, Path target) throws ImageException, IOException {
        apply(node, target, NO_FD, false, false);
    }

    /** On {@code fd} unless it is {@link #NO_FD}; an owner or mode the entry already has from its creation is not set again. */
    void apply(Node node, Path target, int fd, boolean ownerSet, boolean modeSet) throws ImageException, IOException {
        Libc libc = host.libc();
        if (ownerSet) {
            // created as its owner: nothing to change
        } else if (host.root()) {
            try {
                if (fd == NO_FD) {
                    libc.lchown(target.toString(), node.uid(), node.gid());
                } else {
                    libc.fchown(fd, node.uid(), node.gid());
                }
            } catch (LastErrorException e) {
                throw new IOException(target + ": cannot set owner: " + Libc.describe(e));
            }
        } else if (!ownersNoted) {
            ownersNoted = true;
            tally.skip(node, "owners (uid/gid) not set on any entry: only root can give files to other users");
        }
        if (node.type() != FileType.SYMLINK && !modeSet) {
            setMode(target, fd, node.permissions());
        }
        for (ExtendedAttribute x : image.xattrs(node)) {
            setXattr(node, target, fd, x);
        }
        setMtime(target, fd, node);
    }

    /** Through libc where possible: java.nio opens the file to change it, which blocks on a FIFO. */
    private void setMode(Path target, int fd, int mode) throws IOException {
        Libc libc = host.libc();
        if (libc == null) {
            Files.setAttribute(target, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        try {
            if (fd == NO_FD) {
                libc.chmod(target.toString(), mode);
            } else {
                libc.fchmod(fd, mode);
            }
        } catch (LastErrorException e) {
            throw new IOException(target + ": cannot set mode: " + Libc.describe(e));
        }
    }

    private void setMtime(Path target, int fd, Node node) throws IOException {
        long nanos = Integer.toUnsignedLong(node.mtimeNanos()) % 1_000_000_000L;
        Libc libc = host.libc();
        if (libc == null) {
            Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(erofsbrowser.image.Times.instant(node.mtime(), nanos)), null, null);
            return;
        }
        long[] times = {0, Libc.UTIME_OMIT, node.mtime(), nanos};
        try {
            if (fd == NO_FD) {
                libc.utimensat(Libc.AT_FDCWD, target.toString(), times, Libc.AT_SYMLINK_NOFOLLOW);
            } else {
                libc.futimens(fd, times);
            }
        } catch (LastErrorException e) {
            throw new IOException(target + ": cannot set mtime: " + Libc.describe(e));
        }
    }

    private void setXattr(Node node, Path target, int fd, ExtendedAttribute x) {
        Libc libc = host.libc();
        if (libc == null) {
            tally.skip(node, "xattr " + x.nameString() + " not set: libc is not available");
            return;
        }
        byte[] name = java.util.Arrays.copyOf(x.name(), x.name().length + 1);
        byte[] value = x.value();
        try {
            if (fd == NO_FD) {
                libc.lsetxattr(target.toString(), name, value, value.length, 0);
            } else {
                libc.fsetxattr(fd, name, value, value.length, 0);
            }
        } catch (LastErrorException e) {
            tally.skip(node, "xattr " + x.nameString() + " not set: " + Libc.describe(e));
        }
    }
}

package erofsbrowser.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * The listing of a whole image in the fixture format: one {@link ManifestEntry} per entry, the
 * root included, sorted by path as raw bytes.
 */
public final class Manifest {
    private Manifest() {
    }

    /** Lists every entry of {@code image}, hashing every regular file's content. */
    public static List<ManifestEntry> of(ErofsImage image) throws ErofsException {
        List<ManifestEntry> entries = new ArrayList<>();
        image.walk(image.root(), e -> entries.add(entryOf(image, e)));
        entries.sort((a, b) -> Arrays.compareUnsigned(a.path(), b.path()));
        return entries;
    }

    /** The listing line of one entry. */
    public static ManifestEntry entryOf(ErofsImage image, Entry entry) throws ErofsException {
        Inode inode = entry.inode();
        try {
            FileType type = inode.type();
            TreeMap<byte[], byte[]> xattrs = new TreeMap<>(ManifestEntry.NAME_ORDER);
            for (Xattr x : image.xattrs(inode)) {
                xattrs.put(x.name(), x.value());
            }
            boolean file = type == FileType.FILE;
            boolean timeless = type == FileType.DIR || type == FileType.SYMLINK;
            return new ManifestEntry(
                    entry.path(), type, inode.permissions(), inode.uid(), inode.gid(),
                    timeless ? null : inode.mtime(),
                    file ? inode.size() : null,
                    file ? sha256(image.data(inode)) : null,
                    file && inode.nlink() > 1 ? inode.nlink() : null,
                    type == FileType.SYMLINK ? image.symlinkTarget(inode) : null,
                    inode.isDevice() ? new int[] {inode.rdevMajor(), inode.rdevMinor()} : null,
                    xattrs);
        } catch (ErofsException e) {
            throw e.atPath(entry.pathString());
        }
    }

    static String sha256(FileData data) throws ErofsException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try {
            data.transferTo(digest::update);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a digest does no I/O", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

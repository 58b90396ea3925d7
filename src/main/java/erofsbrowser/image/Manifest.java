package erofsbrowser.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * The listing of a whole image in the fixture format: one {@link ManifestEntry} per entry, the
 * root included, sorted by path as raw bytes. The same for every format, as the kernel's listing is.
 */
public final class Manifest {
    private Manifest() {
    }

    /** Lists every entry of {@code image}, hashing every regular file's content. */
    public static List<ManifestEntry> of(FileSystemImage image) throws ImageException {
        List<ManifestEntry> entries = new ArrayList<>();
        image.walk(image.root(), e -> entries.add(entryOf(image, e)));
        entries.sort((a, b) -> Arrays.compareUnsigned(a.path(), b.path()));
        return entries;
    }

    /**
     * Lists every entry of {@code image} that can be read, each fault met (an entry that cannot be
     * listed, or whose content cannot be read) going to {@code faults} and its entry left out.
     */
    public static List<ManifestEntry> of(FileSystemImage image, FileSystemImage.FaultVisitor faults) throws ImageException {
        List<ManifestEntry> entries = new ArrayList<>();
        image.walk(image.root(), e -> {
            try {
                entries.add(entryOf(image, e));
            } catch (ImageException x) {
                faults.fault(new Fault(e.name(), x));
            }
        }, faults);
        entries.sort((a, b) -> Arrays.compareUnsigned(a.path(), b.path()));
        return entries;
    }

    /** The listing line of one entry. */
    public static ManifestEntry entryOf(FileSystemImage image, Node node) throws ImageException {
        try {
            FileType type = node.type();
            TreeMap<byte[], byte[]> xattrs = new TreeMap<>(ManifestEntry.NAME_ORDER);
            for (ExtendedAttribute x : image.xattrs(node)) {
                xattrs.put(x.name(), x.value());
            }
            boolean file = type == FileType.FILE;
            boolean timeless = type == FileType.DIR || type == FileType.SYMLINK;
            boolean device = type == FileType.CHR || type == FileType.BLK;
            return new ManifestEntry(
                    node.path(), type, node.permissions(), node.uid(), node.gid(),
                    timeless ? null : node.mtime(),
                    file ? node.size() : null,
                    file ? sha256(image.content(node)) : null,
                    file && node.nlink() > 1 ? node.nlink() : null,
                    type == FileType.SYMLINK ? image.linkTarget(node) : null,
                    device ? new int[] {node.rdevMajor(), node.rdevMinor()} : null,
                    xattrs);
        } catch (ImageException e) {
            throw e.atPath(node.pathString());
        }
    }

    /** The SHA-256 of the whole content as lowercase hex; holes are hashed as zeros without being read. */
    public static String sha256(FileContent content) throws ImageException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try {
            content.transferTo(digest::update);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a digest does no I/O", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

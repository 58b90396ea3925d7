package erofsbrowser.extract;

import erofsbrowser.image.FileType;
import erofsbrowser.image.ManifestEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * Lists a folder on this machine's disk in the fixture format ({@code shared/fixtures/README.md}),
 * as the fixtures list an image through the Linux kernel: one {@link ManifestEntry} per entry, the
 * folder itself as {@code /}, sorted by path bytes. It reads only what the file system reports
 * (java.nio attributes, and the xattr calls of libc): nothing of the EROFS reader.
 */
public final class TreeListing {
    private static final LinkOption[] NO_FOLLOW = {NOFOLLOW_LINKS};

    private TreeListing() {
    }

    /** Every entry at and below {@code folder}, {@code folder} itself listed as "/". */
    public static List<ManifestEntry> of(Path folder) throws IOException {
        requireUtf8FileNames();
        List<ManifestEntry> list = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.toList();
        }
        for (Path p : paths) {
            list.add(entry(p, imagePath(folder, p)));
        }
        list.sort((a, b) -> Arrays.compareUnsigned(a.path(), b.path()));
        return list;
    }

    /** The listing line of one file on disk, named {@code path} in the listing. */
    static ManifestEntry entry(Path file, byte[] path) throws IOException {
        int unixMode = (Integer) Files.getAttribute(file, "unix:mode", NO_FOLLOW);
        FileType type = FileType.ofMode(unixMode);
        if (type == null) {
            throw new IOException(file + ": unknown file type in mode 0" + Integer.toOctalString(unixMode));
        }
        long uid = Integer.toUnsignedLong((Integer) Files.getAttribute(file, "unix:uid", NO_FOLLOW));
        long gid = Integer.toUnsignedLong((Integer) Files.getAttribute(file, "unix:gid", NO_FOLLOW));
        boolean regular = type == FileType.FILE;
        boolean timeless = type == FileType.DIR || type == FileType.SYMLINK;
        Long mtime = null;
        if (!timeless) {
            FileTime t = (FileTime) Files.getAttribute(file, "unix:lastModifiedTime", NO_FOLLOW);
            mtime = t.toInstant().getEpochSecond();
        }
        Long size = null;
        String sha256 = null;
        Long nlink = null;
        if (regular) {
            size = (Long) Files.getAttribute(file, "unix:size", NO_FOLLOW);
            sha256 = sha256(file);
            int links = (Integer) Files.getAttribute(file, "unix:nlink", NO_FOLLOW);
            nlink = links > 1 ? (long) links : null;
        }
        byte[] target = null;
        if (type == FileType.SYMLINK) {
            target = Files.readSymbolicLink(file).toString().getBytes(fileNameCharset());
        }
        int[] rdev = null;
        if (type == FileType.CHR || type == FileType.BLK) {
            long dev = (Long) Files.getAttribute(file, "unix:rdev", NO_FOLLOW);
            rdev = new int[] {gnuDevMajor(dev), gnuDevMinor(dev)};
        }
        return new ManifestEntry(path, type, unixMode & 07777, uid, gid, mtime, size, sha256, nlink, target, rdev,
                xattrs(file));
    }

    /** glibc's gnu_dev_major: bits 8..19 and 32..43 of the dev_t. */
    static int gnuDevMajor(long dev) {
        return (int) (((dev & 0x00000000000fff00L) >>> 8) | ((dev & 0xfffff00000000000L) >>> 32));
    }

    /** glibc's gnu_dev_minor: bits 0..7 and 20..31 of the dev_t. */
    static int gnuDevMinor(long dev) {
        return (int) ((dev & 0x00000000000000ffL) | ((dev & 0x00000ffffff00000L) >>> 12));
    }

    /** The extended attributes of {@code file} itself (not of a symlink's target), read with llistxattr/lgetxattr. */
    static TreeMap<byte[], byte[]> xattrs(Path file) throws IOException {
        Libc libc = Libc.load();
        if (libc == null) {
            throw new IOException("libc is not available: cannot read extended attributes");
        }
        String p = file.toString();
        TreeMap<byte[], byte[]> map = new TreeMap<>(ManifestEntry.NAME_ORDER);
        byte[] list = new byte[(int) libc.llistxattr(p, null, 0)];
        int listLength = list.length == 0 ? 0 : (int) libc.llistxattr(p, list, list.length);
        int start = 0;
        for (int i = 0; i < listLength; i++) {
            if (list[i] == 0) {
                byte[] name = Arrays.copyOfRange(list, start, i);
                byte[] cName = Arrays.copyOf(name, name.length + 1);
                long size = libc.lgetxattr(p, cName, null, 0);
                byte[] value = new byte[(int) size];
                long got = size == 0 ? 0 : libc.lgetxattr(p, cName, value, value.length);
                map.put(name, Arrays.copyOf(value, (int) got));
                start = i + 1;
            }
        }
        return map;
    }

    /** A file's SHA-256 as lowercase hex, readable even when extracted with mode 000. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // Not root: a file extracted with mode 000 cannot be opened; lend its owner read access meanwhile.
        Set<PosixFilePermission> before = null;
        if (!Files.isReadable(file)) {
            before = Files.getPosixFilePermissions(file, NO_FOLLOW);
            Set<PosixFilePermission> readable = java.util.EnumSet.of(PosixFilePermission.OWNER_READ);
            readable.addAll(before);
            Files.setPosixFilePermissions(file, readable);
        }
        try (InputStream in = Files.newInputStream(file, NO_FOLLOW)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        } finally {
            if (before != null) {
                Files.setPosixFilePermissions(file, before);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] imagePath(Path folder, Path p) {
        if (p.equals(folder)) {
            return new byte[] {'/'};
        }
        StringBuilder sb = new StringBuilder();
        for (Path part : folder.relativize(p)) {
            sb.append('/').append(part);
        }
        return sb.toString().getBytes(fileNameCharset());
    }

    /** How java.nio turns file names into bytes on this machine. */
    private static Charset fileNameCharset() {
        return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    }

    /** Names are compared as bytes; unless the JVM encodes file names as UTF-8 it cannot create or list them faithfully. */
    static void requireUtf8FileNames() {
        if (!fileNameCharset().equals(StandardCharsets.UTF_8)) {
            throw new IllegalStateException("file names are encoded as " + fileNameCharset()
                    + ", not UTF-8: run the tests with a UTF-8 locale (LANG=C.UTF-8)");
        }
    }
}

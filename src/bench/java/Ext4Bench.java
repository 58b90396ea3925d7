import erofsbrowser.ext4.Ext4Image;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bench-only command line over the ext4 reader (the product's CLI does not know ext4 yet):
 * {@code ls IMAGE} prints one {@code ls -l}-like line per entry of the whole tree, {@code extract
 * IMAGE DEST [THREADS]} writes the tree into DEST with plain java.nio (content, sparse files kept
 * sparse, directories, symlinks, hard links, modes, owners, mtimes, user. xattrs), as
 * {@code cp -a} of the kernel's mount does. Built and run by src/bench/bench-ext4.sh.
 */
public final class Ext4Bench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "ls" -> list(Path.of(args[1]));
            case "extract" -> extract(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 2);
            default -> throw new IllegalArgumentException("ls IMAGE | extract IMAGE DEST [THREADS]");
        }
    }

    private static void list(Path image) throws Exception {
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        byte[] line = new byte[8192];
        try (Ext4Image img = Ext4Image.open(image)) {
            img.walk(img.root(), n -> {
                try {
                    int len = format(img, n, line);
                    out.write(line, 0, len);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        out.flush();
    }

    /** {@code drwxr-xr-x 2 0 0 4096 2023-11-14 22:13 /path}: type and mode, links, owner, group, size, mtime (UTC), path. */
    private static int format(Ext4Image img, Node n, byte[] b) throws ImageException {
        int at = 0;
        b[at++] = (byte) n.type().lsChar();
        FileType.writePermissions(n.permissions(), b, at);
        at += 9;
        at = number(b, at, n.nlink());
        at = number(b, at, n.uid());
        at = number(b, at, n.gid());
        if (n.type() == FileType.CHR || n.type() == FileType.BLK) {
            at = number(b, at, n.rdevMajor());
            b[at - 1] = ',';
            at = number(b, at, n.rdevMinor());
        } else {
            at = number(b, at, n.size());
        }
        at = date(b, at, n.mtime());
        b[at++] = ' ';
        n.copyPath(b, at);
        at += n.pathLength();
        if (n.type() == FileType.SYMLINK) {
            b[at++] = ' ';
            b[at++] = '-';
            b[at++] = '>';
            b[at++] = ' ';
            byte[] t = img.linkTarget(n);
            System.arraycopy(t, 0, b, at, t.length);
            at += t.length;
        }
        b[at++] = '\n';
        return at;
    }

    /** A space, then {@code v} in decimal. */
    private static int number(byte[] b, int at, long v) {
        b[at++] = ' ';
        String s = Long.toString(v);
        for (int i = 0; i < s.length(); i++) {
            b[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    /** A space, then {@code yyyy-mm-dd hh:mm} of {@code seconds} (UTC), by the civil-from-days algorithm. */
    private static int date(byte[] b, int at, long seconds) {
        long days = Math.floorDiv(seconds, 86400);
        long secs = Math.floorMod(seconds, 86400);
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        at = number(b, at, y);
        b[at++] = '-';
        at = two(b, at, m);
        b[at++] = '-';
        at = two(b, at, d);
        b[at++] = ' ';
        at = two(b, at, secs / 3600);
        b[at++] = ':';
        return two(b, at, secs / 60 % 60);
    }

    private static int two(byte[] b, int at, long v) {
        b[at++] = (byte) ('0' + v / 10);
        b[at++] = (byte) ('0' + v % 10);
        return at;
    }

    private static void extract(Path image, Path dest, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> pending = new ArrayList<>();
        List<Node> dirs = new ArrayList<>();
        Map<Long, Path> linked = new HashMap<>();
        try (Ext4Image img = Ext4Image.open(image)) {
            img.walk(img.root(), n -> {
                Path p = n.isRoot() ? dest : dest.resolve(relative(n));
                try {
                    switch (n.type()) {
                        case DIR -> {
                            Files.createDirectories(p);
                            dirs.add(n);
                        }
                        case FILE -> {
                            Path first = n.nlink() > 1 ? linked.putIfAbsent(n.inodeNumber(), p) : null;
                            if (first != null) {
                                Files.createLink(p, first);
                            } else {
                                FileContent c = img.content(n);
                                List<ExtendedAttribute> xattrs = img.xattrs(n);
                                pending.add(pool.submit(() -> {
                                    writeFile(p, c);
                                    finish(p, n, xattrs);
                                    return null;
                                }));
                            }
                        }
                        case SYMLINK -> {
                            Files.createSymbolicLink(p, Path.of(new String(img.linkTarget(n), StandardCharsets.UTF_8)));
                            Files.setAttribute(p, "unix:uid", (int) n.uid(), LinkOption.NOFOLLOW_LINKS);
                            Files.setAttribute(p, "unix:gid", (int) n.gid(), LinkOption.NOFOLLOW_LINKS);
                            FileTime t = FileTime.from(Instant.ofEpochSecond(n.mtime(), n.mtimeNanos()));
                            Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class,
                                    LinkOption.NOFOLLOW_LINKS).setTimes(t, null, null);
                        }
                        default -> {
                            // devices, fifos, sockets: java.nio cannot make them
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (Future<?> f : pending) {
                f.get();
            }
            for (int i = dirs.size() - 1; i >= 0; i--) {
                Node d = dirs.get(i);
                finish(d.isRoot() ? dest : dest.resolve(relative(d)), d, img.xattrs(d));
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String relative(Node n) {
        return n.pathString().substring(1);
    }

    private static void writeFile(Path p, FileContent c) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
            c.transferTo(new FileContent.Sink() {
                @Override
                public void accept(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }

                @Override
                public void hole(long length) throws IOException {
                    ch.position(ch.position() + length);
                }
            });
            if (raf.length() != c.size()) {
                raf.setLength(c.size());
            }
        }
    }

    /**
     * Sets what {@code cp -a} keeps: user. xattrs, owner, mode, mtime. The owner and the mode are
     * set only where they differ from what the file was created with (by {@code stat} of it): most
     * files of a tree extracted as root are root's, with the default mode, and each chown or chmod
     * is a path lookup more.
     */
    private static void finish(Path p, Node n, List<ExtendedAttribute> xattrs) throws IOException {
        if (!xattrs.isEmpty()) {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
            for (ExtendedAttribute x : xattrs) {
                String name = x.nameString();
                if (name.startsWith("user.")) {
                    view.write(name.substring(5), ByteBuffer.wrap(x.value()));
                }
            }
        }
        Map<String, Object> now = Files.readAttributes(p, "unix:uid,gid,mode");
        if ((int) now.get("uid") != (int) n.uid() || (int) now.get("gid") != (int) n.gid()) {
            Files.setAttribute(p, "unix:uid", (int) n.uid());
            Files.setAttribute(p, "unix:gid", (int) n.gid());
            now = Files.readAttributes(p, "unix:mode"); // chown clears setuid and setgid
        }
        if (((int) now.get("mode") & 07777) != n.permissions()) {
            Files.setAttribute(p, "unix:mode", n.permissions()); // with setuid, setgid and sticky
        }
        Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(n.mtime(), n.mtimeNanos())));
    }
}

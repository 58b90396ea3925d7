package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import erofsbrowser.core.Entry;
import erofsbrowser.core.ErofsException;
import erofsbrowser.core.ErofsImage;
import erofsbrowser.core.FileData;
import erofsbrowser.core.FileType;
import erofsbrowser.core.Inode;
import erofsbrowser.core.Xattr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes entries of an image into a folder: content, directories, symlinks, hard links,
 * permissions, mtimes; owners and device nodes when running as root; extended attributes where
 * the target filesystem takes them.
 *
 * <p>It never writes outside the destination: every path it writes is the destination plus names
 * the reader has checked (no {@code /}, no NUL), {@code .} and {@code ..} are refused, files are
 * created with O_EXCL (never through an existing file or symlink), and existing directories are
 * reused only when they are real directories. An existing file is never overwritten; it is
 * reported as skipped. A file that fails half-way is removed.
 */
public final class Extractor {
    private static final int COPY_BUFFER = 1 << 20;

    private final ErofsImage image;
    private final Path destination;
    private final Libc libc;
    private final boolean root;
    private final List<ExtractionReport.Skipped> skipped = new ArrayList<>();
    private final Map<Long, Path> firstLinkOfNid = new HashMap<>();
    private long entries;
    private long bytes;
    private boolean ownersNoted;

    public Extractor(ErofsImage image, Path destination) {
        this.image = image;
        this.destination = destination;
        this.libc = Libc.load();
        this.root = libc != null && libc.geteuid() == 0;
    }

    /**
     * Extracts {@code entry} (with everything below it) as {@code destination/NAME}; the root of
     * the image is extracted as the destination itself (its content, not a folder named "/").
     */
    public void extract(Entry entry) throws ErofsException, IOException {
        Files.createDirectories(destination);
        if (!Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(destination + " is not a directory");
        }
        Path target = entry.isRoot() ? destination : destination.resolve(safeName(entry));
        if (target == null) {
            return;
        }
        write(entry, target);
    }

    public ExtractionReport report() {
        return new ExtractionReport(entries, bytes, List.copyOf(skipped));
    }

    private void write(Entry entry, Path target) throws ErofsException, IOException {
        Inode inode = entry.inode();
        try {
            switch (inode.type()) {
                case DIR -> writeDirectory(entry, target);
                case FILE -> writeFile(entry, target);
                case SYMLINK -> writeSymlink(entry, target);
                case CHR, BLK, FIFO, SOCK -> writeSpecial(entry, target);
            }
        } catch (ErofsException e) {
            throw e.atPath(entry.pathString());
        }
    }

    private void writeDirectory(Entry entry, Path target) throws ErofsException, IOException {
        if (!target.equals(destination)) {
            try {
                Files.createDirectory(target);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    skip(entry, "exists and is not a directory: " + target);
                    return;
                }
            }
        }
        entries++;
        for (Entry child : image.children(entry)) {
            Path childTarget = safeName(child) == null ? null : target.resolve(safeName(child));
            if (childTarget != null) {
                write(child, childTarget);
            }
        }
        // Metadata last: a read-only mode would stop the children, and adding them changes the mtime.
        if (!target.equals(destination)) {
            applyMetadata(entry, target);
        }
    }

    private void writeFile(Entry entry, Path target) throws ErofsException, IOException {
        Inode inode = entry.inode();
        if (inode.nlink() > 1) {
            Path first = firstLinkOfNid.get(inode.nid());
            if (first != null) {
                try {
                    Files.createLink(target, first);
                    entries++;
                } catch (FileAlreadyExistsException e) {
                    skip(entry, "exists already: " + target);
                }
                return;
            }
        }
        FileData data = image.data(inode);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            copy(data, out);
        } catch (FileAlreadyExistsException e) {
            skip(entry, "exists already: " + target);
            return;
        } catch (ErofsException | IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        entries++;
        if (inode.nlink() > 1) {
            firstLinkOfNid.put(inode.nid(), target);
        }
        applyMetadata(entry, target);
    }

    private void copy(FileData data, FileChannel out) throws ErofsException, IOException {
        long size = data.size();
        byte[] buf = new byte[(int) Math.min(COPY_BUFFER, Math.max(size, 1))];
        long pos = 0;
        while (pos < size) {
            int n = data.read(pos, buf, 0, buf.length);
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
                out.write(bb);
            }
            pos += n;
            bytes += n;
        }
    }

    private void writeSymlink(Entry entry, Path target) throws ErofsException, IOException {
        String linkTarget = decodeName(image.symlinkTarget(entry.inode()));
        if (linkTarget == null || linkTarget.indexOf('\0') >= 0) {
            skip(entry, "symlink target is not valid UTF-8 text");
            return;
        }
        try {
            Files.createSymbolicLink(target, Path.of(linkTarget));
        } catch (FileAlreadyExistsException e) {
            skip(entry, "exists already: " + target);
            return;
        } catch (java.nio.file.InvalidPathException e) {
            skip(entry, "symlink target cannot be stored here: " + e.getReason());
            return;
        }
        entries++;
        applyMetadata(entry, target);
    }

    private void writeSpecial(Entry entry, Path target) throws ErofsException, IOException {
        Inode inode = entry.inode();
        int typeBits = switch (inode.type()) {
            case CHR -> Libc.S_IFCHR;
            case BLK -> Libc.S_IFBLK;
            case FIFO -> Libc.S_IFIFO;
            default -> Libc.S_IFSOCK;
        };
        if (inode.isDevice() && !root) {
            skip(entry, "device files can only be created by root");
            return;
        }
        if (libc == null) {
            skip(entry, inode.type().label() + " not created: libc is not available");
            return;
        }
        long dev = inode.isDevice() ? Libc.makedev(inode.rdevMajor(), inode.rdevMinor()) : 0;
        try {
            libc.mknod(target.toString(), typeBits | 0600, dev);
        } catch (LastErrorException e) {
            skip(entry, inode.type().label() + " not created: " + Libc.describe(e));
            return;
        }
        entries++;
        applyMetadata(entry, target);
    }

    /** Owner, then mode (chown clears setuid bits), then xattrs (chown clears security.capability), then mtime. */
    private void applyMetadata(Entry entry, Path target) throws ErofsException, IOException {
        Inode inode = entry.inode();
        boolean symlink = inode.type() == FileType.SYMLINK;
        if (root) {
            Files.setAttribute(target, "unix:uid", (int) inode.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) inode.gid(), LinkOption.NOFOLLOW_LINKS);
        } else if (!ownersNoted) {
            ownersNoted = true;
            skipped.add(new ExtractionReport.Skipped(entry.pathString(),
                    "owners (uid/gid) not set on any entry: only root can give files to other users"));
        }
        if (!symlink) {
            Files.setAttribute(target, "unix:mode", inode.permissions(), LinkOption.NOFOLLOW_LINKS);
        }
        for (Xattr x : image.xattrs(inode)) {
            setXattr(entry, target, x);
        }
        FileTime mtime = FileTime.from(inode.mtimeInstant());
        Files.getFileAttributeView(target, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(mtime, null, null);
    }

    private void setXattr(Entry entry, Path target, Xattr x) {
        if (libc == null) {
            skip(entry, "xattr " + x.nameString() + " not set: libc is not available");
            return;
        }
        byte[] name = java.util.Arrays.copyOf(x.name(), x.name().length + 1);
        byte[] value = x.value();
        try {
            libc.lsetxattr(target.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            skip(entry, "xattr " + x.nameString() + " not set: " + Libc.describe(e));
        }
    }

    /** The entry's name as a path component, or null (reported) when the target cannot hold it. */
    private String safeName(Entry entry) throws ErofsException {
        byte[] raw = entry.name();
        if (raw.length == 0 || (raw.length == 1 && raw[0] == '.') || (raw.length == 2 && raw[0] == '.' && raw[1] == '.')) {
            throw new ErofsException("refusing to extract an entry named \"" + new String(raw, StandardCharsets.UTF_8)
                    + "\"", entry.dirent().range() == null ? 0 : entry.dirent().range().offset(), entry.nid())
                    .atPath(entry.pathString());
        }
        for (byte b : raw) {
            if (b == '/' || b == 0) {
                throw new ErofsException("refusing to extract an entry whose name contains "
                        + (b == 0 ? "NUL" : "'/'"), 0, entry.nid()).atPath(entry.pathString());
            }
        }
        String name = decodeName(raw);
        if (name == null) {
            skip(entry, "name is not valid UTF-8, which this system's file names need");
        }
        return name;
    }

    private static String decodeName(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void skip(Entry entry, String reason) {
        skipped.add(new ExtractionReport.Skipped(entry.pathString(), reason));
    }
}

package erofsbrowser.apex;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Problem;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An APEX's {@code apex_payload.img}: a filesystem, then the dm-verity hashtree, the vbmeta image
 * and the 64-byte AVB footer at the very end. Its filesystem is opened over
 * {@code [0, image_size)} only (the tree is never read as filesystem) by the reader
 * {@link PayloadReaders} has for its type. What cannot be read (no footer, a vbmeta apexd would
 * refuse, no reader for ext4 yet) is a {@link Problem}, and the rest is still there.
 * Read-only and safe for concurrent use; closing it closes the filesystem.
 */
public final class Payload implements Closeable {
    private final ImageSource source;
    private final boolean inPlace;
    private final PayloadType type;
    private final AvbFooter footer;
    private final Vbmeta vbmeta;
    private final long fileSystemSize;
    private final FileSystemImage fileSystem;
    /** Why {@link #fileSystem} is null, at an offset in the payload; null when it is not. */
    private final ImageException fileSystemError;
    private final List<Problem> problems;

    private Payload(ImageSource source, boolean inPlace, PayloadType type, AvbFooter footer, Vbmeta vbmeta,
                    long fileSystemSize, FileSystemImage fileSystem, ImageException fileSystemError, List<Problem> problems) {
        this.source = source;
        this.inPlace = inPlace;
        this.type = type;
        this.footer = footer;
        this.vbmeta = vbmeta;
        this.fileSystemSize = fileSystemSize;
        this.fileSystem = fileSystem;
        this.fileSystemError = fileSystemError;
        this.problems = List.copyOf(problems);
    }

    /**
     * Reads the payload in {@code source} (which it then owns): {@code inPlace} says whether those
     * bytes are the zip's own or an inflated copy.
     */
    public static Payload open(ImageSource source, boolean inPlace, PayloadReaders readers) {
        List<Problem> problems = new ArrayList<>();
        PayloadType type = PayloadType.UNKNOWN;
        AvbFooter footer = null;
        Vbmeta vbmeta = null;
        try {
            type = PayloadType.detect(source);
            if (type == PayloadType.UNKNOWN) {
                problems.add(Problem.error("the payload holds no f2fs, ext4 or EROFS superblock at byte 1024"));
            }
            if (AvbFooter.isPresent(source)) {
                footer = AvbFooter.read(source);
                vbmeta = Vbmeta.read(source, footer);
                problems.addAll(vbmeta.problems());
            } else {
                problems.add(Problem.error("no AVB footer (\"AVBf\") in the payload's last 64 bytes: apexd cannot verify it"));
            }
        } catch (ImageException e) {
            problems.add(Problem.error(e.getMessage()));
        }
        long size = fileSystemSize(source, footer, vbmeta, problems);
        FileSystemImage fs = null;
        ImageException error;
        Optional<PayloadReaders.Reader> reader = readers.reader(type);
        if (reader.isPresent()) {
            try {
                fs = openFileSystem(source, size, reader.get(), problems);
                error = null;
            } catch (ImageException e) {
                problems.add(Problem.error("the payload's " + type.label() + " filesystem cannot be opened: " + e.getMessage()));
                error = e;
            }
        } else if (type != PayloadType.UNKNOWN) {
            problems.add(Problem.warning("an " + type.label() + " payload: this build has no " + type.label()
                    + " reader, so only its type, size and AVB parts are shown"));
            error = new ImageException("an " + type.label() + " filesystem, which this program does not read",
                    PayloadType.SUPERBLOCK_OFFSET);
        } else {
            error = new ImageException("no f2fs, ext4 or EROFS superblock at byte 1024", PayloadType.SUPERBLOCK_OFFSET);
        }
        return new Payload(source, inPlace, type, footer, vbmeta, size, fs, error, problems);
    }

    /** The filesystem's size: the hashtree's image_size, else the footer's original_image_size, else all. */
    private static long fileSystemSize(ImageSource source, AvbFooter footer, Vbmeta vbmeta, List<Problem> problems) {
        long limit = footer != null ? footer.offset() : source.length();
        Optional<AvbDescriptor.Hashtree> tree = vbmeta == null ? Optional.empty() : vbmeta.hashtree();
        long size = tree.isPresent() ? tree.get().imageSize() : footer != null ? footer.originalImageSize() : limit;
        if (size < 0 || size > limit) {
            problems.add(Problem.error("the filesystem size " + Long.toUnsignedString(size) + " the AVB data give "
                    + "runs past the payload's " + limit + " bytes; the whole payload is read as filesystem"));
            return limit;
        }
        return size;
    }

    /** The filesystem over the payload's first {@code size} bytes, its warnings added to {@code problems}. */
    private static FileSystemImage openFileSystem(ImageSource source, long size, PayloadReaders.Reader reader,
                                                  List<Problem> problems) throws ImageException {
        ImageSource slice;
        try {
            slice = source.slice(0, size);
        } catch (IOException e) {
            throw ImageException.ioFailure(e, 0);
        }
        try {
            FileSystemImage fs = reader.open(slice);
            for (String w : fs.warnings()) {
                problems.add(Problem.warning(w));
            }
            return fs;
        } catch (ImageException e) {
            slice.close();
            throw e;
        } catch (RuntimeException e) {
            slice.close();
            throw new ImageException(e.getMessage() != null ? e.getMessage() : e.toString(), 0);
        }
    }

    /** The whole payload's bytes (offsets in every field tree of the payload count from its start). */
    public ImageSource source() {
        return source;
    }

    /** Whether the payload is read where it lies in the zip (false: from an inflated temporary copy). */
    public boolean inPlace() {
        return inPlace;
    }

    public PayloadType type() {
        return type;
    }

    public Optional<AvbFooter> footer() {
        return Optional.ofNullable(footer);
    }

    public Optional<Vbmeta> vbmeta() {
        return Optional.ofNullable(vbmeta);
    }

    /** The first hashtree descriptor, which apexd uses. */
    public Optional<AvbDescriptor.Hashtree> hashtree() {
        return vbmeta == null ? Optional.empty() : vbmeta.hashtree();
    }

    /** Bytes of the payload that hold the filesystem, from its start. */
    public long fileSystemSize() {
        return fileSystemSize;
    }

    /** The filesystem, when a reader for its type is there and could open it. */
    public Optional<FileSystemImage> fileSystem() {
        return Optional.ofNullable(fileSystem);
    }

    /**
     * Why there is no {@link #fileSystem()} (no superblock of a known type, one this build does not
     * read, one its reader refuses), at an offset in the payload; empty when there is one.
     */
    public Optional<ImageException> fileSystemError() {
        return Optional.ofNullable(fileSystemError);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The footer and the vbmeta image's parts as field trees (payload offsets). */
    public List<Field> structures() throws ImageException {
        List<Field> out = new ArrayList<>();
        if (vbmeta != null) {
            out.addAll(vbmeta.structures());
        }
        if (footer != null) {
            out.add(AvbFooter.dissect(footer.offset(), source.read(footer.offset(), AvbFooter.SIZE), source.length()));
        }
        return out;
    }

    /** A named run of the payload. */
    public record Region(String name, ByteRange range) {
    }

    /**
     * The payload's map, in order: filesystem, each hashtree level, vbmeta, AVB footer, and the
     * unnamed runs between them.
     */
    public List<Region> layout() {
        List<Region> named = new ArrayList<>();
        named.add(new Region("filesystem (" + type.label() + ")", new ByteRange(0, fileSystemSize)));
        Optional<AvbDescriptor.Hashtree> tree = hashtree();
        if (tree.isPresent()) {
            try {
                for (HashtreeLayout.Level l : HashtreeLayout.of(tree.get()).levels()) {
                    if (tree.get().treeSize() > 0 && l.range().end() <= source.length()) {
                        named.add(new Region("hashtree level " + l.number(), l.range()));
                    }
                }
            } catch (ImageException e) {
                // a descriptor that describes no tree: problems() says so, the map shows none
            }
            AvbDescriptor.Hashtree t = tree.get();
            if (t.fecSize() > 0 && t.fecOffset() >= 0 && t.fecSize() <= source.length() - t.fecOffset()) {
                named.add(new Region("FEC", new ByteRange(t.fecOffset(), t.fecSize())));
            }
        }
        if (vbmeta != null) {
            named.add(new Region("vbmeta", new ByteRange(vbmeta.offset(), vbmeta.length())));
        }
        if (footer != null) {
            named.add(new Region("AVB footer", new ByteRange(footer.offset(), AvbFooter.SIZE)));
        }
        named.sort(Comparator.comparingLong(r -> r.range().offset()));
        List<Region> out = new ArrayList<>();
        long cursor = 0;
        for (Region r : named) {
            if (r.range().offset() > cursor) {
                out.add(new Region("unused", new ByteRange(cursor, r.range().offset() - cursor)));
            }
            out.add(r);
            cursor = Math.max(cursor, r.range().end());
        }
        if (cursor < source.length()) {
            out.add(new Region("unused", new ByteRange(cursor, source.length() - cursor)));
        }
        return out;
    }

    @Override
    public void close() {
        if (fileSystem != null) {
            fileSystem.close();
        }
        source.close();
    }
}

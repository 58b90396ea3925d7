package erofsbrowser.app;

import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.Fault;
import erofsbrowser.apex.Progress;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImagePart;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import erofsbrowser.open.ImageFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One opened image and the reads the window needs from it. Every method here does I/O and runs
 * in background tasks, never on the FX thread.
 */
public final class ImageSession implements AutoCloseable {
    private static final String SELINUX = "security.selinux";

    /** Directories first, then names as raw bytes (the image's own order). */
    static final Comparator<EntryRow> TREE_ORDER = Comparator
            .comparing((EntryRow r) -> !r.isDirectory())
            .thenComparing(r -> r.node().name(), java.util.Arrays::compareUnsigned);

    private final Path file;
    private final long offset;
    private final FileSystemImage image;
    private final Node root;
    private final List<ImagePart> parts;
    /** What stopped the opening, for a file shown as bytes only; else null. */
    private final ImageException openError;

    private ImageSession(Path file, long offset, FileSystemImage image, Node root, List<ImagePart> parts,
                         ImageException openError) {
        this.file = file;
        this.offset = offset;
        this.image = image;
        this.root = root;
        this.parts = parts;
        this.openError = openError;
    }

    /** Opens the image by its content, and checks its root directory. */
    public static ImageSession open(Path file, long offset) throws IOException, ImageException {
        return open(file, offset, Progress.NONE, () -> false);
    }

    /** As {@link #open(Path, long)}, telling {@code progress} how a long opening goes (a CAPEX's inflation). */
    public static ImageSession open(Path file, long offset, Progress progress, java.util.function.BooleanSupplier cancelled)
            throws IOException, ImageException {
        return of(file, offset, ImageFiles.open(file, offset, List.of(), progress, cancelled));
    }

    /** A session over an image already open (tests watch the reader through one of their own). */
    static ImageSession of(Path file, long offset, FileSystemImage image) throws ImageException {
        try {
            return new ImageSession(file, offset, image, image.root(), image.parts(), null);
        } catch (ImageException | RuntimeException e) {
            image.close();
            throw e;
        }
    }

    /**
     * A file that could not be opened as an image, shown as bytes: its superblock as far as it
     * can be dissected (an APEX's zip, manifest and AVB parts too), and the fault that stopped the
     * opening. It has no root.
     */
    static ImageSession unreadable(Path file, long offset, ImageException error) throws IOException {
        return unreadable(file, offset, error, Progress.NONE, () -> false);
    }

    /** As {@link #unreadable(Path, long, ImageException)}, telling {@code progress} of a CAPEX's inflation. */
    static ImageSession unreadable(Path file, long offset, ImageException error, Progress progress,
                                   java.util.function.BooleanSupplier cancelled) throws IOException {
        FileSystemImage bytes = ImageFiles.openAsBytes(file, offset, error, progress, cancelled);
        ImageException why = bytes instanceof erofsbrowser.apex.ApexImage apex ? apex.payloadError().orElse(error) : error;
        return new ImageSession(file, offset, bytes, null, bytes.parts(), why);
    }

    /** What stopped the opening, for a file shown as bytes only; else null. */
    public ImageException openError() {
        return openError;
    }

    public Path file() {
        return file;
    }

    public String fileName() {
        return file.getFileName().toString();
    }

    public long offset() {
        return offset;
    }

    public FileSystemImage image() {
        return image;
    }

    /** The root directory, or null when the file could not be opened as an image (see {@link #openError}). */
    public Node root() {
        return root;
    }

    /** The parts of the file around its filesystem (an APEX's zip, manifest, AVB), read at opening. */
    public List<ImagePart> parts() {
        return parts;
    }

    public EntryRow row(Node node) throws ImageException {
        String label = "";
        for (ExtendedAttribute x : image.xattrs(node)) {
            if (x.nameString().equals(SELINUX)) {
                byte[] v = x.value();
                int n = v.length > 0 && v[v.length - 1] == 0 ? v.length - 1 : v.length;
                label = new String(v, 0, n, StandardCharsets.UTF_8);
            }
        }
        return EntryRow.of(node, image.storedSize(node), label);
    }

    /**
     * The rows of a directory's entries as far as they can be read, directories first, then a
     * FAULT row for each entry that could not be read (in the order of their bytes). An entry whose
     * attributes cannot be read is listed, marked with that fault.
     */
    public List<EntryRow> children(Node dir) {
        FileSystemImage.Listing listing = image.listing(dir);
        return rows(listing);
    }

    /** As {@link #children(Node)}, but the first fault met is thrown (strict reading). */
    public List<EntryRow> childrenStrictly(Node dir) throws ImageException {
        List<EntryRow> rows = new ArrayList<>();
        for (Node child : image.list(dir)) {
            rows.add(row(child));
        }
        rows.sort(TREE_ORDER);
        return rows;
    }

    private List<EntryRow> rows(FileSystemImage.Listing listing) {
        List<EntryRow> rows = new ArrayList<>();
        for (Node child : listing.entries()) {
            try {
                rows.add(row(child));
            } catch (ImageException e) {
                Fault f = new Fault(child.name(), e.atPath(child.pathString()));
                rows.add(EntryRow.of(child, new erofsbrowser.image.StoredSize(0, ""), "").withFault(f));
            }
        }
        rows.sort(TREE_ORDER);
        listing.faults().stream().sorted(Comparator.comparingLong(Fault::offset)).map(EntryRow::fault).forEach(rows::add);
        return rows;
    }

    @Override
    public void close() throws IOException {
        image.close();
    }
}

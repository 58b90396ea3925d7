package erofsbrowser.image;

import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A filesystem read from an image, whatever its format: the one interface the app, the command
 * line and extraction use. Implementations are read-only and safe for concurrent use; every
 * problem with the image is an {@link ImageException} naming what and where.
 *
 * <p>Nodes passed in must come from this image (from {@link #root}, {@link #list} or
 * {@link #lookup}).
 */
public interface FileSystemImage extends Closeable {

    /** The format's name as people know it: "EROFS", "ext4". */
    String formatName();

    /** The image's bytes. */
    ImageSource source();

    /**
     * Where the filesystem starts in {@link #source()}: 0, but for a filesystem inside another file
     * (an APEX's payload), whose nodes' {@link Node#location()} count from its own start. Offsets
     * of structures, data runs and faults are in the source already.
     */
    default long filesystemOffset() {
        return filesystemRange().offset();
    }

    /** The bytes of {@link #source()} that hold the filesystem: all of them, but for a filesystem inside another file. */
    default ByteRange filesystemRange() {
        return new ByteRange(0, source().length());
    }

    /**
     * Where byte {@code sourceOffset} of {@link #source()} lies in a filesystem inside it (an APEX's
     * payload); -1 for a byte outside it, or when the filesystem is the whole source.
     */
    default long offsetInFilesystem(long sourceOffset) {
        ByteRange fs = filesystemRange();
        return fs.offset() != 0 && fs.contains(sourceOffset) ? sourceOffset - fs.offset() : -1;
    }

    /**
     * What the filesystem's superblock says, by name, for {@code info}: block size, counts,
     * features, checksum. Empty for a file read as bytes only.
     */
    default List<Fact> facts() throws ImageException {
        return List.of();
    }

    Node root() throws ImageException;

    /** The entries of {@code directory}, without "." and "..", in name order (names as unsigned bytes). */
    List<? extends Node> list(Node directory) throws ImageException;

    /**
     * A directory's entries as far as they can be read, and a fault for each that cannot be (or,
     * named {@code ..}, {@code a/b} or with a NUL, must not be used). {@link #list} is the strict
     * form: it stops at the first fault.
     *
     * @param entries the entries that were read, in name order
     * @param faults  what could not be, each where it is
     */
    record Listing(List<? extends Node> entries, List<Fault> faults) {
        public Listing {
            entries = List.copyOf(entries);
            faults = List.copyOf(faults);
        }
    }

    /**
     * The entries of {@code directory} past any fault. A reader that can go on past a bad entry
     * overrides this; by default a directory that cannot be listed is one fault.
     */
    default Listing listing(Node directory) {
        try {
            return new Listing(list(directory), List.of());
        } catch (ImageException e) {
            return new Listing(List.of(), List.of(new Fault(null, e.atPath(directory.pathString()))));
        }
    }

    /** The entry at absolute {@code path} ("/" separated, empty components and "." ignored), or null. */
    Node lookup(byte[] path) throws ImageException;

    /** The entry's extended attributes, in the order the format stores them. */
    List<ExtendedAttribute> xattrs(Node node) throws ImageException;

    /** A symlink's target bytes. */
    byte[] linkTarget(Node symlink) throws ImageException;

    /** The entry's content, read at random. */
    FileContent content(Node node) throws ImageException;

    /** Where the entry's content is stored, run by run, in content order. */
    List<DataRun> dataRuns(Node node) throws ImageException;

    /** How many bytes of the image the entry's content takes. Cheap: a tree row shows it. */
    StoredSize storedSize(Node node) throws ImageException;

    /** The image's own structures (superblock, tables after it) as field trees, in image order. */
    List<Field> imageStructures() throws ImageException;

    /** The structures that make up {@code node} (its dirent, inode, xattrs, data map) as field trees. */
    List<Field> structures(Node node) throws ImageException;

    /**
     * Walks the whole image and maps who owns each byte. Checks {@code cancelled} often and
     * throws {@link java.util.concurrent.CancellationException} once it is set. Problems confined
     * to one inode are kept in the map, not thrown.
     */
    ByteOwnerMap buildOwnerMap(java.util.function.BooleanSupplier cancelled) throws ImageException;

    /**
     * The parts of the image file around the filesystem (an APEX's zip, manifest and AVB); none
     * for a file that is a filesystem and nothing else.
     */
    default List<ImagePart> parts() {
        return List.of();
    }

    /** Things a reader should know that do not stop it (a checksum mismatch, a journal not replayed). */
    List<String> warnings();

    @Override
    void close();

    /** Receives entries from {@link #walk}. */
    @FunctionalInterface
    interface Visitor {
        void visit(Node node) throws ImageException;
    }

    /** Receives the faults of a walk that goes on past them. */
    @FunctionalInterface
    interface FaultVisitor {
        void fault(Fault fault);
    }

    /**
     * Visits {@code start} and everything below it that can be read, depth first, each
     * directory's entries in name order, and reports each fault once where it is met: entries
     * that cannot be read, and a directory reached a second time (a loop), which is not followed.
     */
    default void walk(Node start, Visitor visitor, FaultVisitor faults) throws ImageException {
        InodeSet visited = new InodeSet();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n.isDirectory() && !visited.add(n.inodeNumber())) {
                faults.fault(new Fault(n.name(), new ImageException("directory loop: the directory at inode "
                        + Long.toUnsignedString(n.inodeNumber()) + " is reached a second time, and not followed",
                        n.location()).atPath(n.pathString())));
                continue;
            }
            visitor.visit(n);
            if (n.isDirectory()) {
                Listing listing = listing(n);
                listing.faults().forEach(faults::fault);
                List<? extends Node> children = listing.entries();
                for (int k = children.size() - 1; k >= 0; k--) {
                    stack.push(children.get(k));
                }
            }
        }
    }

    /**
     * Visits {@code start} and everything below it, depth first, each directory's entries in name
     * order. A directory reached twice (a loop in a corrupt image) is an error.
     */
    default void walk(Node start, Visitor visitor) throws ImageException {
        java.util.Set<Long> visited = new java.util.HashSet<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            visitor.visit(n);
            if (n.isDirectory()) {
                if (!visited.add(n.inodeNumber())) {
                    throw new ImageException("directory loop: the directory at inode " + n.inodeNumber()
                            + " is reached a second time", 0).atPath(n.pathString());
                }
                List<? extends Node> children = list(n);
                for (int k = children.size() - 1; k >= 0; k--) {
                    stack.push(children.get(k));
                }
            }
        }
    }
}

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

    Node root() throws ImageException;

    /** The entries of {@code directory}, without "." and "..", in name order (names as unsigned bytes). */
    List<? extends Node> list(Node directory) throws ImageException;

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

    /** Things a reader should know that do not stop it (a checksum mismatch, a journal not replayed). */
    List<String> warnings();

    @Override
    void close();

    /** Receives entries from {@link #walk}. */
    @FunctionalInterface
    interface Visitor {
        void visit(Node node) throws ImageException;
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

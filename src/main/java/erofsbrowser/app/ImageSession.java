package erofsbrowser.app;

import erofsbrowser.erofs.Entry;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileType;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Xattr;

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
            .thenComparing(r -> r.entry().name(), java.util.Arrays::compareUnsigned);

    private final Path file;
    private final long offset;
    private final ErofsImage image;
    private final Entry root;
    private volatile erofsbrowser.erofs.ImageStatistics statistics;

    private ImageSession(Path file, long offset, ErofsImage image, Entry root) {
        this.file = file;
        this.offset = offset;
        this.image = image;
        this.root = root;
    }

    /** Opens and checks the superblock and root directory. */
    public static ImageSession open(Path file, long offset) throws IOException, ImageException {
        ErofsImage image = ErofsImage.open(file, offset, List.of());
        try {
            return new ImageSession(file, offset, image, image.root());
        } catch (ImageException | RuntimeException e) {
            image.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public ErofsImage image() {
        return image;
    }

    public Entry root() {
        return root;
    }

    /** Counts over the whole image, computed once (a walk of every entry). */
    public erofsbrowser.erofs.ImageStatistics statistics() throws ImageException {
        erofsbrowser.erofs.ImageStatistics s = statistics;
        if (s == null) {
            s = erofsbrowser.erofs.ImageStatistics.of(image);
            statistics = s;
        }
        return s;
    }

    public EntryRow row(Entry entry) throws ImageException {
        Inode i = entry.inode();
        long onDisk = i.layout().isCompressed() || i.type() == FileType.FILE || i.type() == FileType.DIR
                || i.type() == FileType.SYMLINK ? i.storedBytes() : 0;
        String label = "";
        for (Xattr x : image.xattrs(i)) {
            if (x.nameString().equals(SELINUX)) {
                byte[] v = x.value();
                int n = v.length > 0 && v[v.length - 1] == 0 ? v.length - 1 : v.length;
                label = new String(v, 0, n, StandardCharsets.UTF_8);
            }
        }
        return EntryRow.of(entry, onDisk, label);
    }

    /** The rows of a directory's entries, directories first. */
    public List<EntryRow> children(Entry dir) throws ImageException {
        List<EntryRow> rows = new ArrayList<>();
        for (Entry child : image.children(dir)) {
            rows.add(row(child));
        }
        rows.sort(TREE_ORDER);
        return rows;
    }

    @Override
    public void close() throws IOException {
        image.close();
    }
}

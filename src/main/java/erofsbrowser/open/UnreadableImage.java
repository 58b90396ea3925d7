package erofsbrowser.open;

import erofsbrowser.erofs.ondisk.SuperblockFields;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.Field;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Node;
import erofsbrowser.image.Problem;
import erofsbrowser.image.StoredSize;
import erofsbrowser.image.StructureOwners;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A file that could not be opened as an image (a superblock that makes no sense, a root that
 * cannot be read, no magic at all), kept open as bytes: its bytes are always there to look at,
 * and what can be dissected of its superblock is, with the fault marked on the field where it
 * is. It has no tree: every question about entries answers with the error that stopped the
 * opening.
 */
public final class UnreadableImage implements FileSystemImage {
    /** Bytes shown around a fault that no dissected structure covers. */
    private static final int FAULT_BYTES = 16;

    private final ImageSource source;
    private final ImageException error;
    private final ImageFiles.Format format;
    private final List<Field> structures;

    private UnreadableImage(ImageSource source, ImageException error, ImageFiles.Format format, List<Field> structures) {
        this.source = source;
        this.error = error;
        this.format = format;
        this.structures = List.copyOf(structures);
    }

    /**
     * The file starting {@code offset} bytes in, as bytes, after {@code error} stopped opening it
     * as an image.
     *
     * @throws IOException when the file itself cannot be read (missing, a folder)
     */
    public static UnreadableImage open(Path file, long offset, ImageException error) throws IOException {
        return open(file, offset, error, ImageFiles.formatOf(file, offset), true);
    }

    /**
     * As {@link #open(Path, long, ImageException)}, the bytes being {@code format} already told;
     * {@code dissect}: whether its structures are dissected (false: the bytes at the fault alone,
     * for a zip whose records are shown elsewhere).
     */
    static UnreadableImage open(Path file, long offset, ImageException error, ImageFiles.Format format, boolean dissect)
            throws IOException {
        ImageSource source = ImageSource.open(file, offset);
        List<Field> fields = dissect ? new ArrayList<>(structuresOf(source, format)) : new ArrayList<>();
        Problem problem = Problem.error(error.problem());
        long at = error.offset();
        boolean marked = false;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).contains(at)) {
                fields.set(i, fields.get(i).withProblemAt(at, problem));
                marked = true;
            }
        }
        if (!marked && at < source.length()) {
            int n = (int) Math.min(FAULT_BYTES, source.length() - at);
            try {
                fields.add(new Field("bytes at the fault", at, n, new FieldValue.Bytes(source.read(at, n)), "",
                        List.of(), List.of(problem)));
            } catch (ImageException e) {
                // the bytes cannot be read either: the warning says what stopped the opening
            }
        }
        fields.sort(java.util.Comparator.comparingLong(Field::offset));
        return new UnreadableImage(source, error, format, fields);
    }

    /** What can be dissected of bytes that are {@code format}: its superblock, or its zip records, as far as they go. */
    private static List<Field> structuresOf(ImageSource source, ImageFiles.Format format) {
        try {
            return switch (format) {
                // No magic at all: shown as the EROFS superblock it would be, whose magic field says what is there instead.
                case EROFS, UNKNOWN -> List.of(SuperblockFields.dissect(source));
                case EXT4 -> List.of(erofsbrowser.ext4.Ext4Image.dissectSuperblock(source));
                case ZIP -> erofsbrowser.apex.ZipArchive.dissect(source);
                case F2FS -> List.of(); // not dissected here: its bytes alone
            };
        } catch (ImageException | RuntimeException e) {
            return List.of(); // not even that can be read: the bytes at the fault are shown
        }
    }

    private static String name(ImageFiles.Format format) {
        return switch (format) {
            case EROFS -> "EROFS, cannot be read";
            case EXT4 -> "ext2/3/4, cannot be read";
            case ZIP -> "zip (APEX), cannot be read";
            case F2FS -> "f2fs, which this program does not read";
            case UNKNOWN -> "not an image this program reads";
        };
    }

    /** What stopped the opening. */
    public ImageException error() {
        return error;
    }

    /** What the bytes are, by their magic numbers. */
    public ImageFiles.Format format() {
        return format;
    }

    @Override
    public String formatName() {
        return name(format);
    }

    @Override
    public ImageSource source() {
        return source;
    }

    @Override
    public Node root() throws ImageException {
        throw error;
    }

    @Override
    public List<? extends Node> list(Node directory) throws ImageException {
        throw error;
    }

    @Override
    public Node lookup(byte[] path) throws ImageException {
        throw error;
    }

    @Override
    public List<ExtendedAttribute> xattrs(Node node) throws ImageException {
        throw error;
    }

    @Override
    public byte[] linkTarget(Node symlink) throws ImageException {
        throw error;
    }

    @Override
    public FileContent content(Node node) throws ImageException {
        throw error;
    }

    @Override
    public List<DataRun> dataRuns(Node node) throws ImageException {
        throw error;
    }

    @Override
    public StoredSize storedSize(Node node) throws ImageException {
        throw error;
    }

    /** The superblock as far as it can be dissected (the fault marked on its field), or the bytes at the fault. */
    @Override
    public List<Field> imageStructures() {
        return structures;
    }

    @Override
    public List<Field> structures(Node node) throws ImageException {
        throw error;
    }

    @Override
    public ByteOwnerMap buildOwnerMap(BooleanSupplier cancelled) {
        return new StructureOwners(structures);
    }

    @Override
    public List<String> warnings() {
        return List.of("This file cannot be read as an image: " + error.getMessage()
                + ". Its bytes are shown as they are.");
    }

    @Override
    public void close() {
        source.close();
    }
}

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
    private final String formatName;
    private final List<Field> structures;

    private UnreadableImage(ImageSource source, ImageException error, String formatName, List<Field> structures) {
        this.source = source;
        this.error = error;
        this.formatName = formatName;
        this.structures = List.copyOf(structures);
    }

    /**
     * The file starting {@code offset} bytes in, as bytes, after {@code error} stopped opening it
     * as an image.
     *
     * @throws IOException when the file itself cannot be read (missing, a folder)
     */
    public static UnreadableImage open(Path file, long offset, ImageException error) throws IOException {
        ImageSource source = ImageSource.open(file, offset);
        ImageFiles.Format format;
        List<Field> fields = new ArrayList<>();
        try {
            format = ImageFiles.detect(source);
        } catch (ImageException e) {
            format = ImageFiles.Format.UNKNOWN;
        }
        if (format == ImageFiles.Format.EROFS || format == ImageFiles.Format.UNKNOWN) {
            // No magic at all: shown as the EROFS superblock it would be, whose magic field says what is there instead.
            try {
                fields.add(SuperblockFields.dissect(source));
            } catch (ImageException e) {
                // not even that can be read: the bytes at the fault are shown below
            }
        }
        if (format == ImageFiles.Format.ZIP) { // an APEX that cannot be opened: its zip records as far as they go
            fields.addAll(erofsbrowser.apex.ZipArchive.dissect(source));
        }
        if (format == ImageFiles.Format.EXT4) {
            try {
                fields.add(erofsbrowser.ext4.Ext4Image.dissectSuperblock(source));
            } catch (ImageException | RuntimeException e) {
                // not even that can be read: the bytes at the fault are shown below
            }
        }
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
        return new UnreadableImage(source, error, name(format), fields);
    }

    private static String name(ImageFiles.Format format) {
        return switch (format) {
            case EROFS -> "EROFS, cannot be read";
            case EXT4 -> "ext2/3/4, cannot be read";
            case ZIP -> "zip (APEX), cannot be read";
            case UNKNOWN -> "not an image this program reads";
        };
    }

    /** What stopped the opening. */
    public ImageException error() {
        return error;
    }

    @Override
    public String formatName() {
        return formatName;
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

package erofsbrowser.app;

import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Node;
import erofsbrowser.image.StoredSize;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * An image whose holes are handed over as zeros, byte by byte, as a reader without sparse
 * support would: a 4 GiB hole then takes as long to write as 4 GiB of data, which is what a test
 * of cancelling a long extraction needs (a real hole is written in no time).
 */
final class HolesAsZeros implements FileSystemImage {
    private final FileSystemImage image;

    HolesAsZeros(FileSystemImage image) {
        this.image = image;
    }

    @Override
    public FileContent content(Node node) throws ImageException {
        FileContent c = image.content(node);
        return new FileContent() {
            @Override
            public long size() {
                return c.size();
            }

            @Override
            public int read(long position, byte[] dst, int off, int len) throws ImageException {
                return c.read(position, dst, off, len);
            }

            @Override
            public void transferTo(Sink sink) throws ImageException, IOException {
                c.transferTo(sink::accept); // a sink that knows no holes: Sink.hole passes zeros to accept
            }
        };
    }

    @Override
    public String formatName() {
        return image.formatName();
    }

    @Override
    public ImageSource source() {
        return image.source();
    }

    @Override
    public Node root() throws ImageException {
        return image.root();
    }

    @Override
    public List<? extends Node> list(Node directory) throws ImageException {
        return image.list(directory);
    }

    @Override
    public Node lookup(byte[] path) throws ImageException {
        return image.lookup(path);
    }

    @Override
    public List<ExtendedAttribute> xattrs(Node node) throws ImageException {
        return image.xattrs(node);
    }

    @Override
    public byte[] linkTarget(Node symlink) throws ImageException {
        return image.linkTarget(symlink);
    }

    @Override
    public List<DataRun> dataRuns(Node node) throws ImageException {
        return image.dataRuns(node);
    }

    @Override
    public StoredSize storedSize(Node node) throws ImageException {
        return image.storedSize(node);
    }

    @Override
    public List<Field> imageStructures() throws ImageException {
        return image.imageStructures();
    }

    @Override
    public List<Field> structures(Node node) throws ImageException {
        return image.structures(node);
    }

    @Override
    public ByteOwnerMap buildOwnerMap(BooleanSupplier cancelled) throws ImageException {
        return image.buildOwnerMap(cancelled);
    }

    @Override
    public List<String> warnings() {
        return image.warnings();
    }

    @Override
    public void walk(Node start, Visitor visitor) throws ImageException {
        image.walk(start, visitor);
    }

    @Override
    public void close() {
        image.close();
    }
}

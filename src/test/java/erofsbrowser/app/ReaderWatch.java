package erofsbrowser.app;

import erofsbrowser.image.ByteOwner;
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
import javafx.application.Platform;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * An image whose every read is watched: a call into the reader on the JavaFX thread is recorded
 * (with where it came from). The app's promise is that there are none: reads run in background
 * tasks, and the window only shows what they found. This holds whatever the machine's load,
 * where a timing test would not.
 */
final class ReaderWatch implements FileSystemImage {
    private final FileSystemImage image;
    private final List<String> onFxThread = new CopyOnWriteArrayList<>();

    ReaderWatch(FileSystemImage image) {
        this.image = image;
    }

    /** The reader calls made on the JavaFX thread so far, each with the caller that made it. */
    List<String> callsOnTheFxThread() {
        return List.copyOf(onFxThread);
    }

    private void check(String call) {
        if (Platform.isFxApplicationThread()) {
            StackTraceElement[] stack = new Throwable().getStackTrace();
            onFxThread.add(call + " from " + (stack.length > 3 ? stack[3] : "?"));
        }
    }

    @Override
    public String formatName() {
        return image.formatName();
    }

    @Override
    public ImageSource source() {
        return image.source(); // its length is known without I/O; the hex view reads pages in the background
    }

    @Override
    public Node root() throws ImageException {
        check("root");
        return image.root();
    }

    @Override
    public List<? extends Node> list(Node directory) throws ImageException {
        check("list " + directory.pathString());
        return image.list(directory);
    }

    @Override
    public Node lookup(byte[] path) throws ImageException {
        check("lookup");
        return image.lookup(path);
    }

    @Override
    public List<ExtendedAttribute> xattrs(Node node) throws ImageException {
        check("xattrs " + node.pathString());
        return image.xattrs(node);
    }

    @Override
    public byte[] linkTarget(Node symlink) throws ImageException {
        check("linkTarget");
        return image.linkTarget(symlink);
    }

    @Override
    public FileContent content(Node node) throws ImageException {
        check("content " + node.pathString());
        FileContent c = image.content(node);
        return new FileContent() {
            @Override
            public long size() {
                return c.size();
            }

            @Override
            public int read(long position, byte[] dst, int off, int len) throws ImageException {
                check("read " + node.pathString());
                return c.read(position, dst, off, len);
            }

            @Override
            public void transferTo(Sink sink) throws ImageException, IOException {
                check("transferTo " + node.pathString());
                c.transferTo(sink);
            }
        };
    }

    @Override
    public List<DataRun> dataRuns(Node node) throws ImageException {
        check("dataRuns");
        return image.dataRuns(node);
    }

    @Override
    public StoredSize storedSize(Node node) throws ImageException {
        check("storedSize");
        return image.storedSize(node);
    }

    @Override
    public List<Field> imageStructures() throws ImageException {
        check("imageStructures");
        return image.imageStructures();
    }

    @Override
    public List<Field> structures(Node node) throws ImageException {
        check("structures " + node.pathString());
        return image.structures(node);
    }

    @Override
    public ByteOwnerMap buildOwnerMap(BooleanSupplier cancelled) throws ImageException {
        check("buildOwnerMap");
        ByteOwnerMap map = image.buildOwnerMap(cancelled);
        return new ByteOwnerMap() {
            @Override
            public ByteOwner at(long offset) throws ImageException {
                check("owner of " + offset);
                return map.at(offset);
            }

            @Override
            public List<ImageException> problems() {
                return map.problems();
            }
        };
    }

    @Override
    public List<String> warnings() {
        return image.warnings();
    }

    @Override
    public void walk(Node start, Visitor visitor) throws ImageException {
        check("walk");
        image.walk(start, visitor);
    }

    @Override
    public void close() {
        image.close();
    }
}

package erofsbrowser.app;

import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.Fault;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import javafx.application.Platform;
import javafx.concurrent.Task;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Walks the whole image in the background, going on past every fault and handing each one over
 * (in batches, on the FX thread) as it is met: after opening, the tree's metadata only; for
 * File › Verify, every file's data too, with progress by bytes. A fault's structure is named from
 * the map of owners when it is built by then.
 */
final class FaultScan extends Task<FaultScan.Result> {
    /** What a scan went through. */
    record Result(long entries, long files, long bytes, int faults) {
        String summary(boolean readData) {
            String found = faults == 0 ? "no fault" : faults == 1 ? "1 fault" : String.format("%,d faults", faults);
            return readData
                    ? String.format("Verified: %,d entries, %,d files read (%,d bytes), %s", entries, files, bytes, found)
                    : String.format("Checked %,d entries: %s", entries, found);
        }
    }

    private static final long BATCH_NANOS = 100_000_000L;

    private final ImageSession session;
    private final boolean readData;
    private final boolean strict;
    private final Supplier<ByteOwnerMap> owners;
    private final Consumer<List<Problems.Row>> found;
    private final List<Problems.Row> batch = new ArrayList<>();
    private long lastDelivery = System.nanoTime();
    private int faults;

    /**
     * @param readData whether every file's content is read too (Verify), or the tree only
     * @param strict   whether the scan stops at the first fault (it is listed, and the scan fails with it)
     * @param owners   the map of owners if it is built by the time a fault is met, else null
     * @param found    receives faults on the FX thread
     */
    FaultScan(ImageSession session, boolean readData, boolean strict, Supplier<ByteOwnerMap> owners,
              Consumer<List<Problems.Row>> found) {
        this.session = session;
        this.readData = readData;
        this.strict = strict;
        this.owners = owners;
        this.found = found;
        updateTitle((readData ? "Verifying " : "Checking ") + session.fileName());
    }

    @Override
    protected Result call() throws Exception {
        List<Node> files = new ArrayList<>();
        long[] entries = {0};
        FileSystemImage.Visitor visitor = n -> {
            if (isCancelled()) {
                throw new ImageException("cancelled", 0);
            }
            entries[0]++;
            if (readData && n.type() == FileType.FILE) {
                files.add(n);
            }
        };
        if (strict) {
            try {
                session.image().walk(session.root(), visitor);
            } catch (ImageException e) {
                throw stop(new Fault(null, e));
            }
        } else {
            session.image().walk(session.root(), visitor, this::fault);
        }
        long total = files.stream().mapToLong(Node::size).sum();
        long[] done = {0};
        for (Node f : files) {
            if (isCancelled()) {
                break;
            }
            updateMessage(f.pathString());
            FileContent.Sink counting = new FileContent.Sink() {
                @Override
                public void accept(byte[] bytes, int off, int len) throws IOException {
                    advance(len);
                }

                @Override
                public void hole(long length) throws IOException {
                    advance(length); // nothing stored: nothing to read
                }

                private void advance(long n) throws InterruptedIOException {
                    if (isCancelled()) {
                        throw new InterruptedIOException("cancelled");
                    }
                    done[0] += n;
                    updateProgress(done[0], total);
                }
            };
            try {
                if (strict) {
                    session.image().content(f).transferTo(counting);
                } else {
                    session.image().content(f).transferPast(counting, e -> fault(new Fault(f.name(), e.atPath(f.pathString()))));
                }
            } catch (ImageException e) {
                Fault fault = new Fault(f.name(), e.atPath(f.pathString()));
                if (strict) {
                    throw stop(fault);
                }
                fault(fault);
            } catch (InterruptedIOException e) {
                break;
            }
        }
        deliver();
        return new Result(entries[0], files.size(), done[0], faults);
    }

    /** Strict reading: the first fault is listed, and ends the scan with its error. */
    private ImageException stop(Fault f) {
        fault(f);
        deliver();
        return f.error();
    }

    private void fault(Fault f) {
        faults++;
        batch.add(new Problems.Row(f, structureAt(owners.get(), f.offset())));
        if (System.nanoTime() - lastDelivery > BATCH_NANOS) {
            deliver();
        }
    }

    private void deliver() {
        lastDelivery = System.nanoTime();
        if (!batch.isEmpty()) {
            List<Problems.Row> rows = List.copyOf(batch);
            batch.clear();
            Platform.runLater(() -> found.accept(rows));
        }
    }

    /** "erofs_dirent[300] › erofs_dirent › nameoff": the fields at {@code offset}, or "" when unknown. Does I/O. */
    static String structureAt(ByteOwnerMap map, long offset) {
        if (map == null) {
            return "";
        }
        try {
            ByteOwner owner = map.at(offset);
            if (owner == null) {
                return "";
            }
            if (owner.fields().isEmpty()) {
                return owner.description();
            }
            return owner.fields().stream().map(Field::name).collect(Collectors.joining(" › "));
        } catch (ImageException e) {
            return "";
        }
    }
}

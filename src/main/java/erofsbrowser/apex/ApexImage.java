package erofsbrowser.apex;

import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.StructureOwners;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.Fault;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImagePart;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Node;
import erofsbrowser.image.Problem;
import erofsbrowser.image.StoredSize;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * An APEX (or CAPEX) seen as one image: its payload's filesystem, shown in the bytes of the file
 * that holds the payload (the .apex itself when the payload is read in place), with the zip, the
 * manifest, the public key and the AVB structures as parts beside it. Every offset the payload's
 * reader gives is moved by where the payload starts in that file, so the raw view, the fields and
 * "who owns this byte" all speak of the same bytes.
 */
public final class ApexImage implements FileSystemImage {
    private final ApexFile apex;
    private final FileSystemImage fs;
    /** The whole file that holds the payload: the .apex, or a temporary copy for a CAPEX or a deflated payload. */
    private final ImageSource file;
    /** Where the payload starts in {@link #file}. */
    private final long delta;

    private ApexImage(ApexFile apex, FileSystemImage fs, ImageSource file, long delta) {
        this.apex = apex;
        this.fs = fs;
        this.file = file;
        this.delta = delta;
    }

    /**
     * The APEX or CAPEX {@code apex} as an image; fails (closing nothing) when its payload has no
     * filesystem this program reads. The image owns {@code apex} and closes it.
     */
    public static ApexImage of(ApexFile apex) throws IOException, ImageException {
        Payload payload = apex.payload().orElseThrow(() -> new ImageException(
                "the " + apex.kind() + " holds no payload that could be read" + problemsText(apex), 0));
        FileSystemImage fs = payload.fileSystem().orElseThrow(() -> new ImageException("the "
                + apex.kind() + "'s payload is " + payload.type().label() + ", which this program does not read"
                + problemsText(apex), payload.source().fileOffset()));
        ImageSource file = ImageSource.open(payload.source().file());
        return new ApexImage(apex, fs, file, payload.source().fileOffset());
    }

    private static String problemsText(ApexFile apex) {
        List<String> texts = new ArrayList<>();
        for (Problem p : apex.problems()) {
            texts.add(p.message());
        }
        return texts.isEmpty() ? "" : ": " + String.join("; ", texts);
    }

    /** The APEX file itself, for verification. */
    public ApexFile apexFile() {
        return apex;
    }

    /** Where the payload starts in {@link #source()}. */
    public long payloadOffset() {
        return delta;
    }

    @Override
    public long filesystemOffset() {
        return delta;
    }

    @Override
    public String formatName() {
        return apex.kind() + " (" + fs.formatName() + " payload)";
    }

    @Override
    public ImageSource source() {
        return file;
    }

    @Override
    public Node root() throws ImageException {
        return shifting(fs::root);
    }

    @Override
    public List<? extends Node> list(Node directory) throws ImageException {
        return shifting(() -> fs.list(directory));
    }

    @Override
    public Listing listing(Node directory) {
        Listing listing = fs.listing(directory);
        List<Fault> faults = new ArrayList<>(listing.faults().size());
        for (Fault f : listing.faults()) {
            faults.add(new Fault(f.name(), f.error().shifted(delta)));
        }
        return new Listing(listing.entries(), faults);
    }

    @Override
    public Node lookup(byte[] path) throws ImageException {
        return shifting(() -> fs.lookup(path));
    }

    @Override
    public List<ExtendedAttribute> xattrs(Node node) throws ImageException {
        return shifting(() -> fs.xattrs(node));
    }

    @Override
    public byte[] linkTarget(Node symlink) throws ImageException {
        return shifting(() -> fs.linkTarget(symlink));
    }

    @Override
    public FileContent content(Node node) throws ImageException {
        return new ShiftedContent(shifting(() -> fs.content(node)));
    }

    @Override
    public List<DataRun> dataRuns(Node node) throws ImageException {
        List<DataRun> runs = new ArrayList<>();
        for (DataRun r : shifting(() -> fs.dataRuns(node))) {
            ByteRange stored = r.stored() == null ? null : new ByteRange(r.stored().offset() + delta, r.stored().length());
            runs.add(new DataRun(r.fileOffset(), r.length(), stored, r.compression(), r.where()));
        }
        return runs;
    }

    @Override
    public StoredSize storedSize(Node node) throws ImageException {
        return shifting(() -> fs.storedSize(node));
    }

    /** The payload's own structures (its superblock), in the file's bytes. */
    @Override
    public List<Field> imageStructures() throws ImageException {
        return shifted(shifting(fs::imageStructures));
    }

    @Override
    public List<Field> structures(Node node) throws ImageException {
        return shifted(shifting(() -> fs.structures(node)));
    }

    /*
     * Every offset this image gives is one in the file, as its structures' are: a fault the payload's
     * reader reports at a payload offset is moved by the payload's place in the file.
     */

    @FunctionalInterface
    private interface Read<T> {
        T get() throws ImageException;
    }

    private <T> T shifting(Read<T> read) throws ImageException {
        try {
            return read.get();
        } catch (ImageException e) {
            throw e.shifted(delta);
        }
    }

    /** A payload file's content, its faults at offsets in the APEX file. */
    private final class ShiftedContent implements FileContent {
        private final FileContent content;

        ShiftedContent(FileContent content) {
            this.content = content;
        }

        @Override
        public long size() {
            return content.size();
        }

        @Override
        public int read(long position, byte[] dst, int off, int len) throws ImageException {
            return shifting(() -> content.read(position, dst, off, len));
        }

        @Override
        public byte[] readFully(long position, int len) throws ImageException {
            return shifting(() -> content.readFully(position, len));
        }

        @Override
        public void transferTo(Sink sink) throws ImageException, java.io.IOException {
            try {
                content.transferTo(sink);
            } catch (ImageException e) {
                throw e.shifted(delta);
            }
        }

        @Override
        public void transferPast(Sink sink, FaultHandler faults) throws java.io.IOException {
            content.transferPast(sink, e -> faults.fault(e.shifted(delta)));
        }
    }

    private List<Field> shifted(List<Field> fields) {
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            out.add(f.shifted(delta));
        }
        return out;
    }

    /** The zip, the metadata and the AVB structures, each with what it says, in the file's bytes. */
    @Override
    public List<ImagePart> parts() {
        return ApexParts.of(apex, file);
    }

    @Override
    public ByteOwnerMap buildOwnerMap(BooleanSupplier cancelled) throws ImageException {
        ByteOwnerMap payload = fs.buildOwnerMap(cancelled);
        List<Field> around = new ArrayList<>();
        for (ImagePart part : parts()) {
            around.addAll(part.structures());
        }
        StructureOwners aroundOwners = new StructureOwners(around);
        return new ByteOwnerMap() {
            @Override
            public ByteOwner at(long offset) throws ImageException {
                ByteOwner inside = offset >= delta ? payload.at(offset - delta) : null;
                if (inside != null) {
                    List<Field> moved = new ArrayList<>();
                    for (Field f : inside.fields()) {
                        moved.add(f.shifted(delta));
                    }
                    return new ByteOwner(new ByteRange(inside.range().offset() + delta, inside.range().length()),
                            inside.description(), inside.path(), moved);
                }
                return aroundOwners.at(offset);
            }

            @Override
            public List<ImageException> problems() {
                return payload.problems().stream().map(e -> e.shifted(delta)).toList();
            }
        };
    }

    @Override
    public List<String> warnings() {
        // The payload's problems hold its filesystem's warnings already: each said once.
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        for (Problem p : apex.problems()) {
            all.add(p.message());
        }
        all.addAll(fs.warnings());
        return List.copyOf(all);
    }

    // walk: the interface's, through list(), so that its faults too are at offsets in the file.

    @Override
    public void close() {
        file.close();
        apex.close();
    }
}

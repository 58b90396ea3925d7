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
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * An APEX (or CAPEX) seen as one image: its payload's filesystem, shown in the bytes of the file
 * that holds the payload (the .apex itself when the payload is read in place), with the zip, the
 * manifest, the public key and the AVB structures as parts beside it. Every offset the payload's
 * reader gives is moved by where the payload starts in that file, so the raw view, the fields and
 * "who owns this byte" all speak of the same bytes.
 *
 * <p>An APEX whose payload's filesystem cannot be read is still an image: its parts and bytes are
 * there to look at, and every question about entries answers with what stopped the reading
 * ({@link #withUnreadablePayload}).
 */
public final class ApexImage implements FileSystemImage {
    private final ApexFile apex;
    private final FileSystemImage fs;
    /** The whole file that holds the payload: the .apex, or a temporary copy for a CAPEX or a deflated payload. */
    private final ImageSource file;
    /** Where the payload starts in {@link #file}. */
    private final long delta;
    /** Why the payload's filesystem cannot be read (offset in {@link #file}), or null when {@link #fs} reads it. */
    private final ImageException payloadError;

    private ApexImage(ApexFile apex, FileSystemImage fs, ImageSource file, long delta, ImageException payloadError) {
        this.apex = apex;
        this.fs = fs;
        this.file = file;
        this.delta = delta;
        this.payloadError = payloadError;
    }

    /**
     * The APEX or CAPEX {@code apex} as an image; fails (closing nothing) when its payload has no
     * filesystem this program reads. The image owns {@code apex} and closes it.
     */
    public static ApexImage of(ApexFile apex) throws IOException, ImageException {
        Payload payload = apex.payload().orElseThrow(() -> new ImageException(
                "the " + apex.kind() + " holds no payload that could be read" + problemsText(apex), payloadEntryOffset(apex)));
        long delta = payload.source().fileOffset();
        if (payload.fileSystem().isEmpty()) {
            ImageException e = payload.fileSystemError().orElseThrow().shifted(delta);
            throw new ImageException("the " + apex.kind() + "'s payload cannot be read: " + e.problem(), e.offset());
        }
        ImageSource file = ImageSource.open(payload.source().file());
        return new ApexImage(apex, payload.fileSystem().get(), file, delta, null);
    }

    /**
     * The APEX or CAPEX {@code apex} whose payload's filesystem cannot be read ({@code error}, at an
     * offset in the payload, or in the file when it has no payload), shown through {@code bytes}:
     * the payload's bytes (the whole file's when it has none) as far as they can be dissected, with
     * offsets counting from the payload's start. The image owns both and closes them.
     */
    public static ApexImage withUnreadablePayload(ApexFile apex, FileSystemImage bytes, ImageException error)
            throws IOException {
        Optional<Payload> payload = apex.payload();
        long delta = payload.map(p -> p.source().fileOffset()).orElse(0L);
        ImageSource file = ImageSource.open(payload.isPresent() ? payload.get().source().file() : apex.file());
        return new ApexImage(apex, bytes, file, delta, error.shifted(delta));
    }

    /** Where the zip says the APEX's payload entry is (its local header), or 0 when it names none in this file. */
    private static long payloadEntryOffset(ApexFile apex) {
        if (apex.kind() != ApexFile.Kind.APEX) {
            return 0; // a CAPEX's payload lies in original_apex: the .capex has no byte of it
        }
        ZipEntry entry = apex.archive().zip().entry(ApexArchive.PAYLOAD);
        return entry == null ? 0 : Math.max(0, entry.localHeaderOffset());
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

    /**
     * Whose bytes {@link #source()} holds, and every offset counts in: "the file" for an APEX, and
     * for a CAPEX "original_apex", the APEX inside it, inflated.
     */
    public String bytesName() {
        return inflated() ? ApexArchive.ORIGINAL_APEX : "the file";
    }

    /** Whether {@link #source()} is not the file opened but the APEX inside it, inflated (a CAPEX). */
    public boolean inflated() {
        return apex.kind() == ApexFile.Kind.CAPEX;
    }

    /**
     * The payload's own filesystem, whose offsets count from the payload's start (add
     * {@link #payloadOffset()} for the file's), for what only its format knows (EROFS's inode
     * fields); empty when it cannot be read.
     */
    public Optional<FileSystemImage> payloadFileSystem() {
        return payloadError == null ? Optional.of(fs) : Optional.empty();
    }

    /** Why the payload's filesystem cannot be read, at an offset in the file; empty when it can. */
    public Optional<ImageException> payloadError() {
        return Optional.ofNullable(payloadError);
    }

    @Override
    public ByteRange filesystemRange() {
        long size = apex.payload().map(Payload::fileSystemSize).orElse(0L);
        return new ByteRange(delta, Math.min(size, file.length() - delta));
    }

    @Override
    public String formatName() {
        return payloadError == null ? apex.kind() + " (" + fs.formatName() + " payload)"
                : apex.kind() + " (its payload cannot be read)";
    }

    /** The payload filesystem's (none when it cannot be read). */
    @Override
    public List<erofsbrowser.image.Fact> facts() throws ImageException {
        return payloadError == null ? shifting(fs::facts) : List.of();
    }

    @Override
    public ImageSource source() {
        return file;
    }

    @Override
    public Node root() throws ImageException {
        if (payloadError != null) {
            throw payloadError;
        }
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
        if (payloadError == null) {
            all.addAll(fs.warnings());
        } else if (apex.payload().isPresent() && apex.payload().get().fileSystemError().isEmpty()) {
            // it opened, and what failed after (its root) is no problem of the opening's
            all.add("the " + apex.kind() + "'s payload cannot be read: " + payloadError.getMessage());
        }
        return List.copyOf(all);
    }

    // walk: the interface's, through list(), so that its faults too are at offsets in the file.

    @Override
    public void close() {
        if (payloadError != null) {
            fs.close(); // the payload's bytes, opened for this image (a readable payload's filesystem is the payload's)
        }
        file.close();
        apex.close();
    }
}

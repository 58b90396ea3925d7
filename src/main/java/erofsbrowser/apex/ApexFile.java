package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Problem;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * An APEX or CAPEX file, recognised by its content: a zip holding {@code apex_payload.img} is an
 * APEX, one holding {@code original_apex} a CAPEX. An APEX's payload is read in place, at the data
 * offset of its stored entry; a deflated payload (which apexd refuses) is inflated to a private
 * temporary file. A CAPEX's {@code original_apex} is inflated to a private temporary file (with
 * progress and cancellation) and opened as an APEX; the CAPEX's own entries stay available.
 * Temporary files are deleted on {@link #close()}.
 *
 * <p>What cannot be read is a {@link Problem}, and everything else is still shown: only a file that
 * is no zip, or a zip that is neither APEX nor CAPEX, fails to open. Read-only and safe for
 * concurrent use.
 *
 * <p>Start-up: the code that opens an APEX (zip, metadata, AVB decoding, payload) uses classes, not
 * lambdas or streams: the first lambda of a run links the JDK's invoke machinery, 50 to 100 ms here,
 * more than the whole opening of a payload costs. Field trees, which use lambdas for meanings, are
 * built when asked for.
 */
public final class ApexFile implements Closeable {
    /** The two kinds of file. */
    public enum Kind { APEX, CAPEX }

    /**
     * How to open: which readers open payloads, where temporary files go, and for a CAPEX's
     * inflation, where progress goes and what says to stop.
     */
    public record Options(PayloadReaders readers, Path temporaryDirectory, Progress progress, BooleanSupplier cancelled) {
        public static Options standard() {
            return new Options(PayloadReaders.standard(), Path.of(System.getProperty("java.io.tmpdir")), Progress.NONE,
                    NEVER);
        }

        public Options withReaders(PayloadReaders r) {
            return new Options(r, temporaryDirectory, progress, cancelled);
        }

        public Options withTemporaryDirectory(Path dir) {
            return new Options(readers, dir, progress, cancelled);
        }

        public Options withProgress(Progress p, BooleanSupplier stop) {
            return new Options(readers, temporaryDirectory, p, stop);
        }
    }

    /** Never cancelled. */
    static final BooleanSupplier NEVER = new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return false;
        }
    };

    /** The alignment apexd needs of the payload: the loop device uses 4096-byte logical blocks. */
    public static final int PAYLOAD_ALIGNMENT = 4096;

    private final Path file;
    private final Kind kind;
    private final List<ImageSource> sources;
    private final List<Path> temporaryFiles;
    private final ApexArchive archive;
    private final ApexArchive apex;
    private final Payload payload;
    private final List<Problem> problems;

    private ApexFile(Path file, Kind kind, List<ImageSource> sources, List<Path> temporaryFiles, ApexArchive archive,
                     ApexArchive apex, Payload payload, List<Problem> problems) {
        this.file = file;
        this.kind = kind;
        this.sources = List.copyOf(sources);
        this.temporaryFiles = List.copyOf(temporaryFiles);
        this.archive = archive;
        this.apex = apex;
        this.payload = payload;
        this.problems = List.copyOf(problems);
    }

    /** What {@code file} is by its content: an APEX, a CAPEX, or neither (empty). */
    public static Optional<Kind> detect(Path file) throws IOException {
        try (ImageSource source = ImageSource.open(file)) {
            return Optional.ofNullable(kindOf(ZipArchive.openOrSalvage(source)));
        } catch (ImageException e) {
            return Optional.empty();
        }
    }

    private static Kind kindOf(ZipArchive zip) {
        if (zip.entry(ApexArchive.PAYLOAD) != null) {
            return Kind.APEX;
        }
        return zip.entry(ApexArchive.ORIGINAL_APEX) != null ? Kind.CAPEX : null;
    }

    public static ApexFile open(Path file) throws IOException, ImageException {
        return open(file, Options.standard());
    }

    /**
     * Opens {@code file}. An ImageException when it is no zip or neither APEX nor CAPEX; a
     * CancellationException when {@code options.cancelled()} stops a CAPEX's inflation.
     */
    public static ApexFile open(Path file, Options options) throws IOException, ImageException {
        Opening o = new Opening(options);
        try {
            ImageSource source = o.track(ImageSource.open(file));
            ZipArchive zip = ZipArchive.openOrSalvage(source);
            Kind kind = kindOf(zip);
            if (kind == null) {
                throw new ImageException("neither an APEX nor a CAPEX: the zip holds no " + ApexArchive.PAYLOAD
                        + " or " + ApexArchive.ORIGINAL_APEX, zip.end().isPresent() ? zip.end().get().directoryOffset() : 0);
            }
            ApexArchive archive = ApexArchive.read(zip);
            List<Problem> problems = new ArrayList<>(archive.problems());
            ApexArchive apex = archive;
            if (kind == Kind.APEX && zip.entry(ApexArchive.ORIGINAL_APEX) != null) {
                problems.add(Problem.error("holds both " + ApexArchive.PAYLOAD + " and " + ApexArchive.ORIGINAL_APEX
                        + ": deapexer calls that invalid; its payload is read"));
            } else if (kind == Kind.CAPEX) {
                apex = o.inner(zip, problems);
            }
            String where = kind == Kind.CAPEX ? ApexArchive.ORIGINAL_APEX + ": " : "";
            Payload payload = apex == null ? null : o.payload(apex.zip(), where, problems);
            if (payload != null) {
                problems.addAll(payload.problems());
            }
            return new ApexFile(file, kind, o.sources, o.temporaryFiles, archive, apex, payload, problems);
        } catch (IOException | ImageException | RuntimeException e) {
            o.abandon();
            throw e;
        }
    }

    /** What an opening has made so far, to be kept or undone. */
    private static final class Opening {
        final Options options;
        final List<ImageSource> sources = new ArrayList<>();
        final List<Path> temporaryFiles = new ArrayList<>();

        Opening(Options options) {
            this.options = options;
        }

        ImageSource track(ImageSource s) {
            sources.add(s);
            return s;
        }

        /** The CAPEX's original_apex, inflated and read; null (and a problem) when it cannot be. */
        ApexArchive inner(ZipArchive capex, List<Problem> problems) throws IOException {
            ZipEntry e = capex.entry(ApexArchive.ORIGINAL_APEX);
            try {
                Path copy = inflate(capex, e, options.progress());
                ZipArchive zip = ZipArchive.openOrSalvage(track(ImageSource.open(copy)));
                ApexArchive inner = ApexArchive.read(zip);
                for (Problem p : inner.problems()) {
                    problems.add(new Problem(p.severity(), ApexArchive.ORIGINAL_APEX + ": " + p.message()));
                }
                if (kindOf(zip) != Kind.APEX) {
                    problems.add(Problem.error(ApexArchive.ORIGINAL_APEX + " holds no " + ApexArchive.PAYLOAD));
                    return null;
                }
                return inner;
            } catch (ImageException x) {
                problems.add(Problem.error(ApexArchive.ORIGINAL_APEX + ": " + x.getMessage()));
                return null;
            }
        }

        /** The APEX's payload: in place when stored, else inflated; null (and a problem) when unreadable. */
        Payload payload(ZipArchive zip, String where, List<Problem> problems) throws IOException {
            ZipEntry e = zip.entry(ApexArchive.PAYLOAD);
            try {
                if (e.isStored()) {
                    if (e.dataOffset() >= 0 && !e.isAlignedTo(PAYLOAD_ALIGNMENT)) { // (no offset: its own error)
                        problems.add(Problem.error(where + ApexArchive.PAYLOAD + " starts at byte " + e.dataOffset()
                                + ", not on a " + PAYLOAD_ALIGNMENT + "-byte boundary (" + e.dataOffset() % PAYLOAD_ALIGNMENT
                                + " bytes past one): apexd's loop device cannot map it; read here all the same"));
                    }
                    long have = zip.source().length() - e.dataOffset();
                    if (e.hasData() && have >= 0 && e.size() > have) {
                        problems.add(Problem.error(where + ApexArchive.PAYLOAD + " is cut short: " + have + " of its "
                                + e.size() + " bytes are in the file (at byte offset " + e.dataOffset() + "); what is there is read"));
                        return Payload.open(zip.source().slice(e.dataOffset(), have), true, options.readers());
                    }
                    return Payload.open(zip.storedData(e), true, options.readers());
                }
                problems.add(Problem.error(where + ApexArchive.PAYLOAD + " is " + e.methodName()
                        + ", not stored: apexd refuses it; inflated to a temporary file to be read"));
                Path copy = inflate(zip, e, Progress.NONE);
                return Payload.open(track(ImageSource.open(copy)), false, options.readers());
            } catch (ImageException x) {
                // (the entry's own errors name it already)
                String what = x.getMessage().startsWith(ApexArchive.PAYLOAD) ? "" : ApexArchive.PAYLOAD + ": ";
                problems.add(Problem.error(where + what + x.getMessage()));
                return null;
            }
        }

        private Path inflate(ZipArchive zip, ZipEntry e, Progress progress) throws IOException, ImageException {
            Path copy = temporaryFile();
            zip.extract(e, copy, progress, options.cancelled());
            return copy;
        }

        /** A new file only its owner can read, in the temporary directory. */
        private Path temporaryFile() throws IOException {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path p = posix
                    ? Files.createTempFile(options.temporaryDirectory(), "apex-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(options.temporaryDirectory(), "apex-", ".tmp");
            temporaryFiles.add(p);
            // close() removes it; this, when the process ends first (a command line stopped by a signal).
            p.toFile().deleteOnExit();
            return p;
        }

        void abandon() {
            for (ImageSource s : sources) {
                s.close();
            }
            deleteAll(temporaryFiles);
        }
    }

    private static void deleteAll(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a file that cannot be deleted now is in the temporary directory, where the system clears it
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The bytes of the .apex or .capex file itself. */
    public long size() {
        return archive.zip().source().length();
    }

    public Kind kind() {
        return kind;
    }

    /** The file opened: its zip and metadata (for a CAPEX, the CAPEX's own). */
    public ApexArchive archive() {
        return archive;
    }

    /** The APEX whose payload is read: {@link #archive()} itself, or a CAPEX's {@code original_apex}. */
    public Optional<ApexArchive> apex() {
        return Optional.ofNullable(apex);
    }

    /** The payload, when it could be found and read. */
    public Optional<Payload> payload() {
        return Optional.ofNullable(payload);
    }

    /**
     * Whether {@code apex_pubkey} is byte for byte the key in the payload's vbmeta image (apexd's
     * {@code CompareKeys}); empty when either key is missing or unreadable.
     */
    public Optional<Boolean> publicKeyMatchesVbmeta() {
        Optional<AvbPublicKey> bundled = apex == null ? Optional.empty() : apex.publicKey();
        Optional<AvbPublicKey> signing = payload == null || payload.vbmeta().isEmpty() ? Optional.empty()
                : payload.vbmeta().get().publicKey();
        if (bundled.isEmpty() || signing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(bundled.get().equals(signing.get()));
    }

    /**
     * Every structure as field trees, in groups with what their offsets count from: the file's own
     * zip and metadata, a CAPEX's original_apex's (offsets in its temporary copy), then the
     * payload's AVB parts (offsets in the payload).
     */
    public List<Structures> structures() throws ImageException {
        List<Structures> out = new ArrayList<>(archive.structures());
        if (apex != null && apex != archive) {
            for (Structures s : apex.structures()) {
                out.add(new Structures(ApexArchive.ORIGINAL_APEX + ": " + s.title(), s.origin(), s.fields()));
            }
        }
        if (payload != null) {
            out.add(new Structures("AVB", new Structures.InSource(payload.source()), payload.structures()));
        }
        return out;
    }

    /** Everything found wrong while opening, worst first. */
    public List<Problem> problems() {
        List<Problem> sorted = new ArrayList<>();
        for (Problem.Severity s : new Problem.Severity[] {Problem.Severity.ERROR, Problem.Severity.WARNING}) {
            for (Problem p : problems) {
                if (p.severity() == s) {
                    sorted.add(p);
                }
            }
        }
        return sorted;
    }

    /** Closes the payload's filesystem and every file opened, and deletes the temporary files. */
    @Override
    public void close() {
        if (payload != null) {
            payload.close();
        }
        for (ImageSource s : sources) {
            s.close();
        }
        deleteAll(temporaryFiles);
    }
}

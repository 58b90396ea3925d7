package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.Check;
import erofsbrowser.apex.CheckResult.Outcome;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Verifies an APEX or CAPEX as apexd would before mounting it, and more: the vbmeta signature,
 * apex_pubkey against the vbmeta key, the hashtree salt, the whole dm-verity hashtree (every bad
 * block named with its owner), the manifest copies, a CAPEX against its original_apex, the
 * payload's labels, owners and modes against apex_build_info.pb, and every zip entry's CRC-32.
 * Nothing escapes but a CancellationException: a check that meets bad input fails, naming it.
 */
public final class ApexVerifier {

    /**
     * How to verify: who names the owners of bad blocks, on how many threads the hashtree is
     * hashed, where progress goes (bytes read of all there is to read) and what says to stop.
     */
    public record Options(BlockOwners owners, int threads, Progress progress, BooleanSupplier cancelled) {
        public static Options standard() {
            return new Options(BlockOwners.BLOCK_NUMBERS, Runtime.getRuntime().availableProcessors(), Progress.NONE,
                    () -> false);
        }

        public Options withOwners(BlockOwners o) {
            return new Options(o, threads, progress, cancelled);
        }

        public Options withThreads(int n) {
            return new Options(owners, n, progress, cancelled);
        }

        public Options withProgress(Progress p, BooleanSupplier stop) {
            return new Options(owners, threads, p, stop);
        }
    }

    private final ApexFile file;
    private final Options options;
    private final ParallelHasher.Counter counter;

    private ApexVerifier(ApexFile file, Options options) {
        this.file = file;
        this.options = options;
        this.counter = new ParallelHasher.Counter(workOf(file), options.progress());
    }

    /** Runs every check on {@code file}; a CancellationException when {@code options.cancelled()} stops it. */
    public static VerificationReport verify(ApexFile file, Options options) {
        return new ApexVerifier(file, options).run();
    }

    public static VerificationReport verify(ApexFile file) {
        return verify(file, Options.standard());
    }

    /** The hashtree check alone: what a quick "is every block intact" needs, without the other checks. */
    public static CheckResult verifyHashtree(ApexFile file, Options options) {
        ApexVerifier v = new ApexVerifier(file, options);
        Optional<Payload> payload = file.payload();
        Optional<Vbmeta> vbmeta = payload.flatMap(Payload::vbmeta);
        return v.hashtree(payload, vbmeta, vbmeta.flatMap(Vbmeta::hashtree));
    }

    private VerificationReport run() {
        List<CheckResult> out = new ArrayList<>();
        Optional<Payload> payload = file.payload();
        Optional<Vbmeta> vbmeta = payload.flatMap(Payload::vbmeta);
        String noPayload = payload.isEmpty() ? "the payload cannot be read" : "the payload has no readable vbmeta";
        out.add(zipLayout());
        out.add(vbmeta.map(VbmetaSignature::check).orElse(failed(Check.VBMETA_SIGNATURE, noPayload)));
        out.add(publicKey(vbmeta));
        Optional<AvbDescriptor.Hashtree> tree = vbmeta.flatMap(Vbmeta::hashtree);
        out.add(salt(tree));
        out.add(hashtree(payload, vbmeta, tree));
        out.add(manifestCopies(payload));
        if (file.kind() == ApexFile.Kind.CAPEX) {
            out.add(CapexCheck.check(file, tree));
        }
        out.add(fsConfig(payload));
        out.add(ZipCrcCheck.check(file, counter, options.cancelled()));
        return new VerificationReport(out);
    }

    /**
     * What opening the file found that apexd would refuse: a zip cut short (no end record, read
     * from its local headers), a payload deflated or not on a 4096-byte boundary, entries whose
     * records disagree; each failing. What no Android tool refuses is a warning.
     */
    private CheckResult zipLayout() {
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!file.archive().zip().hasCentralDirectory()) {
            failures.add("no central directory: the file is cut short (its entries were read from their local headers)");
        }
        for (erofsbrowser.image.Problem p : file.problems()) {
            (p.severity() == erofsbrowser.image.Problem.Severity.ERROR ? failures : notes).add(p.message());
        }
        if (!failures.isEmpty()) {
            List<String> details = new ArrayList<>(failures);
            details.addAll(notes);
            return CheckResult.of(Check.ZIP_LAYOUT, Outcome.FAILED, failures.size() == 1 ? failures.get(0)
                    : failures.size() + " problems apexd refuses", details);
        }
        if (!notes.isEmpty()) {
            return CheckResult.of(Check.ZIP_LAYOUT, Outcome.WARNING, notes.get(0), notes);
        }
        return CheckResult.of(Check.ZIP_LAYOUT, Outcome.PASSED, "every entry found through the central directory, "
                + "the payload stored and aligned", List.of());
    }

    /** Bytes a verification reads: the hashtree's data and tree, and every zip entry's data. */
    private static long workOf(ApexFile file) {
        long work = ZipCrcCheck.work(file);
        Optional<AvbDescriptor.Hashtree> tree = file.payload().flatMap(Payload::hashtree);
        if (tree.isPresent()) {
            try {
                HashtreeLayout layout = HashtreeLayout.of(tree.get());
                work += layout.imageSize() + layout.treeSize();
            } catch (ImageException e) {
                // a descriptor that describes no tree: the hashtree check fails at once and reads nothing
            }
        }
        return work;
    }

    private CheckResult publicKey(Optional<Vbmeta> vbmeta) {
        Optional<AvbPublicKey> bundled = file.apex().flatMap(ApexArchive::publicKey);
        Optional<AvbPublicKey> signing = vbmeta.flatMap(Vbmeta::publicKey);
        if (bundled.isEmpty() || signing.isEmpty()) {
            return failed(Check.PUBLIC_KEY, bundled.isEmpty() ? "no readable apex_pubkey" : "no readable key in vbmeta");
        }
        List<String> details = List.of("apex_pubkey: RSA " + bundled.get().keyBits() + ", SHA-256 " + bundled.get().sha256(),
                "vbmeta key:  RSA " + signing.get().keyBits() + ", SHA-256 " + signing.get().sha256());
        boolean same = bundled.get().equals(signing.get());
        return CheckResult.of(Check.PUBLIC_KEY, same ? Outcome.PASSED : Outcome.FAILED,
                same ? "byte for byte the same key" : "the keys differ: apexd refuses the APEX", details);
    }

    /** apexer salts the tree with sha256(apex_manifest.pb) (of the JSON manifest, for Android 10's APEXes). */
    private CheckResult salt(Optional<AvbDescriptor.Hashtree> tree) {
        if (tree.isEmpty()) {
            return CheckResult.of(Check.SALT, Outcome.NOT_APPLICABLE, "no hashtree descriptor (see the hashtree check)", List.of());
        }
        Optional<ApexArchive> apex = file.apex();
        Optional<byte[]> manifest = apex.flatMap(ApexArchive::manifestPb);
        String source = ApexArchive.MANIFEST_PB;
        if (manifest.isEmpty()) {
            manifest = apex.flatMap(ApexArchive::manifestJson).map(s -> s.getBytes(StandardCharsets.UTF_8));
            source = ApexArchive.MANIFEST_JSON;
        }
        String salt = HexFormat.of().formatHex(tree.get().salt());
        if (manifest.isEmpty()) {
            return CheckResult.of(Check.SALT, Outcome.NOT_APPLICABLE, "salt " + salt + "; no manifest to compare it with", List.of());
        }
        String expected = HexFormat.of().formatHex(sha256(manifest.get()));
        List<String> details = List.of("descriptor salt:     " + salt, "sha256(" + source + "): " + expected);
        return salt.equals(expected)
                ? CheckResult.of(Check.SALT, Outcome.PASSED, "sha256 of " + source + ", as apexer salts it", details)
                : CheckResult.of(Check.SALT, Outcome.WARNING, "not the sha256 of " + source
                + " apexer would use (apexd does not check it)", details);
    }

    private CheckResult hashtree(Optional<Payload> payload, Optional<Vbmeta> vbmeta, Optional<AvbDescriptor.Hashtree> tree) {
        if (tree.isEmpty()) {
            List<String> why = new ArrayList<>();
            vbmeta.ifPresent(v -> v.descriptorProblems().forEach(p -> why.add(p.message())));
            return CheckResult.of(Check.HASHTREE, Outcome.FAILED, payload.isEmpty() ? "the payload cannot be read"
                    : "no hashtree descriptor in the vbmeta image: apexd cannot set up dm-verity", why);
        }
        return new HashtreeVerifier(payload.get().source(), tree.get(), options.owners(), options.threads(), counter,
                options.cancelled()).verify();
    }

    private CheckResult manifestCopies(Optional<Payload> payload) {
        Optional<FileSystemImage> fs = payload.flatMap(Payload::fileSystem);
        if (fs.isEmpty()) {
            return CheckResult.of(Check.MANIFEST_COPIES, Outcome.NOT_APPLICABLE, "the payload's filesystem is not readable here"
                    + payload.map(p -> " (" + p.type().label() + ")").orElse(""), List.of());
        }
        Optional<ApexArchive> apex = file.apex();
        boolean pb = apex.flatMap(ApexArchive::manifestPb).isPresent();
        String name = pb ? ApexArchive.MANIFEST_PB : ApexArchive.MANIFEST_JSON;
        Optional<byte[]> inZip = pb ? apex.flatMap(ApexArchive::manifestPb)
                : apex.flatMap(ApexArchive::manifestJson).map(s -> s.getBytes(StandardCharsets.UTF_8));
        if (inZip.isEmpty()) {
            return failed(Check.MANIFEST_COPIES, "the zip holds no readable manifest");
        }
        try {
            Node node = fs.get().lookup(("/" + name).getBytes(StandardCharsets.UTF_8));
            if (node == null) {
                return failed(Check.MANIFEST_COPIES, "the payload holds no /" + name);
            }
            if (node.size() > ApexArchive.MAX_METADATA) {
                return failed(Check.MANIFEST_COPIES, "/" + name + " in the payload is " + node.size() + " bytes");
            }
            FileContent content = fs.get().content(node);
            byte[] inPayload = content.readFully(0, (int) node.size());
            List<String> details = List.of("zip " + name + ": " + inZip.get().length + " bytes, SHA-256 "
                    + HexFormat.of().formatHex(sha256(inZip.get())), "payload /" + name + ": " + inPayload.length
                    + " bytes, SHA-256 " + HexFormat.of().formatHex(sha256(inPayload)));
            return Arrays.equals(inZip.get(), inPayload)
                    ? CheckResult.of(Check.MANIFEST_COPIES, Outcome.PASSED, name + " is the same in the zip and the payload", details)
                    : CheckResult.of(Check.MANIFEST_COPIES, Outcome.FAILED, name + " in the zip differs from /" + name
                    + " in the payload", details);
        } catch (ImageException e) {
            return failed(Check.MANIFEST_COPIES, e.getMessage());
        }
    }

    private CheckResult fsConfig(Optional<Payload> payload) {
        Optional<ApexBuildInfo> info = file.apex().flatMap(ApexArchive::buildInfo);
        if (info.isEmpty() || (info.get().fileContexts().isBlank() && info.get().cannedFsConfig().isBlank())) {
            return CheckResult.of(Check.FILE_CONTEXTS_AND_FS_CONFIG, Outcome.NOT_APPLICABLE,
                    "no apex_build_info.pb with file_contexts or canned_fs_config", List.of());
        }
        Optional<FileSystemImage> fs = payload.flatMap(Payload::fileSystem);
        if (fs.isEmpty()) {
            return CheckResult.of(Check.FILE_CONTEXTS_AND_FS_CONFIG, Outcome.NOT_APPLICABLE,
                    "the payload's filesystem is not readable here" + payload.map(p -> " (" + p.type().label() + ")").orElse(""),
                    List.of());
        }
        return FsConfigCheck.check(fs.get(), info.get(), options.cancelled());
    }

    static CheckResult failed(Check check, String summary) {
        return CheckResult.of(check, Outcome.FAILED, summary, List.of());
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

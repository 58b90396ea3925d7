package erofsbrowser.cli;

import erofsbrowser.apex.ApexImage;
import erofsbrowser.apex.ApexVerifier;
import erofsbrowser.apex.BlockOwners;
import erofsbrowser.apex.CheckResult;
import erofsbrowser.apex.VerificationReport;
import erofsbrowser.image.Fault;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code verify IMAGE}: everything that can be checked. An APEX or CAPEX gets apexd's checks and
 * more (vbmeta signature and key, the dm-verity hashtree with the file that owns each bad block,
 * manifest copies, a CAPEX against its original, file contexts, CRCs); then, for any image,
 * every entry is listed and every file read, each fault reported where it is.
 */
final class VerifyCommand implements Cli.Command {
    private static final CommandSpec SPEC = new CommandSpec("verify",
            "an APEX's signature and hashtree, and every file read, naming what each bad block belongs to",
            List.of("For an APEX or CAPEX, runs the checks Android's apexd makes and more: the vbmeta hash and "
                    + "signature, apex_pubkey against the vbmeta key, the hashtree salt, the whole dm-verity "
                    + "hashtree (each bad block named with the file and byte range, or the structure, that owns "
                    + "it), the manifest copies, a CAPEX against its original_apex, labels and modes against "
                    + "apex_build_info.pb, and every zip entry's CRC-32. For every image, it then lists every "
                    + "directory and reads every file, going on past faults: each is a line on standard error.",
                    "With --json: one JSON object (keys under JSON OUTPUT in erofs(1)), the faults in it."),
            CommonOptions.forImage(CommonOptions.JSON, CommonOptions.STRICT),
            List.of(CommonOptions.IMAGE),
            List.of(CommonOptions.SUCCESS, new CommandSpec.ExitStatus(Cli.BAD_IMAGE,
                    "a check failed or an entry cannot be read (each is named), or IMAGE cannot be read"),
                    CommonOptions.USAGE),
            List.of(new CommandSpec.Example("verify com.android.tzdata.apex", "signature, hashtree and every file"),
                    new CommandSpec.Example("verify --json system.img", "every file read, the faults as JSON")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(FileSystemImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        boolean json = args.has(CommonOptions.JSON.longName());
        VerificationReport report = null;
        if (image instanceof ApexImage apex) {
            report = ApexVerifier.verify(apex.apexFile(), ApexVerifier.Options.standard()
                    .withOwners(BlockOwners.whenNeeded(apex.apexFile().payload().flatMap(p -> p.fileSystem()))));
            if (!json) {
                out.print(report.toText());
            }
        }
        FaultReport faults = new FaultReport(err, "verify", args, image);
        if (json) {
            faults.quiet();
        }
        ModelCheck check = new ModelCheck();
        check.run(image, faults);
        boolean ok = (report == null || report.passed()) && faults.count() == 0;
        if (json) {
            json(image.formatName(), report, check, faults.kept(), ok).writeLine(out);
        } else {
            out.println((ok ? "ok: " : "FAILED: ") + (report == null ? "" : report.passed() ? "every check passed; "
                    : "some checks failed; ") + check.entries + " entries, " + check.files + " files, " + check.bytes
                    + " bytes of file data read" + (faults.count() == 0 ? "" : ", " + faults.count()
                    + (faults.count() == 1 ? " fault" : " faults") + " (see above)"));
        }
        return ok ? Cli.OK : Cli.BAD_IMAGE;
    }

    /**
     * An APEX whose payload holds no filesystem this program can read (a damaged superblock, say):
     * its own checks run all the same, since the hashtree still says which blocks are bad. The
     * status, or null when {@code file} is no APEX (the caller reports {@code openError}).
     */
    static Integer verifyApexAlone(java.nio.file.Path file, Arguments args, PrintStream out, PrintStream err,
                                   ImageException openError) {
        try (erofsbrowser.apex.ApexFile apex = erofsbrowser.apex.ApexFile.open(file)) {
            if (apex.apex().isEmpty()) {
                return null;
            }
            boolean json = args.has(CommonOptions.JSON.longName());
            VerificationReport report = ApexVerifier.verify(apex);
            String fault = openError.getMessage(); // (it says what cannot be read: the payload, or the zip)
            if (json) {
                json(apex.kind() + " (payload unreadable)", report, new ModelCheck(),
                        List.of(new Fault(null, openError)), false).writeLine(out);
            } else {
                out.print(report.toText());
                out.flush();
                err.println(Cli.program() + " verify: " + args.image() + ": " + erofsbrowser.image.Printable.escape(fault));
                out.println("FAILED: " + (report.passed() ? "the APEX's checks passed; " : "some checks failed; ")
                        + "its payload's files cannot be read (see above)");
            }
            return Cli.BAD_IMAGE;
        } catch (ImageException | java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static Json json(String format, VerificationReport report, ModelCheck check, List<Fault> faults,
                             boolean ok) {
        Json j = new Json().beginObject();
        j.key("ok").value(ok);
        j.key("format").value(format);
        j.key("checks").beginArray();
        if (report != null) {
            for (CheckResult c : report.checks()) {
                j.beginObject().key("check").value(c.check().title())
                        .key("outcome").value(c.outcome().name().toLowerCase(Locale.ROOT))
                        .key("summary").value(c.summary()).key("details").beginArray();
                c.details().forEach(j::value);
                j.endArray().key("bad_blocks").beginArray();
                for (CheckResult.BadBlock b : c.badBlocks()) {
                    j.beginObject().key("level").value(b.level()).key("index").value(b.index())
                            .key("offset").value(b.offset()).key("length").value(b.length())
                            .key("owner").value(b.owner()).endObject();
                }
                j.endArray().endObject();
            }
        }
        j.endArray();
        j.key("entries").value(check.entries).key("files").value(check.files).key("bytes").value(check.bytes);
        j.key("faults").beginArray();
        for (Fault f : faults) {
            j.beginObject().key("offset").value(f.offset()).key("path").value(f.error().path().orElse(null))
                    .key("problem").value(f.problem()).endObject();
        }
        j.endArray();
        return j.endObject();
    }
}

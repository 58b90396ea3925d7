package erofsbrowser.cli;

import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.Node;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.extract.ExtractionOptions;
import erofsbrowser.extract.ExtractionReport;
import erofsbrowser.extract.Extractor;
import erofsbrowser.image.ImageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code extract IMAGE DEST [PATH...]}: the whole image into DEST, or each PATH as DEST/NAME.
 * Whatever could not be written as in the image is reported on standard error, one line each;
 * entries left as they were because DEST held them already are counted, and a run that wrote
 * nothing for that reason fails.
 */
final class ExtractCommand implements Cli.Command {
    static final CommandSpec.Option OVERWRITE = CommandSpec.Option.flag(null, "--overwrite",
            "replace what DEST holds already under an entry's name (a new file is made beside it and renamed "
                    + "over it; a folder is never replaced by a file)");
    static final CommandSpec.Option SKIP_EXISTING = CommandSpec.Option.flag(null, "--skip-existing",
            "leave what DEST holds already as it is, and count it (the default)");
    private static final CommandSpec SPEC = new CommandSpec("extract",
            "the image, or entries of it, into a folder",
            List.of("Writes the whole image into the folder DEST (made if need be), or each PATH as DEST/NAME: "
                    + "content, folders, symlinks, hard links, permissions and mtimes; owners and device nodes "
                    + "when run as root; FIFOs and sockets; extended attributes where the filesystem of DEST takes "
                    + "them. Files are decompressed and written on several threads. Whatever cannot be written "
                    + "as in the image is reported on standard error, one line each, and the rest goes on.",
                    "A DEST that extract makes is the image's root folder, with the root's permissions, mtime and "
                            + "attributes; a DEST that exists keeps its own. Nothing is ever written outside DEST: "
                            + "names holding / or NUL, or . and .. where they do not belong, are refused; files are "
                            + "created exclusively, never through an existing file or symlink, and nothing is "
                            + "followed below DEST.",
                    "Entries that DEST holds already (by name) are left as they are and counted (--skip-existing, "
                            + "the default), or replaced (--overwrite). A run that extracts nothing because "
                            + "everything was there already says so and fails."),
            CommonOptions.forImage(OVERWRITE, SKIP_EXISTING, CommonOptions.THREADS, CommonOptions.STRICT),
            List.of(CommonOptions.IMAGE,
                    new CommandSpec.Operand("DEST", CommandSpec.Count.ONE, CommandSpec.ValueKind.DIRECTORY,
                            "the folder to write into"),
                    new CommandSpec.Operand("PATH", CommandSpec.Count.ANY, CommandSpec.ValueKind.IMAGE_PATH,
                            "an entry of the image to extract (with everything below it); default: all of it")),
            List.of(CommonOptions.SUCCESS, new CommandSpec.ExitStatus(Cli.BAD_IMAGE,
                            "IMAGE cannot be read or is bad, DEST cannot be written, a PATH is not in the image, or "
                                    + "nothing was extracted because DEST held every entry already"),
                    CommonOptions.USAGE),
            List.of(new CommandSpec.Example("extract system.img out/", "the whole image into out/"),
                    new CommandSpec.Example("extract --overwrite system.img out/ /etc /system/bin/sh",
                            "/etc and /system/bin/sh into out/etc and out/sh, replacing what is there")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void check(Arguments args) throws Arguments.UsageException {
        if (args.has(OVERWRITE.longName()) && args.has(SKIP_EXISTING.longName())) {
            throw new Arguments.UsageException("--overwrite and --skip-existing do not go together");
        }
    }

    @Override
    public int run(FileSystemImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException, IOException {
        String program = Cli.program() + " extract";
        Path dest = Path.of(args.operand(1));
        if (Files.exists(dest) && !Files.isDirectory(dest)) {
            err.println(program + ": " + dest + ": not a directory");
            return Cli.BAD_IMAGE;
        }
        if (image instanceof ErofsImage erofs) {
            erofs.prepareDecoders();
        }
        FaultReport faults = new FaultReport(err, "extract", args, image);
        List<Node> selected = new ArrayList<>();
        List<String> paths = args.operands().subList(2, args.operands().size());
        if (paths.isEmpty()) {
            selected.add(image.root());
        }
        for (String p : paths) {
            Node e = Cli.lookup(image, p);
            if (e == null) {
                err.println(program + ": " + p + ": no such file or directory in the image");
                return Cli.BAD_IMAGE;
            }
            selected.add(e);
        }
        ExtractionOptions.ExistingFiles existing = args.has(OVERWRITE.longName())
                ? ExtractionOptions.ExistingFiles.OVERWRITE : ExtractionOptions.ExistingFiles.SKIP;
        ExtractionReport report = new Extractor(image, dest,
                new ExtractionOptions(args.threads(), existing, null, null, () -> false).pastFaults(!faults.strict()))
                .extract(selected);
        report.faults().forEach(faults::fault);
        long otherSkips = 0;
        for (ExtractionReport.Skipped s : report.skipped()) {
            if (!s.existed()) {
                err.println(program + ": skipped " + s);
                otherSkips++;
            }
        }
        long kept = report.existing();
        if (report.written() == 0 && kept > 0) {
            err.println(program + ": nothing extracted: " + (kept == 1 ? "the entry is" : "all " + kept + " entries are")
                    + " in " + dest + " already, left as " + (kept == 1 ? "it was" : "they were")
                    + (existing == ExtractionOptions.ExistingFiles.OVERWRITE ? "" : " (--overwrite replaces them)"));
            return Cli.BAD_IMAGE;
        }
        StringBuilder summary = new StringBuilder("extracted ").append(entries(report.written())).append(", ")
                .append(report.bytes()).append(" bytes into ").append(dest);
        if (report.replaced() > 0) {
            summary.append("; ").append(report.replaced()).append(" of them replaced what was there");
        }
        if (kept > 0) {
            summary.append("; ").append(entries(kept)).append(" there already left as ")
                    .append(kept == 1 ? "it was" : "they were")
                    .append(existing == ExtractionOptions.ExistingFiles.OVERWRITE ? " (folders are not replaced by files)"
                            : " (--overwrite replaces them)");
        }
        if (otherSkips > 0) {
            summary.append("; ").append(otherSkips).append(otherSkips == 1 ? " item" : " items").append(" skipped (see above)");
        }
        if (faults.count() > 0) {
            summary.append("; ").append(faults.count()).append(faults.count() == 1 ? " fault" : " faults")
                    .append(" of the image (see above)");
            List<String> refused = report.refused();
            if (!refused.isEmpty()) {
                summary.append("; not extracted for them: ").append(refused.stream().limit(10)
                        .map(erofsbrowser.image.Printable::escape).collect(java.util.stream.Collectors.joining(", ")));
                if (refused.size() > 10) {
                    summary.append(" and ").append(refused.size() - 10).append(" more");
                }
            }
        }
        out.println(summary);
        return faults.status();
    }

    private static String entries(long n) {
        return n + (n == 1 ? " entry" : " entries");
    }
}

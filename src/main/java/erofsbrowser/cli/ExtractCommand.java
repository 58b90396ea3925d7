package erofsbrowser.cli;

import erofsbrowser.erofs.Entry;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.extract.ExtractionReport;
import erofsbrowser.extract.Extractor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code extract IMAGE DEST [PATH...]}: the whole image into DEST, or each PATH as DEST/NAME.
 * Whatever could not be written as in the image is reported on standard error, one line each.
 */
final class ExtractCommand implements Cli.Command {
    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public String usage() {
        return "extract [--threads N] IMAGE DEST [PATH...]";
    }

    @Override
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException, IOException {
        image.prepareDecoders();
        Path dest = Path.of(args.operand(0, "DEST"));
        List<Entry> selected = new ArrayList<>();
        if (args.positional().size() <= 2) {
            selected.add(image.root());
        }
        for (String p : args.positional().subList(Math.min(2, args.positional().size()), args.positional().size())) {
            Entry e = image.lookup(p);
            if (e == null) {
                err.println("erofs-browser extract: " + p + ": no such file or directory in the image");
                return Cli.BAD_IMAGE;
            }
            selected.add(e);
        }
        ExtractionReport report = new Extractor(image, dest, args.threads()).extract(selected);
        for (ExtractionReport.Skipped s : report.skipped()) {
            err.println("erofs-browser extract: skipped " + s);
        }
        out.println("extracted " + report.entries() + " entries, " + report.bytes() + " bytes into " + dest
                + (report.skipped().isEmpty() ? "" : "; " + report.skipped().size() + " items skipped (see above)"));
        return Cli.OK;
    }
}

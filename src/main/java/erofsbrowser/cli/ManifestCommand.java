package erofsbrowser.cli;

import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.ManifestEntry;

import java.io.PrintStream;
import java.util.Set;

/** {@code manifest IMAGE}: the whole image as JSON lines, in the format of the fixtures' expected listings. */
final class ManifestCommand implements Cli.Command {
    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public String usage() {
        return "manifest IMAGE";
    }

    @Override
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        for (ManifestEntry e : Manifest.of(image)) {
            byte[] line = e.toJsonLine();
            out.write(line, 0, line.length);
        }
        return Cli.OK;
    }
}

package erofsbrowser.cli;

import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.ManifestEntry;

import java.io.PrintStream;
import java.util.List;

/** {@code manifest IMAGE}: the whole image as JSON lines, in the format of the fixtures' expected listings. */
final class ManifestCommand implements Cli.Command {
    private static final CommandSpec SPEC = new CommandSpec("manifest",
            "every entry as a JSON line: path, type, mode, owner, size, sha256, xattrs",
            List.of("Prints one JSON object a line for every entry of the image, the root included, sorted by "
                    + "path as bytes: path, type, mode, uid, gid, and by type mtime, size and sha256 (files), "
                    + "nlink (files with several links), target (symlinks, as hex), rdev (devices), xattrs "
                    + "(values as hex). Keys are sorted, separators are \", \" and \": \", and text is UTF-8: "
                    + "byte for byte what Python's json.dumps(obj, sort_keys=True, ensure_ascii=False) writes, "
                    + "so that two listings of the same tree (this one of the image, one made from a kernel "
                    + "mount) can be compared with cmp. A name that is not UTF-8 is written as its bytes."),
            CommonOptions.forImage(CommonOptions.STRICT),
            List.of(CommonOptions.IMAGE),
            CommonOptions.statuses("a fault was met (each is a line on standard error; the entries that can be read are listed)"),
            List.of(new CommandSpec.Example("manifest system.img > system.jsonl", "the listing of an image"),
                    new CommandSpec.Example("manifest a.img | diff - <(erofs manifest b.img)",
                            "what differs between two images")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(FileSystemImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        FaultReport faults = new FaultReport(err, "manifest", args, image);
        for (ManifestEntry e : faults.strict() ? Manifest.of(image) : Manifest.of(image, faults)) {
            byte[] line = e.toJsonLine();
            out.write(line, 0, line.length);
        }
        out.flush();
        return faults.status();
    }
}

package erofsbrowser.cli;

import erofsbrowser.image.Fault;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.io.PrintStream;

/**
 * The faults of an image that a command goes on past: each one line on standard error (offset,
 * path, what; control characters escaped, so that an image cannot drive the terminal), and the
 * exit status they make at the end. With {@code --strict} the first fault ends the command instead.
 */
final class FaultReport implements FileSystemImage.FaultVisitor {
    private final PrintStream err;
    private final String prefix;
    private final boolean strict;
    /** Where the filesystem starts in its file (an APEX's payload): fault lines give both offsets. */
    private final long fileOffset;
    private final java.util.List<Fault> kept = new java.util.ArrayList<>();
    private boolean quiet;
    private int count;

    FaultReport(PrintStream err, String command, Arguments args, FileSystemImage image) {
        this.err = err;
        this.fileOffset = image.source().fileOffset();
        this.prefix = Cli.program() + " " + command + ": " + args.image() + ": ";
        this.strict = args.has(CommonOptions.STRICT.longName());
    }

    boolean strict() {
        return strict;
    }

    /** Keeps the faults (for --json) rather than writing them to standard error. */
    FaultReport quiet() {
        quiet = true;
        return this;
    }

    @Override
    public void fault(Fault fault) {
        count++;
        if (quiet) {
            kept.add(fault);
        } else {
            err.println(prefix + fault.line(fileOffset));
        }
    }

    /** The faults kept by a quiet report. */
    java.util.List<Fault> kept() {
        return java.util.List.copyOf(kept);
    }

    /** Reports {@code error}, met at {@code node}, as a fault; rethrows it when strict. */
    void fault(Node node, ImageException error) throws ImageException {
        ImageException at = error.path().isPresent() ? error : error.atPath(node.pathString());
        if (strict) {
            throw at;
        }
        fault(new Fault(node.name(), at));
    }

    int count() {
        return count;
    }

    /** 0, or 1 when a fault was met. */
    int status() {
        return count == 0 ? Cli.OK : Cli.BAD_IMAGE;
    }

    /** Visits {@code start} and everything below it: past faults, or stopping at the first when strict. */
    void walk(FileSystemImage image, Node start, FileSystemImage.Visitor visitor) throws ImageException {
        if (strict) {
            image.walk(start, visitor);
        } else {
            image.walk(start, visitor, this);
        }
    }

    /** The entries of {@code directory}: past faults, or stopping at the first when strict. */
    java.util.List<? extends Node> list(FileSystemImage image, Node directory) throws ImageException {
        if (strict) {
            return image.list(directory);
        }
        FileSystemImage.Listing listing = image.listing(directory);
        listing.faults().forEach(this::fault);
        return listing.entries();
    }
}

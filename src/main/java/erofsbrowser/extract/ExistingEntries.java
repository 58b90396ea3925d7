package erofsbrowser.extract;

import erofsbrowser.image.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an extraction does where its destination holds something of an entry's name already:
 * the options' answer (asked once, at the first such entry, and kept for the rest), where the
 * entry goes then ({@link Placement}), what is reported left out, and how many were replaced.
 * Called from the walk and from the writing threads.
 */
final class ExistingEntries {
    private final ExtractionOptions options;
    /** The extraction's list of what it left out (synchronized). */
    private final List<ExtractionReport.Skipped> skipped;
    private ExtractionOptions.ExistingFiles decision; // guarded by this
    private final AtomicLong replaced = new AtomicLong();

    ExistingEntries(ExtractionOptions options, List<ExtractionReport.Skipped> skipped) {
        this.options = options;
        this.skipped = skipped;
    }

    /**
     * Where to write an entry: at {@code target} when nothing is there; when something is, beside
     * it to be renamed over it when overwriting (never over a folder), at a free "name (2)" beside
     * it when keeping both, or nowhere (null, reported) when skipping.
     */
    Placement placeFor(Node entry, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Placement.at(target);
        }
        switch (decision(target)) {
            case OVERWRITE -> {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    skip(entry, "a folder of that name exists, and is not replaced by a "
                            + entry.type().label() + ": " + target);
                    return null;
                }
                return Placement.replacing(target);
            }
            case KEEP_BOTH -> {
                return Placement.at(freeNameBeside(target));
            }
            default -> {
                skip(entry, "exists already: " + target);
                return null;
            }
        }
    }

    /** Renames a written entry over the one it replaces; reports it left out when that fails. */
    void commit(Node entry, Placement place) {
        if (!place.replacing()) {
            return;
        }
        try {
            place.commit();
            replaced.incrementAndGet();
        } catch (IOException e) {
            skipped.add(new ExtractionReport.Skipped(entry.pathString(),
                    "cannot replace " + place.replaces() + ": " + e.getMessage()));
        }
    }

    /** Left out because something of its name is in the way in the destination (and stays as it was). */
    void skip(Node entry, String reason) {
        skipped.add(new ExtractionReport.Skipped(entry.pathString(), reason, true));
    }

    /** An entry of the destination made way for one of the image otherwise than by {@link #commit}. */
    void replacedOne() {
        replaced.incrementAndGet();
    }

    long replaced() {
        return replaced.get();
    }

    private synchronized ExtractionOptions.ExistingFiles decision(Path firstConflict) {
        if (decision == null) {
            decision = options.existing() == ExtractionOptions.ExistingFiles.ASK
                    ? (options.resolver() == null ? ExtractionOptions.ExistingFiles.SKIP : options.resolver().resolve(firstConflict))
                    : options.existing();
        }
        return decision;
    }

    /** "name (2).ext", "name (3).ext", ...: the first that does not exist. */
    static Path freeNameBeside(Path target) throws IOException {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int k = 2; k < 100_000; k++) {
            Path candidate = target.resolveSibling(stem + " (" + k + ")" + ext);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
        throw new IOException("no free name beside " + target);
    }
}

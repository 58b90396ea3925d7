package erofsbrowser.extract;

import erofsbrowser.image.Fault;

import java.util.List;

/**
 * What an extraction did: entries and bytes written, every entry or attribute it had to leave
 * out (with the reason), and, when it was cancelled, where it stopped.
 *
 * @param entries       entries written, folders that existed and were written into included
 * @param stoppedAt     the image path being written when the extraction was cancelled, else null
 * @param foldersReused of {@code entries}, the folders that existed already (the destination too)
 * @param replaced      of {@code entries}, those that replaced an entry of the destination (overwrite)
 * @param faults        what the image could not give, each where it is (gone past, with
 *                      {@link ExtractionOptions#pastFaults}); empty for a sound image
 * @param refused       the image paths of the entries those faults kept out (a name that could lead
 *                      outside the destination, an entry that could not be read); a fault in a
 *                      file's data leaves the file written, its bad bytes as zeros
 */
public record ExtractionReport(long entries, long bytes, List<Skipped> skipped, boolean cancelled, String stoppedAt,
                               long foldersReused, long replaced, List<Fault> faults, List<String> refused) {

    public ExtractionReport(long entries, long bytes, List<Skipped> skipped) {
        this(entries, bytes, skipped, false, null, 0, 0, List.of(), List.of());
    }

    public ExtractionReport(long entries, long bytes, List<Skipped> skipped, boolean cancelled, String stoppedAt,
                            long foldersReused, long replaced) {
        this(entries, bytes, skipped, cancelled, stoppedAt, foldersReused, replaced, List.of(), List.of());
    }

    /** Entries that this extraction made (or replaced): none means it wrote nothing. */
    public long written() {
        return entries - foldersReused;
    }

    /** How many entries were left out because something of their name was in the destination already. */
    public long existing() {
        return skipped.stream().filter(Skipped::existed).count();
    }

    /**
     * Something left out: the image path, and why.
     *
     * @param existed left out because something of its name is in the destination (and stays)
     */
    public record Skipped(String path, String reason, boolean existed) {
        public Skipped(String path, String reason) {
            this(path, reason, false);
        }

        @Override
        public String toString() {
            // Paths and reasons quote the image's names: escaped, so that one cannot break the line or drive a terminal.
            return erofsbrowser.image.Printable.escape(path) + ": " + erofsbrowser.image.Printable.escape(reason);
        }
    }
}

package erofsbrowser.extract;

import java.util.List;

/**
 * What an extraction did: entries and bytes written, every entry or attribute it had to leave
 * out (with the reason), and, when it was cancelled, where it stopped.
 *
 * @param stoppedAt the image path being written when the extraction was cancelled, else null
 */
public record ExtractionReport(long entries, long bytes, List<Skipped> skipped, boolean cancelled, String stoppedAt) {

    public ExtractionReport(long entries, long bytes, List<Skipped> skipped) {
        this(entries, bytes, skipped, false, null);
    }

    /** Something left out: the image path, and why. */
    public record Skipped(String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }
}

package erofsbrowser.extract;

import java.util.List;

/**
 * What an extraction did: entries and bytes written, and every entry or attribute it had to leave
 * out, with the reason.
 */
public record ExtractionReport(long entries, long bytes, List<Skipped> skipped) {

    /** Something left out: the image path, and why. */
    public record Skipped(String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }
}

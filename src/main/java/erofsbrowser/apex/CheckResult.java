package erofsbrowser.apex;

import java.util.List;

/**
 * The result of one check of a verification.
 *
 * @param check     which check
 * @param outcome   how it came out
 * @param summary   one line saying what was found
 * @param details   the findings, one line each (digests compared, each difference)
 * @param badBlocks for the hashtree check, every block that fails, in payload order (at most
 *                  {@link HashtreeVerifier#MAX_LISTED} of them; {@code summary} gives the count)
 */
public record CheckResult(Check check, Outcome outcome, String summary, List<String> details, List<BadBlock> badBlocks) {

    /** The checks a verification runs, in the order it runs them. */
    public enum Check {
        ZIP_LAYOUT("the zip as apexd reads it"),
        VBMETA_SIGNATURE("vbmeta hash and signature"),
        PUBLIC_KEY("apex_pubkey equals the vbmeta key"),
        SALT("hashtree salt"),
        HASHTREE("dm-verity hashtree"),
        MANIFEST_COPIES("manifest in the zip equals the payload's"),
        CAPEX_ORIGINAL("CAPEX matches its original_apex"),
        FILE_CONTEXTS_AND_FS_CONFIG("labels, owners and modes as apex_build_info.pb says"),
        ZIP_CRC("zip entries' CRC-32");

        private final String title;

        Check(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** How a check came out. */
    public enum Outcome {
        PASSED,
        /** Passed, with something worth knowing that no Android tool refuses. */
        WARNING,
        FAILED,
        /** Nothing to check (no build info, a payload this build cannot read). */
        NOT_APPLICABLE
    }

    /**
     * A block whose digest does not match.
     *
     * @param level  0 for a data block, k for a block of hashtree level k - 1 (checked against level k)
     * @param index  the block's number within its level (data block number for level 0)
     * @param offset where the block lies in the payload
     * @param length its size
     * @param owner  what owns its bytes: a file and byte range, an inode, a directory block; or
     *               "payload block N" where no owner map is given
     */
    public record BadBlock(int level, long index, long offset, long length, String owner) {
    }

    public CheckResult {
        details = List.copyOf(details);
        badBlocks = List.copyOf(badBlocks);
    }

    static CheckResult of(Check check, Outcome outcome, String summary, List<String> details) {
        return new CheckResult(check, outcome, summary, details, List.of());
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}

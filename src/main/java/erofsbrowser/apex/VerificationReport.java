package erofsbrowser.apex;

import java.util.List;

/** What a verification of an APEX found: each check's result, in the order they ran. */
public record VerificationReport(List<CheckResult> checks) {
    public VerificationReport {
        checks = List.copyOf(checks);
    }

    /** Whether no check failed. */
    public boolean passed() {
        return checks.stream().noneMatch(CheckResult::failed);
    }

    /** The result of {@code check}, or null when it did not run. */
    public CheckResult result(CheckResult.Check check) {
        return checks.stream().filter(c -> c.check() == check).findFirst().orElse(null);
    }

    /** The report as text, a line per check and an indented line per detail. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (CheckResult c : checks) {
            sb.append(c.outcome()).append("  ").append(c.check().title()).append(": ").append(c.summary()).append('\n');
            for (String d : c.details()) {
                sb.append("    ").append(d).append('\n');
            }
            for (CheckResult.BadBlock b : c.badBlocks()) {
                sb.append("    ").append(b.level() == 0 ? "data block " : "level " + (b.level() - 1) + " block ")
                        .append(b.index()).append(" at payload bytes ").append(b.offset()).append("..")
                        .append(b.offset() + b.length()).append(": ").append(b.owner()).append('\n');
            }
        }
        return sb.toString();
    }
}

package erofsbrowser.apex;

/** Receives how far a long task has come: {@code done} of {@code total} units (bytes). */
@FunctionalInterface
public interface Progress {
    /** Ignores every report. */
    Progress NONE = (done, total) -> { };

    void update(long done, long total);
}

package erofsbrowser.apex;

/** Receives how far a long task has come: {@code done} of {@code total} units (bytes). */
@FunctionalInterface
public interface Progress {
    /** Ignores every report (a class, not a lambda: see {@link ApexFile}'s note on start-up). */
    Progress NONE = new Progress() {
        @Override
        public void update(long done, long total) {
        }
    };

    void update(long done, long total);
}

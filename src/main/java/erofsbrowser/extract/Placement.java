package erofsbrowser.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an entry is written: at its target, or, when it replaces an entry that exists there, at a
 * new name beside the target that is then renamed over it. So a replaced file is never opened or
 * written through (a symlink in its place is replaced itself, not followed), and it stays whole
 * until its replacement is: a failed or cancelled write leaves the old one as it was.
 *
 * @param writeAt  where the entry is created (exclusively: never over anything)
 * @param replaces the existing entry it then replaces, or null
 */
record Placement(Path writeAt, Path replaces) {

    /** Written straight at {@code target}, where nothing is. */
    static Placement at(Path target) {
        return new Placement(target, null);
    }

    /**
     * Written beside {@code existing}, then renamed over it. The new name is random, so no run or
     * other program is likely to use it; creating it exclusively makes that certain.
     */
    static Placement replacing(Path existing) {
        String name = ".erofs-browser-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + ".part";
        return new Placement(existing.resolveSibling(name), existing);
    }

    /** Where the entry lives once written. */
    Path target() {
        return replaces != null ? replaces : writeAt;
    }

    boolean replacing() {
        return replaces != null;
    }

    /** Removes a replacement that failed half-way: the entry it was to replace stays as it was. */
    void abandon() throws IOException {
        if (replaces != null) {
            Files.deleteIfExists(writeAt);
        }
    }

    /**
     * Puts the written entry in place: rename(2) over the entry it replaces, which swaps the names
     * at once and never follows a symlink. It fails (and the new entry goes) if a folder has come
     * to be in the way.
     */
    void commit() throws IOException {
        if (replaces == null) {
            return;
        }
        try {
            Files.move(writeAt, replaces, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(writeAt);
            throw e;
        }
    }
}

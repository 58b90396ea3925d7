package erofsbrowser.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who this process creates files as: the filesystem uid and gid a new file gets as its owner and
 * group, and the umask taken off the mode asked for at open(2). Read from {@code /proc/self/status}
 * (Linux); knowing them lets extraction skip the fchown and fchmod that would change nothing, two
 * of the six system calls a small file costs, and tell whether it runs as root without starting
 * the native-call library.
 *
 * @param uid   the filesystem uid (the fourth field of {@code Uid:})
 * @param gid   the filesystem gid (the fourth field of {@code Gid:})
 * @param umask the file mode creation mask
 */
record ProcessIdentity(long uid, long gid, int umask) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** This process's identity, or null where {@code /proc/self/status} does not say it. */
    static ProcessIdentity current() {
        try {
            return parse(new String(Files.readAllBytes(STATUS), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The identity in a {@code /proc/PID/status} text, or null when a field is missing. */
    static ProcessIdentity parse(String status) {
        long uid = -1;
        long gid = -1;
        int umask = -1;
        for (String line : status.split("\n")) {
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "Uid:" -> uid = f.length > 4 ? Long.parseLong(f[4]) : -1;
                case "Gid:" -> gid = f.length > 4 ? Long.parseLong(f[4]) : -1;
                case "Umask:" -> umask = f.length > 1 ? Integer.parseInt(f[1], 8) : -1;
                default -> {
                }
            }
        }
        return uid < 0 || gid < 0 || umask < 0 ? null : new ProcessIdentity(uid, gid, umask);
    }

    /** Whether open(2) with {@code permissions} creates the file with exactly that mode. */
    boolean createsWithMode(int permissions) {
        // setuid, setgid and sticky bits are left to fchmod: the kernel may drop setgid at creation.
        return (permissions & 07000) == 0 && (permissions & umask) == 0;
    }

    /** Whether a new file is already owned by {@code uid}:{@code gid}. */
    boolean createsOwnedBy(long fileUid, long fileGid) {
        return fileUid == uid && fileGid == gid;
    }
}

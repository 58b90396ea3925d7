package erofsbrowser.extract;

import com.sun.jna.LastErrorException;
import erofsbrowser.image.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the system extracted into lets this process do: libc (loaded off the calling thread: JNA
 * takes about 0.1 s to start, and the walk need not wait), whether it is root (who may give files
 * to other users and make device nodes), and whether a new file gets exactly the owner and mode
 * it is created with.
 */
final class Host {
    private final FutureTask<Libc> libcLoad = new FutureTask<>(Libc::load);
    /** Null where the system does not say who we are: then every file gets fchown and fchmod. */
    private final ProcessIdentity self = ProcessIdentity.current();
    private final Path destination;
    /** Guarded by this. */
    private Boolean creationExact;

    Host(Path destination) {
        this.destination = destination;
        Thread loader = new Thread(libcLoad, "libc-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** libc, or null when it cannot be loaded (then what needs it is reported as not done). */
    Libc libc() {
        try {
            return libcLoad.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("extraction interrupted");
        } catch (ExecutionException e) {
            return null;
        }
    }

    boolean root() {
        Libc libc = libc();
        return libc != null && (self != null ? self.uid() == 0 : libc.geteuid() == 0);
    }

    ProcessIdentity self() {
        return self;
    }

    /**
     * Whether a file opened with O_CREAT in a folder this extraction made gets exactly our owner,
     * group and the mode asked for less the umask: not when the destination is setgid (its new
     * folders would hand down its group) or has a default ACL (which replaces the umask).
     */
    synchronized boolean creationExact() {
        if (creationExact == null) {
            creationExact = self != null && libc() != null && !isSetgid(destination) && !hasDefaultAcl(destination);
        }
        return creationExact;
    }

    /** Whether {@code exact} creation (see {@link #creationExact}) already gave a new entry the node's owner. */
    boolean ownedAtCreation(Node node, boolean exact) {
        return exact && self.createsOwnedBy(node.uid(), node.gid());
    }

    private static boolean isSetgid(Path folder) {
        try {
            return ((Integer) Files.getAttribute(folder, "unix:mode") & 02000) != 0;
        } catch (IOException | RuntimeException e) {
            return true; // unknown: assume the worst
        }
    }

    private boolean hasDefaultAcl(Path folder) {
        try {
            libc().lgetxattr(folder.toString(), "system.posix_acl_default\0".getBytes(StandardCharsets.US_ASCII), null, 0);
            return true;
        } catch (LastErrorException e) {
            return e.getErrorCode() != Libc.ENODATA && e.getErrorCode() != Libc.EOPNOTSUPP;
        }
    }
}

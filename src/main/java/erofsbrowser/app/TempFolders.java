package erofsbrowser.app;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Private folders for files handed to other applications (dragged out, opened with the system's
 * application). They live until the app exits, not until a drag ends, since the receiving
 * application may still be copying; folders left by a killed session are removed at the next start.
 */
final class TempFolders {
    private static final String SESSION_PREFIX = "session-";

    private final Path base;
    private final Path session;
    private int counter;

    /** Claims a session folder under {@code base}, removing those of sessions no longer running. */
    TempFolders(Path base) throws IOException {
        this.base = base;
        if (!Files.exists(base, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(base.getParent());
            try {
                Files.createDirectory(base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile: checked below like any existing one
            }
        }
        // A shared /tmp: someone else may have made this path first, to read or swap what we hand out.
        if (Files.isSymbolicLink(base) || !Files.isDirectory(base, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || !ownedByUs(base)) {
            throw new IOException(base + " is not a private folder of this user");
        }
        removeAbandonedSessions();
        this.session = Files.createDirectories(base.resolve(SESSION_PREFIX + ProcessHandle.current().pid()));
        Files.setPosixFilePermissions(session, PosixFilePermissions.fromString("rwx------"));
    }

    private static boolean ownedByUs(Path p) throws IOException {
        return Files.getOwner(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName()
                .equals(System.getProperty("user.name"));
    }

    static TempFolders inDefaultPlace() throws IOException {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return new TempFolders(Path.of(System.getProperty("java.io.tmpdir"), "erofs-browser-" + user));
    }

    /** A new, empty folder inside this session's folder. */
    synchronized Path newFolder(String purpose) throws IOException {
        return Files.createDirectory(session.resolve(purpose + "-" + (++counter)));
    }

    Path session() {
        return session;
    }

    /** Removes this session's folder (the app is exiting). */
    void removeAll() {
        deleteTree(session);
    }

    private void removeAbandonedSessions() throws IOException {
        try (Stream<Path> sessions = Files.list(base)) {
            for (Path p : sessions.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(SESSION_PREFIX)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(name.substring(SESSION_PREFIX.length()));
                    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive || pid == ProcessHandle.current().pid()) {
                        deleteTree(p);
                    }
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        }
    }

    /** Deletes a tree without following symlinks out of it; read-only folders are opened first. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    dir.toFile().setWritable(true, true);
                    dir.toFile().setExecutable(true, true);
                    dir.toFile().setReadable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: the next start tries again
        }
    }
}

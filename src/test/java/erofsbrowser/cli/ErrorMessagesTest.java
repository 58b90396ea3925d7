package erofsbrowser.cli;

import erofsbrowser.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error says why, in one line on standard error with exit status 1 and no stack trace:
 * permission denied, is a directory, no such file, not a directory, not an EROFS image (and where).
 */
class ErrorMessagesTest {
    private static final Path IMAGE = Fixture.mini("plain").image();

    private static void failsWithOneLine(CliRun run, String line) {
        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        assertEquals(List.of(line), run.errLines(), run::describe);
        assertFalse(run.err().contains("Exception"), run::describe);
    }

    @Test
    void anImageThatIsAFolderIsADirectory(@TempDir Path dir) {
        failsWithOneLine(CliRun.of("info", dir), "erofs-browser: " + dir + ": is a directory, not an image file");
        failsWithOneLine(CliRun.of("ls", "--device", dir, IMAGE),
                "erofs-browser: " + dir + ": is a directory, not an image file");
    }

    @Test
    void anImageThatIsNotThereIsNoSuchFile(@TempDir Path dir) {
        Path absent = dir.resolve("absent.img");
        failsWithOneLine(CliRun.of("check", absent), "erofs-browser: " + absent + ": no such file or directory");
        failsWithOneLine(CliRun.of("ls", "--device", absent, IMAGE),
                "erofs-browser: " + absent + ": no such file or directory");
    }

    @Test
    void anImageBelowAFileIsNotADirectory() {
        Path below = IMAGE.resolve("x");
        failsWithOneLine(CliRun.of("info", below), "erofs-browser: " + below + ": not a directory");
    }

    @Test
    void aFileThatIsNoErofsImageSaysWhatIsAtWhichOffset() {
        Path pom = Path.of("pom.xml");
        CliRun run = CliRun.of("info", pom);
        assertEquals(Cli.BAD_IMAGE, run.status());
        assertEquals(1, run.errLines().size());
        assertTrue(run.err().startsWith("erofs-browser: pom.xml: not an image this program reads: no EROFS superblock magic"
                + " (e2 e1 f5 e0) at byte 1024, no ext4 magic (53 ef) at byte 1080, and not a zip"), run::describe);
        assertTrue(run.err().strip().endsWith("(at byte offset 1024)"), run::describe);
    }

    @Test
    void anImageThatCannotBeReadIsPermissionDenied(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path locked = Files.copy(IMAGE, dir.resolve("noperm2.erofs"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        String expected = "erofs-browser: " + locked + ": permission denied";
        if (!runningAsRoot()) {
            failsWithOneLine(CliRun.of("info", locked), expected);
            return;
        }
        // Root reads any file: run as nobody instead, on a copy of the classes that nobody may read.
        MainProcess run = MainProcess.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                List.of(), readableClassPath(dir), "info", locked.toString());
        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        assertEquals(List.of(expected), run.errLines(), run::describe);
    }

    @Test
    void aDestinationThatCannotBeWrittenIsPermissionDenied(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path image = Files.copy(IMAGE, dir.resolve("image.erofs"));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path dest = locked.resolve("dest");
        String expected = "erofs-browser: " + dest + ": permission denied";
        if (!runningAsRoot()) {
            failsWithOneLine(CliRun.of("extract", image, dest), expected);
        } else {
            MainProcess run = MainProcess.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                    List.of(), readableClassPath(dir), "extract", image.toString(), dest.toString());
            assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
            assertEquals(List.of(expected), run.errLines(), run::describe);
        }
        assertFalse(Files.exists(dest));
    }

    @Test
    void aDestinationThatIsAFileIsNotADirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        failsWithOneLine(CliRun.of("extract", IMAGE, file), "erofs-browser extract: " + file + ": not a directory");
        Path below = file.resolve("dest");
        failsWithOneLine(CliRun.of("extract", IMAGE, below), "erofs-browser: " + below + ": not a directory");
    }

    @Test
    void aNameThatIsNoFileNameInThisLocaleSaysHowToRunInstead(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("d\u00e9st");
        MainProcess run = MainProcess.runInLocale("C", "extract", IMAGE.toString(), dest.toString());
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertEquals(1, run.errLines().size(), run::describe);
        assertTrue(run.err().matches("erofs-browser: .*: not a file name here: Java encodes file names as "
                + "ANSI_X3.4-1968 \\(run with a UTF-8 locale, such as LANG=C.UTF-8\\)\n"), run::describe);
        assertFalse(Files.exists(dest));
    }

    @Test
    void javaNioFailuresAreSaidInPlainWords() {
        assertEquals("/x: permission denied", FileErrors.describe(new AccessDeniedException("/x"), "img"));
        assertEquals("/x: no such file or directory", FileErrors.describe(new NoSuchFileException("/x"), "img"));
        assertEquals("/x: no space left on device",
                FileErrors.describe(new FileSystemException("/x", null, "No space left on device"), "img"));
        assertEquals("img: is a directory", FileErrors.describe(new IOException("Is a directory"), "img"));
        assertEquals("/out/a: Input/output error",
                FileErrors.describe(new IOException("/out/a: Input/output error"), "img"), "a message naming its file");
    }

    private static boolean runningAsRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    }

    /**
     * A class path of the project's classes and the libraries the commands use, copied where any
     * user may read them: the build's folder and the Maven repository may be out of another user's reach.
     */
    private static String readableClassPath(Path dir) throws IOException {
        StringBuilder classPath = new StringBuilder(readableClasses(dir).toString());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("(lz4-java|zstd-jni|xz|jna)-[0-9].*\\.jar")) {
                Path copy = Files.copy(Path.of(entry), dir.resolve(name));
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                classPath.append(java.io.File.pathSeparator).append(copy);
            }
        }
        return classPath.toString();
    }

    private static Path readableClasses(Path dir) throws IOException {
        Path from = Path.of("target/classes");
        Path to = dir.resolve("classes");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(files::add);
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            if (Files.isDirectory(f)) {
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            } else {
                Files.copy(f, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        return to;
    }
}

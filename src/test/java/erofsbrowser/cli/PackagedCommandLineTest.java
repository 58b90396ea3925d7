package erofsbrowser.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jlink/erofs}, the packaged command line, run as the app image lays it out
 * ({@code bin/erofs}, {@code lib/runtime}, {@code lib/app/*.jar}; here the runtime is the JDK
 * running the tests and the app jar is built from the compiled classes): its JVM options are
 * accepted, and it prints exactly what the command line prints in-process, with the same status.
 */
class PackagedCommandLineTest {
    private static final Path IMAGE = Path.of("src/test/resources/fixtures/mini-plain.erofs");

    @TempDir
    static Path appImage;

    @BeforeAll
    static void layOutTheAppImage() throws IOException {
        Path bin = Files.createDirectories(appImage.resolve("bin"));
        Files.copy(Path.of("jlink/erofs"), bin.resolve("erofs"));
        Path lib = Files.createDirectories(appImage.resolve("lib"));
        Files.createSymbolicLink(lib.resolve("runtime"), Path.of(System.getProperty("java.home")));
        Path app = Files.createDirectories(lib.resolve("app"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && !entry.contains("junit") && !entry.contains("testfx")) {
                Files.createSymbolicLink(app.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        jar(Path.of("target/classes"), app.resolve("erofs-browser.jar"));
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private record Run(int status, byte[] out, String err) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", appImage.resolve("bin/erofs").toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(appImage, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        return new Run(p.waitFor(), out, Files.readString(err));
    }

    @Test
    void aListingIsByteForByteTheInProcessOne() throws Exception {
        Run packaged = run("ls", "-R", "-l", IMAGE.toString());
        CliRun inProcess = CliRun.of("ls", "-R", "-l", IMAGE);

        assertEquals(0, packaged.status(), packaged.err());
        assertTrue(packaged.err().isEmpty(), () -> "nothing on standard error, not even a JVM warning: " + packaged.err());
        assertArrayEquals(inProcess.out(), packaged.out());
    }

    @Test
    void catPassesTheFileThroughUnchanged() throws Exception {
        Run packaged = run("cat", IMAGE.toString(), "/hello.txt");
        assertEquals(0, packaged.status(), packaged.err());
        assertArrayEquals(CliRun.of("cat", IMAGE, "/hello.txt").out(), packaged.out());
    }

    @Test
    void wrongUsageAndABadImageKeepTheirExitStatus() throws Exception {
        assertEquals(Cli.USAGE, run("ls").status());
        Run missing = run("info", appImage.resolve("no-such.erofs").toString());
        assertEquals(Cli.BAD_IMAGE, missing.status());
        assertTrue(missing.err().contains("no-such.erofs"), missing.err());
    }

    @Test
    void argumentsWithSpacesArriveAsOneArgument() throws Exception {
        Path spaced = Files.copy(IMAGE, appImage.resolve("an image with spaces.erofs"));
        Run packaged = run("info", spaced.toString());
        assertEquals(0, packaged.status(), packaged.err());
    }
}

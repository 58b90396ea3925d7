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

    /** The JVM's arguments as bin/erofs gives them, from an app image whose "java" prints them. */
    private static List<String> jvmArguments(Path fakeAppImage, String... args) throws Exception {
        return jvmArguments(fakeAppImage.resolve("bin/erofs").toString(), Path.of("."), args);
    }

    /** As {@link #jvmArguments(Path, String...)}, with the script named {@code script} from {@code workingDir}. */
    private static List<String> jvmArguments(String script, Path workingDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return List.of(out.split("\n"));
    }

    private static Path fakeAppImage(Path root, boolean withNatives) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("jlink/erofs"), root.resolve("bin/erofs"));
        Path java = Files.createDirectories(root.resolve("lib/runtime/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        java.toFile().setExecutable(true);
        if (withNatives) {
            Files.createDirectories(root.resolve("lib/native"));
            Files.createFile(root.resolve("lib/native/libzstd-jni-1.5.7-28.so"));
        }
        return root;
    }

    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    @Test
    void c2IsLeftOutOnlyForImagesThatCannotHoldLzma(@TempDir Path dir) throws Exception {
        Path app = fakeAppImage(dir, false);
        Path fixtures = Path.of("src/test/resources/fixtures");

        assertTrue(jvmArguments(app, "check", fixtures.resolve("mini-lz4.erofs").toString()).contains(C1_ONLY));
        assertTrue(jvmArguments(app, "extract", fixtures.resolve("mini-zstd.erofs").toString(), "/nonexistent")
                .contains(C1_ONLY), "zstd decodes in native code");
        assertTrue(jvmArguments(app, "ls", "-R", fixtures.resolve("mini-plain.erofs").toString()).contains(C1_ONLY));
        assertTrue(jvmArguments(app, "cat", fixtures.resolve("mini-lz4.erofs").toString(), "/etc/passwd")
                .contains(C1_ONLY), "a host file that is no EROFS image has no say");

        List<String> lzma = jvmArguments(app, "check", fixtures.resolve("mini-lzma.erofs").toString());
        assertTrue(!lzma.contains(C1_ONLY) && lzma.contains("-XX:Tier4InvocationThreshold=50000"), lzma::toString);
        assertTrue(!jvmArguments(app, "check", fixtures.resolve("mini-multi-algo.erofs").toString()).contains(C1_ONLY),
                "an image that lists LZMA among its algorithms");
        assertTrue(!jvmArguments(app, "check", "--offset", "4096", fixtures.resolve("mini-offset.erofs").toString())
                .contains(C1_ONLY), "an image at an offset is not looked into");
        assertTrue(!jvmArguments(app, fixtures.resolve("mini-lz4.erofs").toString()).contains(C1_ONLY),
                "the window (no command) keeps C2");
    }

    @Test
    void theUsersArgumentsFollowTheMainClassUnchanged(@TempDir Path dir) throws Exception {
        Path app = fakeAppImage(dir, true);
        List<String> args = jvmArguments(app, "cat", "an image.erofs", "/a b");

        int main = args.indexOf("erofsbrowser.Main");
        assertEquals(List.of("cat", "an image.erofs", "/a b"), args.subList(main + 1, args.size()));
        String classPath = args.get(args.indexOf("-cp") + 1);
        assertTrue(classPath.startsWith(app.toRealPath().resolve("lib/app/erofs-browser.jar") + ":"),
                () -> "the app's jar comes first, before JavaFX's: " + classPath);
        assertTrue(classPath.endsWith(":" + app.toRealPath().resolve("lib/app/*")), () -> "then all the others: " + classPath);
        String nativeDir = app.toRealPath().resolve("lib/native").toString();
        assertTrue(args.subList(0, main).contains("-Djava.library.path=" + nativeDir), args::toString);
        assertTrue(args.subList(0, main).contains("-DZstdNativePath=" + nativeDir + "/libzstd-jni-1.5.7-28.so"),
                args::toString);
    }

    @Test
    void theClassDataArchiveIsUsedOnlyWhereItWasMade(@TempDir Path dir) throws Exception {
        Path app = fakeAppImage(dir.toRealPath().resolve("here"), false);
        Path lib = app.resolve("lib");
        Files.createFile(lib.resolve("cli.jsa"));
        String archiveOption = "-XX:SharedArchiveFile=" + app.toRealPath().resolve("lib/cli.jsa");

        Files.writeString(lib.resolve("cli.jsa.path"), app.toRealPath().resolve("lib") + "\n");
        assertTrue(jvmArguments(app, "info", IMAGE.toString()).contains(archiveOption));

        Files.writeString(lib.resolve("cli.jsa.path"), dir.toRealPath().resolve("elsewhere/lib") + "\n");
        assertTrue(jvmArguments(app, "info", IMAGE.toString()).stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile")),
                "an app image moved since it was built: the JVM would refuse the archive, and the runtime's own with it");
    }

    @Test
    void theAppImageIsFoundThroughASymbolicLinkAndFromARelativePath(@TempDir Path dir) throws Exception {
        Path app = fakeAppImage(dir.toRealPath().resolve("app"), false);
        Path lib = app.resolve("lib");
        Files.createFile(lib.resolve("cli.jsa"));
        Files.writeString(lib.resolve("cli.jsa.path"), app.toRealPath().resolve("lib") + "\n");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("usr/bin")).resolve("erofs"),
                app.resolve("bin/erofs"));

        List<String> throughLink = jvmArguments(link.toString(), dir, "info", "x.erofs");
        assertTrue(throughLink.contains("-XX:SharedArchiveFile=" + app.toRealPath().resolve("lib/cli.jsa")), throughLink::toString);

        List<String> relative = jvmArguments("app/bin/erofs", dir.toRealPath(), "info", "x.erofs");
        String classPath = relative.get(relative.indexOf("-cp") + 1);
        assertTrue(classPath.startsWith(app.toRealPath().resolve("lib/app/erofs-browser.jar") + ":"),
                () -> "absolute, so that the JVM finds the jars whatever its working folder: " + classPath);
        assertTrue(relative.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")),
                () -> "the same folder by another path is where the archive was made: " + relative);
    }

    @Test
    void argumentsWithSpacesArriveAsOneArgument() throws Exception {
        Path spaced = Files.copy(IMAGE, appImage.resolve("an image with spaces.erofs"));
        Run packaged = run("info", spaced.toString());
        assertEquals(0, packaged.status(), packaged.err());
    }
}

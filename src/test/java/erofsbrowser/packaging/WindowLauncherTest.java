package erofsbrowser.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jlink/erofs-browser}, the window's launcher, in an app image whose "java" prints the
 * arguments it is given: the options it chooses, JavaFX as modules for a window, and for a launch
 * that hands its images over the class path of bin/erofs (one class-data archive serves both only
 * if the two give the same one).
 */
class WindowLauncherTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @TempDir
    Path dir;

    private Path appImage() throws IOException {
        Path app = dir.toRealPath().resolve("app");
        Files.createDirectories(app.resolve("bin"));
        Files.copy(Path.of("jlink/erofs-browser"), app.resolve("bin/erofs-browser"));
        Files.copy(Path.of("jlink/erofs"), app.resolve("bin/erofs"));
        Path java = Files.createDirectories(app.resolve("lib/runtime/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        assertTrue(java.toFile().setExecutable(true));
        Files.createDirectories(app.resolve("lib/app"));
        Files.createFile(app.resolve("lib/app/erofs-browser.jar"));
        Files.createFile(app.resolve("lib/app/lz4-java-1.14.0.jar"));
        Files.createFile(app.resolve("lib/app/javafx-base-21.0.12-linux.jar"));
        Files.createFile(app.resolve("lib/app/javafx-controls-21.0.12-linux.jar"));
        Files.createFile(app.resolve("lib/app/ikonli-javafx-12.4.0.jar"));
        return app;
    }

    private static List<String> jvmArguments(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(args));
        return Command.run(env, command.toArray(String[]::new)).succeeded().outLines();
    }

    private static String after(List<String> args, String option) {
        return args.get(args.indexOf(option) + 1);
    }

    @Test
    void aWindowLoadsJavaFxAsModulesAndTheAppFromTheClassPath() throws Exception {
        Path app = appImage();
        Path jars = app.toRealPath().resolve("lib/app");
        List<String> window = jvmArguments(app.resolve("bin/erofs-browser"), Map.of(), "x.erofs");

        assertEquals(jars.resolve("javafx-base-21.0.12-linux.jar") + ":" + jars.resolve("javafx-controls-21.0.12-linux.jar"),
                after(window, "--module-path"));
        assertEquals("javafx.controls,javafx.fxml", after(window, "--add-modules"));
        assertEquals(jars.resolve("erofs-browser.jar") + ":" + jars.resolve("lz4-java-1.14.0.jar") + ":"
                + jars.resolve("ikonli-javafx-12.4.0.jar"), after(window, "-cp"), "the app, first, and the libraries but JavaFX");
        assertEquals(List.of("erofsbrowser.Main", "x.erofs"), window.subList(window.indexOf("erofsbrowser.Main"), window.size()));
        assertTrue(window.contains("-Derofsbrowser.program=erofs-browser"), window::toString);
    }

    @Test
    void aLaunchThatHandsItsImagesOverGivesTheCommandLinesClassPath() throws Exception {
        Path app = appImage();
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        List<String> commands = jvmArguments(app.resolve("bin/erofs"), Map.of(), "info", "x.erofs");
        try (java.nio.channels.ServerSocketChannel running = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            running.bind(java.net.UnixDomainSocketAddress.of(Files.createDirectories(runtime.resolve("erofs-browser")).resolve("socket")));
            List<String> handOver = jvmArguments(app.resolve("bin/erofs-browser"), Map.of("XDG_RUNTIME_DIR", runtime.toString()), "x.erofs");

            assertEquals(after(commands, "-cp"), after(handOver, "-cp"));
            assertFalse(handOver.contains("--module-path"), handOver::toString);
        }
        assertTrue(commands.contains("-Derofsbrowser.program=erofs"), commands::toString);
    }

    @Test
    void c1AloneUnlessAnImageListsLzma() throws Exception {
        Path launcher = appImage().resolve("bin/erofs-browser");

        assertTrue(jvmArguments(launcher, Map.of()).contains("-XX:TieredStopAtLevel=1"), "the sample");
        assertTrue(jvmArguments(launcher, Map.of(), FIXTURES.resolve("mini-lz4.erofs").toString())
                .contains("-XX:TieredStopAtLevel=1"));
        List<String> lzma = jvmArguments(launcher, Map.of(), FIXTURES.resolve("mini-lz4.erofs").toString(),
                FIXTURES.resolve("mini-lzma.erofs").toString());
        assertFalse(lzma.contains("-XX:TieredStopAtLevel=1"), lzma::toString);
        assertTrue(lzma.contains("-XX:Tier4InvocationThreshold=50000"), "C2 for code that stays hot");
        List<String> withOffset = jvmArguments(launcher, Map.of(), "--offset", "4096", "a b.img");
        assertEquals(List.of("erofsbrowser.Main", "--offset", "4096", "a b.img"),
                withOffset.subList(withOffset.indexOf("erofsbrowser.Main"), withOffset.size()), "the arguments, unchanged");
    }

    @Test
    void javaFxDrawsInSoftwareAtOnceWhereThereIsNoGpu() throws Exception {
        Path launcher = appImage().resolve("bin/erofs-browser");
        boolean gpu = Files.exists(Path.of("/dev/nvidia0")) || (Files.isDirectory(Path.of("/dev/dri"))
                && Files.list(Path.of("/dev/dri")).anyMatch(d -> d.getFileName().toString().matches("(renderD|card).*")));

        assertEquals(!gpu, jvmArguments(launcher, Map.of()).contains("-Dprism.order=sw"));
        assertFalse(jvmArguments(launcher, Map.of("JAVA_TOOL_OPTIONS", "-Dprism.order=es2")).contains("-Dprism.order=sw"),
                "a choice of the user's stands");
    }

    @Test
    void theWindowsArchiveIsUsedOnlyInTheFolderItWasMadeForAndTheCommandLinesToHandOver() throws Exception {
        Path app = appImage();
        Path lib = app.resolve("lib");
        for (String archive : List.of("cli", "window")) {
            Files.createFile(lib.resolve(archive + ".jsa"));
            Files.writeString(lib.resolve(archive + ".jsa.path"), lib + "\n");
        }
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Map<String, String> session = Map.of("XDG_RUNTIME_DIR", runtime.toString());
        assertTrue(jvmArguments(app.resolve("bin/erofs-browser"), session)
                .contains("-XX:SharedArchiveFile=" + app.toRealPath().resolve("lib/window.jsa")));

        try (java.nio.channels.ServerSocketChannel running = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            running.bind(java.net.UnixDomainSocketAddress.of(Files.createDirectories(runtime.resolve("erofs-browser")).resolve("socket")));
            assertTrue(jvmArguments(app.resolve("bin/erofs-browser"), session)
                    .contains("-XX:SharedArchiveFile=" + app.toRealPath().resolve("lib/cli.jsa")),
                    "with the app running, the launch only hands over: the small archive");
        }

        Files.writeString(lib.resolve("window.jsa.path"), dir.resolve("elsewhere") + "\n");
        assertTrue(jvmArguments(app.resolve("bin/erofs-browser"), Map.of("XDG_RUNTIME_DIR", dir.resolve("none").toString()))
                .stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile")), "made for another folder");
    }
}

package erofsbrowser.cli;

import erofsbrowser.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No command path needs a display: every command, run as a user runs it (its own JVM, DISPLAY
 * and WAYLAND_DISPLAY unset, no headless JavaFX), does its work with nothing on standard error;
 * and the window, which does need one, says so in one line instead of a Java stack trace, as it
 * does for an unknown option or a mistyped command word.
 */
class WithoutADisplayTest {
    private static final String IMAGE = Fixture.mini("plain").image().toString();

    @TempDir
    static Path temp;

    static Stream<List<String>> commandLines() {
        return Stream.of(
                List.of("info", IMAGE), List.of("ls", "-R", "-l", IMAGE), List.of("stat", IMAGE, "/hello.txt"),
                List.of("cat", IMAGE, "/hello.txt"), List.of("manifest", IMAGE), List.of("check", IMAGE),
                List.of("extract", IMAGE, temp.resolve("dest").toString()), List.of("info", "--json", IMAGE),
                List.of("help"), List.of("help", "ls"), List.of("ls", "--help"), List.of("completion", "bash"),
                List.of("--help"), List.of("--version"));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void eachCommandRunsWithoutADisplayAndPrintsWhatItPrintsInProcess(List<String> args) throws Exception {
        MainProcess run = MainProcess.run(args.toArray(String[]::new));
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals("", run.err(), "nothing on standard error, no JavaFX warning");
        if (!args.get(0).equals("extract")) { // a second extraction would find everything there
            assertEquals(CliRun.of(args).outText(), run.out());
        } else {
            assertTrue(run.out().startsWith("extracted "), run::describe);
        }
    }

    @Test
    void theWindowWithNoDisplaySaysSoInOneLineWithExitStatus2() throws Exception {
        MainProcess run = MainProcess.run();
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertEquals(1, run.errLines().size(), run::describe);
        String line = run.errLines().get(0);
        assertTrue(line.startsWith("erofs-browser: no display for the window"), line);
        assertTrue(line.contains("DISPLAY") && line.contains("erofs-browser --help"), line);
        assertEquals("", run.out());
    }

    @Test
    void theWindowOnAnImageWithNoDisplaySaysTheSame() throws Exception {
        MainProcess run = MainProcess.run(IMAGE);
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertEquals(1, run.errLines().size(), run::describe);
        assertTrue(run.err().startsWith("erofs-browser: no display for the window"), run::describe);
    }

    @Test
    void anUnknownOptionOfTheWindowIsAUsageError() throws Exception {
        MainProcess run = MainProcess.run("--bogus");
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertEquals("erofs-browser: unknown option --bogus", run.errLines().get(0));
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run::describe);
    }

    @Test
    void helpOrVersionAfterImagesIsTheHelpOrTheVersionNotAWindow() throws Exception {
        MainProcess help = MainProcess.run(IMAGE, "--help");
        assertEquals(Cli.OK, help.status(), help::describe);
        assertEquals(CliRun.of("--help").outText(), help.out());
        MainProcess version = MainProcess.run("--offset", "0", IMAGE, "--version");
        assertEquals(Cli.OK, version.status(), version::describe);
        assertEquals(CliRun.of("--version").outText(), version.out());
    }

    @Test
    void aMistypedCommandWordIsNotOpenedAsAnImage() throws Exception {
        MainProcess run = MainProcess.run("lss", IMAGE);
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertEquals("erofs-browser: 'lss' is not a command; did you mean 'ls'?", run.errLines().get(0));
    }

    // ---- the same decisions, in-process ---------------------------------------------------------

    private static String check(List<String> args, boolean display, boolean expected) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean opens = WindowCommandLine.check(args, display, new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(expected, opens, said);
        assertEquals(expected, said.isEmpty(), said);
        return said;
    }

    @Test
    void theWindowsArgumentsAreImagesEachAfterItsOffset() {
        check(List.of(), true, true);
        check(List.of(IMAGE, IMAGE), true, true);
        check(List.of("--offset", "4096", IMAGE, "--offset=0x1000", IMAGE), true, true);
        assertTrue(check(List.of("--offset", "4k", IMAGE), true, false).contains("--offset takes a number"));
        assertTrue(check(List.of(IMAGE, "--offset", "512"), true, false).contains("none follows"));
        assertTrue(check(List.of("--offset"), true, false).contains("--offset needs a value"));
        assertTrue(check(List.of("-x", IMAGE), true, false).startsWith("erofs-browser: unknown option -x\n"));
        assertTrue(check(List.of("--ofset", "1", IMAGE), true, false).contains("did you mean --offset?"));
        assertTrue(check(List.of(), false, false).contains("no display"));
    }

    @Test
    void aFileNamedLikeACommandWordIsAnImageForTheWindow(@TempDir Path dir) throws Exception {
        java.nio.file.Files.copy(Path.of(IMAGE), dir.resolve("lss"));
        MainProcess run = MainProcess.runIn(dir, "lss");
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertTrue(run.err().startsWith("erofs-browser: no display for the window"),
                "the file lss is an image to open, so only the display is missing: " + run.describe());
    }

    @Test
    void aDisplayIsThereWhenDisplayOrWaylandDisplayNamesOneOrOffLinux() {
        assertTrue(WindowCommandLine.displayAvailable(Map.of("DISPLAY", ":0"), "Linux", null));
        assertTrue(WindowCommandLine.displayAvailable(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", null));
        assertFalse(WindowCommandLine.displayAvailable(Map.of(), "Linux", null));
        assertFalse(WindowCommandLine.displayAvailable(Map.of("DISPLAY", ""), "Linux", null), "set but empty");
        assertTrue(WindowCommandLine.displayAvailable(Map.of(), "Linux", "Monocle"), "headless JavaFX needs none");
        assertTrue(WindowCommandLine.displayAvailable(Map.of(), "Mac OS X", null));
        assertTrue(WindowCommandLine.displayAvailable(Map.of(), "Windows 11", null));
    }

    @Test
    void commandLinesAreToldFromWindowsByTheirFirstWord() {
        List<String> commandLine = new ArrayList<>(Commands.words());
        commandLine.addAll(List.of("--help", "-h", "--version"));
        for (String word : commandLine) {
            assertTrue(Cli.isCommandLine(word), word);
        }
        for (String word : List.of(IMAGE, "--offset", "lss", "./info", "")) {
            assertFalse(Cli.isCommandLine(word), word);
        }
    }
}

package erofsbrowser.cli;

import erofsbrowser.Fixture;
import erofsbrowser.Versions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --help}, {@code --version}, {@code help COMMAND}, {@code COMMAND --help} and unknown
 * command words, run in-process: the right text on standard output, exit status 0 (2 for a word
 * that is no command, with a hint), nothing else on standard error.
 */
class HelpAndVersionTest {
    private static final String IMAGE = Fixture.mini("plain").image().toString();

    static Stream<String> commandWords() {
        return Commands.words().stream();
    }

    private static CliRun succeeds(String... args) {
        CliRun run = CliRun.of((Object[]) args);
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals("", run.err(), run::describe);
        return run;
    }

    @Test
    void versionNamesTheBuildsVersionTheJavaRuntimeAndEachLibrary() throws Exception {
        CliRun run = succeeds("--version");
        List<String> lines = run.outLines();
        String pomVersion = Files.readString(Path.of("pom.xml")).replaceAll("(?s).*?<artifactId>erofs-browser</artifactId>\\s*"
                + "<version>([^<]+)</version>.*", "$1");
        assertEquals("erofs-browser (EROFS Browser) " + pomVersion, lines.get(0), "the version the build wrote in");
        assertEquals("Java runtime: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")", lines.get(1));
        for (String library : List.of("lz4-java: 1.14.0", "zstd-jni: 1.5.7-28", "XZ for Java: 1.12", "JNA: 5.19.1",
                "JavaFX: 21.0.12 (the window)")) {
            assertTrue(lines.contains(library), () -> library + " in " + lines);
        }
        assertFalse(run.outText().contains("${"), "every version was filled in by the build");
    }

    @Test
    void theLibraryVersionsAreThoseOfTheJarsOnTheClassPath() {
        Versions v = Versions.ofThisBuild();
        String classPath = System.getProperty("java.class.path");
        for (String[] jar : new String[][] {{"lz4-java", "lz4-java"}, {"zstd-jni", "zstd-jni"},
                {"XZ for Java", "xz"}, {"JNA", "jna"}, {"JavaFX", "javafx-base"}}) {
            String expected = jar[1] + "-" + v.libraries().get(jar[0]);
            assertTrue(classPath.contains("/" + expected), () -> expected + " on the class path " + classPath);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void helpListsEveryCommandWithWhatItDoes(String option) {
        CliRun run = succeeds(option);
        String text = run.outText();
        assertTrue(text.startsWith("Usage: erofs-browser COMMAND"), text);
        for (CommandSpec s : Commands.all()) {
            assertTrue(text.contains("  " + s.name() + " "), () -> s.name() + " listed");
            assertTrue(text.replaceAll("\\s+", " ").contains(s.summary()), () -> s.summary());
        }
        assertTrue(text.contains("--version") && text.contains("--offset BYTES") && text.contains("--device FILE"));
    }

    @ParameterizedTest
    @MethodSource("commandWords")
    void helpCommandAndCommandDashDashHelpPrintTheSameFullHelp(String word) {
        CommandSpec spec = Commands.spec(word);
        String help = succeeds("help", word).outText();
        assertEquals(help, succeeds(word, "--help").outText());
        assertEquals(help, succeeds(word, "-h").outText());
        assertEquals(help, succeeds("--help", word).outText());

        String flat = help.replaceAll("\\s+", " ");
        assertTrue(flat.startsWith("Usage: erofs-browser " + spec.synopsis()), help);
        for (String paragraph : spec.description()) {
            assertTrue(flat.contains(paragraph), () -> "description: " + paragraph);
        }
        for (CommandSpec.Option o : spec.options()) {
            assertTrue(flat.contains(o.label() + " " + o.help()), () -> "option " + o.label());
        }
        assertTrue(flat.contains("Exit status: "), help);
        for (CommandSpec.ExitStatus s : spec.exitStatuses()) {
            assertTrue(flat.contains(s.code() + " " + s.meaning()), () -> "exit status " + s.code());
        }
        assertFalse(spec.examples().isEmpty(), "every command has an example");
        for (CommandSpec.Example e : spec.examples()) {
            assertTrue(help.contains("  erofs-browser " + e.arguments() + "\n"), () -> "example " + e.arguments());
        }
        help.lines().forEach(line -> assertTrue(line.length() <= 80, () -> "wider than 80 columns: " + line));
    }

    @Test
    void helpForLsNamesItsOptionsAndItsExitStatuses() {
        String help = succeeds("help", "ls").outText();
        assertTrue(help.startsWith("Usage: erofs-browser ls [-l] [-R] [--json] [--strict] [--offset BYTES]\n"
                + "    [--device FILE]... IMAGE [PATH]\n"), help);
        assertTrue(help.contains("\n      --strict "), help);
        assertTrue(help.contains("\n  -l, --long "), help);
        assertTrue(help.contains("\n  -R, --recursive "), help);
        assertTrue(help.contains("\n      --json "), help);
        assertTrue(help.contains("\n  0  success\n"), help);
        assertTrue(help.contains("\n  2  wrong usage"), help);
        assertTrue(help.contains("\n  erofs-browser ls -l system.img /system/bin\n"), help);
    }

    @Test
    void helpComesBeforeAnythingElseOnTheLine() {
        CliRun run = succeeds("ls", "--frobnicate", "--help");
        assertTrue(run.outText().startsWith("Usage: erofs-browser ls "), run::describe);
        CliRun afterDashes = CliRun.of("ls", IMAGE, "--", "--help");
        assertEquals(Cli.BAD_IMAGE, afterDashes.status(), "after --, --help is a PATH: " + afterDashes.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lss", "lis", "extarct", "chek", "stats", "frobnicate"})
    void anUnknownCommandIsExit2WithAHintAndNeverAFileName(String word) {
        CliRun run = CliRun.of(word, IMAGE);
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertEquals(0, run.out().length);
        List<String> err = run.errLines();
        assertTrue(err.get(0).startsWith("erofs-browser: '" + word + "' is not a command"), run::describe);
        String expected = switch (word) {
            case "lss", "lis" -> "ls";
            case "extarct" -> "extract";
            case "chek" -> "check";
            case "stats" -> "stat";
            default -> null;
        };
        if (expected == null) {
            assertFalse(err.get(0).contains("did you mean"), run::describe);
        } else {
            assertTrue(err.get(0).endsWith("; did you mean '" + expected + "'?"), run::describe);
        }
        assertEquals("Try 'erofs-browser --help' for the list of commands.", err.get(err.size() - 1));
    }

    @Test
    void helpOnAWordThatIsNoCommandIsExit2() {
        CliRun run = CliRun.of("help", "lss");
        assertEquals(Cli.USAGE, run.status());
        assertTrue(run.err().contains("did you mean 'ls'?"), run::describe);
    }

    @Test
    void anUnknownOptionOfTheProgramIsExit2() {
        CliRun run = CliRun.of("--verison");
        assertEquals(Cli.USAGE, run.status());
        assertEquals("erofs-browser: unknown option --verison; did you mean --version?", run.errLines().get(0));
        assertEquals(Cli.USAGE, CliRun.of("--version", "ls").status(), "--version takes nothing more");
    }

    @Test
    void anUnknownOptionOfACommandSuggestsTheNearestOne() {
        CliRun run = CliRun.of("extract", "--overwite", IMAGE, "dest");
        assertEquals(Cli.USAGE, run.status());
        assertEquals("erofs-browser extract: unknown option --overwite; did you mean --overwrite?", run.errLines().get(0));
    }

    @Test
    void theProgramNameIsTheOneTheLauncherGives() throws Exception {
        MainProcess run = MainProcess.run(List.of("-D" + Cli.PROGRAM_PROPERTY + "=erofs"), "lss");
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertEquals(List.of("erofs: 'lss' is not a command; did you mean 'ls'?",
                "Try 'erofs --help' for the list of commands."), run.errLines());
        MainProcess help = MainProcess.run(List.of("-D" + Cli.PROGRAM_PROPERTY + "=erofs"), "ls", "--help");
        assertTrue(help.out().startsWith("Usage: erofs ls "), help::describe);
    }

    @Test
    void completionPrintsABashScriptThatBashAccepts() throws Exception {
        CliRun run = succeeds("completion", "bash");
        String script = run.outText();
        assertTrue(script.contains("complete -F _erofs erofs erofs-browser"), script);
        for (CommandSpec s : Commands.all()) {
            for (CommandSpec.Option o : s.options()) {
                assertTrue(script.contains(o.longName()), () -> o.longName() + " completed");
            }
        }
        Path file = Files.createTempFile("erofs-completion", ".bash");
        try {
            Files.writeString(file, script);
            Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
            String said = new String(bash.getInputStream().readAllBytes());
            assertEquals(0, bash.waitFor(), said);
        } finally {
            Files.delete(file);
        }
        assertEquals(Cli.USAGE, CliRun.of("completion", "zsh").status());
        assertEquals(Cli.USAGE, CliRun.of("completion").status());
    }

    @Test
    void everyCommandWordHasASpecAndACommandOnAnImageOrAMeaningOfItsOwn() {
        for (String word : Commands.words()) {
            assertNotNull(Commands.spec(word));
            assertTrue(Cli.isCommandLine(word), word);
        }
        assertEquals(List.of("info", "ls", "stat", "cat", "manifest", "extract", "check", "verify", "help", "completion"),
                Commands.words());
    }
}

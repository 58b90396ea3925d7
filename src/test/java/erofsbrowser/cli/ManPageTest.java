package erofsbrowser.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * erofs(1), as {@link ManPage} writes it: every command, option, exit status and JSON key of the
 * descriptions is in it, it uses only the man(7) requests, and groff formats it without a
 * warning (as man does) and lexgrog finds its NAME (as mandb does).
 */
class ManPageTest {
    private static final String PAGE = ManPage.page();
    private static final Set<String> REQUESTS = Set.of(".TH", ".SH", ".SS", ".PP", ".TP", ".RS", ".RE", ".B", ".BR",
            ".br", ".\\\"");

    /** The page as groff formats it for a terminal, ignoring the hyphenation and adjustment of lines. */
    private static String formatted() throws Exception {
        Process groff = new ProcessBuilder("groff", "-man", "-Tascii", "-P-cbou", "-rLL=250n", "-rHY=0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        groff.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
        groff.getOutputStream().close();
        String text = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, groff.waitFor());
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void itUsesOnlyTheManRequestsAndPlainAscii() {
        for (String line : PAGE.split("\n")) {
            if (line.startsWith(".") || line.startsWith("'")) {
                String request = line.split(" ", 2)[0];
                assertTrue(REQUESTS.contains(request), () -> "not a man(7) request: " + line);
            }
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), () -> "not plain ASCII: " + line);
        }
        assertTrue(PAGE.startsWith(".\\\" erofs(1)"), "says where it comes from");
    }

    @Test
    void groffFormatsItWithoutAWarningAndLexgrogFindsItsName() throws Exception {
        Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z").redirectErrorStream(true).start();
        groff.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
        groff.getOutputStream().close();
        String warnings = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, groff.waitFor(), warnings);
        assertEquals("", warnings);

        Path file = Files.createTempFile("erofs", ".1");
        try {
            Files.writeString(file, PAGE);
            Process lexgrog = new ProcessBuilder("lexgrog", file.toString()).redirectErrorStream(true).start();
            String found = new String(lexgrog.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, lexgrog.waitFor(), found);
            assertTrue(found.contains("\"erofs - list, read, extract and check EROFS filesystem images"), found);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void everyCommandOptionExitStatusAndExampleOfTheHelpIsInIt() throws Exception {
        String text = formatted();
        for (CommandSpec s : Commands.all()) {
            assertTrue(text.contains("erofs " + s.synopsis()), () -> "synopsis of " + s.name());
            for (String paragraph : s.description()) {
                assertTrue(text.contains(paragraph), () -> s.name() + ": " + paragraph);
            }
            for (CommandSpec.Option o : s.options()) {
                assertTrue(text.contains(o.label() + " " + o.help()), () -> s.name() + " " + o.label());
            }
            for (CommandSpec.ExitStatus e : s.exitStatuses()) {
                assertTrue(text.contains(e.code() + " " + e.meaning()), () -> s.name() + " exit status " + e.code());
            }
            for (CommandSpec.Example e : s.examples()) {
                assertTrue(text.contains("erofs " + e.arguments() + " " + e.what()), () -> s.name() + ": " + e.arguments());
            }
        }
    }

    @Test
    void everyJsonKeyIsListedWithItsMeaning() throws Exception {
        String text = formatted();
        for (String command : List.of("info", "ls", "stat", "check")) {
            assertTrue(text.contains(command + " --json"), command);
            for (JsonKeys.Key k : JsonKeys.of(command)) {
                assertTrue(text.contains(k.name() + " " + k.meaning()), () -> command + " " + k.name());
            }
        }
    }

    @Test
    void itCanBeWrittenToAFileByItsMainMethod() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            ManPage.main(new String[0]);
        } finally {
            System.setOut(stdout);
        }
        assertEquals(PAGE, bytes.toString(StandardCharsets.UTF_8));
    }
}

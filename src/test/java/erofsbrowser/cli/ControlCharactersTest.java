package erofsbrowser.cli;

import erofsbrowser.DamagedImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image's names and link targets reach the terminal escaped, as {@code ls -b} shows them: a
 * name holding an escape sequence cannot drive the terminal, one holding CR or LF cannot break
 * its line. Every command's output and messages are checked.
 */
class ControlCharactersTest {

    private static void assertNoControlCharacters(CliRun run) {
        for (String text : new String[] {run.outText(), run.err()}) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                int at = i;
                assertFalse(c < 0x20 && c != '\n' || c == 0x7f, () -> "a raw control character " + (int) c + " at " + at
                        + " in: " + run.describe());
            }
        }
    }

    @Test
    void lsEscapesNamesAndLinkTargetsOneEntryALine(@TempDir Path dir) throws Exception {
        Path image = DamagedImages.controlCharacters(dir).image();

        CliRun ls = CliRun.of("ls", image, "/");
        assertEquals(Cli.OK, ls.status(), ls::describe);
        assertNoControlCharacters(ls);
        assertEquals(21, ls.outLines().size(), "one line for each entry, none broken by its name");
        assertTrue(ls.outLines().contains("text\\e[2J.txt"), ls::describe);
        assertTrue(ls.outLines().contains("hel\\rlo\\nxt"), ls::describe);

        CliRun recursive = CliRun.of("ls", "-R", image);
        assertNoControlCharacters(recursive);
        assertTrue(recursive.outLines().contains("/text\\e[2J.txt"), recursive::describe);

        CliRun longFormat = CliRun.of("ls", "-l", image, "/");
        assertNoControlCharacters(longFormat);
        assertTrue(longFormat.outLines().stream().anyMatch(l -> l.endsWith(" link-short -> \\e[31mRED!")), longFormat::describe);
    }

    @Test
    void manifestCheckStatAndExtractPrintNoControlCharacter(@TempDir Path dir) throws Exception {
        Path image = DamagedImages.controlCharacters(dir).image();

        assertNoControlCharacters(CliRun.of("manifest", image));
        assertNoControlCharacters(CliRun.of("check", image));
        assertNoControlCharacters(CliRun.of("stat", image, "/link-short"));
        CliRun extract = CliRun.of("extract", image, dir.resolve("dest"));
        assertNoControlCharacters(extract);
        assertTrue(Files.exists(dir.resolve("dest/text\u001b[2J.txt")), "the name is the image's on disk: " + extract.describe());
    }
}

package erofsbrowser.cli;

import erofsbrowser.DamagedImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ls, manifest, check and extract go on past the faults of a damaged image: every entry that can
 * be read is listed (or written), each fault is one line on standard error naming the image, the
 * byte offset and the path, and the exit status is 1 at the end. --strict stops at the first.
 */
class PastFaultsCommandLineTest {
    private static final Pattern FAULT_LINE = Pattern.compile("erofs-browser (\\w+): (.+): offset (\\d+): (/[^:]*): (.+)");

    /** The offsets the fault lines of {@code run} name, each line checked for its form. */
    private static List<Long> faultOffsets(CliRun run, Path image) {
        return run.errLines().stream().map(line -> {
            Matcher m = FAULT_LINE.matcher(line);
            assertTrue(m.matches(), () -> "a fault line (command: image: offset N: path: what): " + line);
            assertEquals(image.toString(), m.group(2));
            return Long.parseLong(m.group(3));
        }).sorted().toList();
    }

    @Test
    void aDirectoryWithThreeHostileNamesListsItsOther297EntriesAndNamesEachFault(@TempDir Path dir) throws Exception {
        DamagedImages.Damaged damaged = DamagedImages.hostileNames(dir);
        List<Long> expected = Arrays.stream(damaged.sortedOffsets()).boxed().toList();

        CliRun ls = CliRun.of("ls", damaged.image(), "/bigdir");
        assertEquals(Cli.BAD_IMAGE, ls.status(), ls::describe);
        assertEquals(297, ls.outLines().size(), ls::describe);
        assertEquals(expected, faultOffsets(ls, damaged.image()));
        assertTrue(ls.err().contains("../x"), "the name as read, escaped: " + ls.err());
        assertFalse(ls.err().indexOf('\0') >= 0, "no raw NUL reaches the terminal");

        CliRun manifest = CliRun.of("manifest", damaged.image());
        assertEquals(Cli.BAD_IMAGE, manifest.status(), manifest::describe);
        assertEquals(expected, faultOffsets(manifest, damaged.image()));
        assertEquals(297, manifest.outLines().stream().filter(l -> l.contains("\"path\": \"/bigdir/")).count());

        CliRun check = CliRun.of("check", damaged.image());
        assertEquals(Cli.BAD_IMAGE, check.status(), check::describe);
        assertEquals(expected, faultOffsets(check, damaged.image()));
        assertTrue(check.outText().startsWith("3 faults; "), check::describe);

        CliRun info = CliRun.of("info", damaged.image());
        assertEquals(Cli.BAD_IMAGE, info.status(), info::describe);
        assertEquals(expected, faultOffsets(info, damaged.image()));
        assertTrue(info.outText().contains("entries:          346 "), "the counts of what can be read: " + info.outText());
    }

    @Test
    void aSymlinkWithAnEmptyTargetIsAFaultOfCheckManifestAndLsAndEveryOtherEntryIsListed(@TempDir Path dir) throws Exception {
        DamagedImages.Damaged damaged = DamagedImages.emptySymlink(dir);
        List<Long> atItsSize = Arrays.stream(damaged.offsets()).boxed().toList();

        CliRun check = CliRun.of("check", damaged.image());
        assertEquals(Cli.BAD_IMAGE, check.status(), check::describe);
        assertEquals(atItsSize, faultOffsets(check, damaged.image()));
        assertTrue(check.err().contains("/link-short: symlink with an empty target"), check::describe);

        CliRun manifest = CliRun.of("manifest", damaged.image());
        assertEquals(Cli.BAD_IMAGE, manifest.status(), manifest::describe);
        assertEquals(atItsSize, faultOffsets(manifest, damaged.image()));

        CliRun ls = CliRun.of("ls", "-R", "-l", damaged.image());
        assertEquals(Cli.BAD_IMAGE, ls.status(), ls::describe);
        assertEquals(atItsSize, faultOffsets(ls, damaged.image()));
        assertEquals(348, ls.outLines().size(), "every entry, the link too (without a target)");
    }

    @Test
    void extractWritesEveryReadableEntryAndNothingOutsideDest(@TempDir Path dir) throws Exception {
        DamagedImages.Damaged damaged = DamagedImages.hostileNames(dir);
        Path dest = dir.resolve("dest");

        CliRun extract = CliRun.of("extract", damaged.image(), dest);

        assertEquals(Cli.BAD_IMAGE, extract.status(), extract::describe);
        assertEquals(Arrays.stream(damaged.sortedOffsets()).boxed().toList(), faultOffsets(extract, damaged.image()));
        try (Stream<Path> written = Files.list(dest.resolve("bigdir"))) {
            assertEquals(297, written.count());
        }
        try (Stream<Path> beside = Files.list(dir)) {
            assertEquals(List.of("dest", damaged.image().getFileName().toString()),
                    beside.map(p -> p.getFileName().toString()).sorted().toList(), "nothing written outside DEST");
        }
        assertTrue(extract.outText().contains("3 faults of the image"), extract::describe);
    }

    @Test
    void strictStopsAtTheFirstFaultWithOneLine(@TempDir Path dir) throws Exception {
        DamagedImages.Damaged damaged = DamagedImages.hostileNames(dir);
        for (String command : List.of("ls", "manifest", "check")) {
            CliRun run = command.equals("ls") ? CliRun.of("ls", "--strict", damaged.image().toString(), "/bigdir")
                    : CliRun.of(command, "--strict", damaged.image().toString());
            assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
            assertEquals(1, run.errLines().size(), run::describe);
            assertTrue(run.err().contains("at byte offset " + damaged.sortedOffsets()[0]), run::describe);
        }
    }
}

package erofsbrowser.cli;

import erofsbrowser.Fixture;
import erofsbrowser.extract.TreeListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code extract} into a folder that holds some of the image already: what is there stays as it
 * was and is counted ({@code --skip-existing}, the default), and a run that extracted nothing for
 * that reason fails; or it is replaced ({@code --overwrite}) by a new entry renamed over it,
 * never written through a symlink, never replacing a folder by a file, leaving nothing behind.
 */
class ExtractOverExistingFilesTest {
    private static final Fixture PLAIN = Fixture.mini("plain");
    private static final String HELLO = "hello, erofs\n"; // /hello.txt of the mini tree

    private static CliRun extract(Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = "extract";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    private static Path extractedOnce(Path temp) {
        Path dest = temp.resolve("dest");
        CliRun first = extract(PLAIN.image(), dest);
        assertEquals(Cli.OK, first.status(), first::describe);
        return dest;
    }

    /** The folder in the fixture listing format: what a first extraction gives, line for line. */
    private static List<String> listing(Path dest) throws Exception {
        return TreeListing.of(dest).stream().map(e -> new String(e.toJsonLine(), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
    }

    private static List<String> leftovers(Path dest) throws Exception {
        try (Stream<Path> walk = Files.walk(dest)) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".erofs-browser-")).toList();
        }
    }

    @Test
    void extractingAgainIntoAFullFolderSaysNothingWasExtractedAndFails(@TempDir Path temp) throws Exception {
        Path dest = extractedOnce(temp);
        Files.writeString(dest.resolve("hello.txt"), "mine");
        for (List<String> options : List.of(List.<String>of(), List.of("--skip-existing"))) {
            CliRun again = CliRun.of(Stream.concat(Stream.of("extract"), Stream.concat(options.stream(),
                    Stream.of(PLAIN.image().toString(), dest.toString()))).toList());
            assertEquals(Cli.BAD_IMAGE, again.status(), again::describe);
            assertEquals(0, again.out().length, again::describe);
            List<String> err = again.errLines().stream().filter(l -> !l.contains("owners (uid/gid)")).toList();
            assertEquals(1, err.size(), again::describe);
            assertTrue(err.get(0).matches("erofs-browser extract: nothing extracted: all \\d+ entries are in "
                    + java.util.regex.Pattern.quote(dest.toString()) + " already, left as they were "
                    + "\\(--overwrite replaces them\\)"), again::describe);
            assertEquals("mine", Files.readString(dest.resolve("hello.txt")), "left as it was");
        }
    }

    @Test
    void skipExistingWritesWhatIsMissingAndCountsWhatItLeft(@TempDir Path temp) throws Exception {
        Path dest = extractedOnce(temp);
        Files.delete(dest.resolve("hello.txt"));
        Files.writeString(dest.resolve("empty"), "not empty");
        CliRun run = extract("--skip-existing", PLAIN.image(), dest);
        assertEquals(Cli.OK, run.status(), run::describe);
        int entries = PLAIN.expectedLines().size();
        String summary = run.outText().strip();
        // everything but the root (the folder given) and hello.txt was there; folders are written into
        assertTrue(summary.startsWith("extracted 1 entry, 13 bytes into " + dest + "; "), summary);
        long folders = PLAIN.expectedLines().stream().filter(l -> l.contains("\"type\": \"dir\"")).count();
        assertTrue(summary.endsWith("; " + (entries - folders - 1) + " entries there already left as they were "
                + "(--overwrite replaces them)"), summary);
        assertEquals(HELLO, Files.readString(dest.resolve("hello.txt")));
        assertEquals("not empty", Files.readString(dest.resolve("empty")));
    }

    @Test
    void overwriteReplacesChangedFilesAndTheTreeIsTheImagesAgain(@TempDir Path temp) throws Exception {
        Path dest = extractedOnce(temp);
        List<String> fresh = listing(dest);
        Files.writeString(dest.resolve("hello.txt"), "changed");
        Files.delete(dest.resolve("link-short"));
        Files.writeString(dest.resolve("link-short"), "a file where a symlink was");
        Files.delete(dest.resolve("dup/a.txt"));
        Files.createSymbolicLink(dest.resolve("dup/a.txt"), Path.of("elsewhere"));
        Files.delete(dest.resolve("special/fifo"));
        Files.writeString(dest.resolve("special/fifo"), "a file where a fifo was");

        CliRun run = extract("--overwrite", PLAIN.image(), dest);
        assertEquals(Cli.OK, run.status(), run::describe);
        assertTrue(run.outText().contains("of them replaced what was there"), run::describe);
        assertEquals(fresh, listing(dest), "the same tree as a first extraction");
        assertEquals(List.of(), leftovers(dest), "no temporary file left");
    }

    @Test
    void overwriteReplacesASymlinkItselfAndNeverWritesThroughIt(@TempDir Path temp) throws Exception {
        Path dest = extractedOnce(temp);
        Path outside = Files.writeString(temp.resolve("outside.txt"), "not to be touched");
        Files.delete(dest.resolve("hello.txt"));
        Files.createSymbolicLink(dest.resolve("hello.txt"), outside);
        Files.delete(dest.resolve("link-short"));
        Files.createSymbolicLink(dest.resolve("link-short"), outside);

        CliRun run = extract("--overwrite", PLAIN.image(), dest, "/hello.txt", "/link-short");
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals("not to be touched", Files.readString(outside));
        assertFalse(Files.isSymbolicLink(dest.resolve("hello.txt")));
        assertEquals(HELLO, Files.readString(dest.resolve("hello.txt")));
        assertEquals(Path.of("hello.txt"), Files.readSymbolicLink(dest.resolve("link-short")));
        assertEquals("extracted 2 entries, 13 bytes into " + dest + "; 2 of them replaced what was there",
                run.outText().strip());
    }

    @Test
    void overwriteNeverReplacesAFolderByAFileButAFileByAFolder(@TempDir Path temp) throws Exception {
        Path dest = extractedOnce(temp);
        Files.delete(dest.resolve("hello.txt"));
        Files.createDirectory(dest.resolve("hello.txt"));
        Files.writeString(dest.resolve("hello.txt/mine"), "kept");
        Path special = dest.resolve("special");
        try (Stream<Path> files = Files.list(special)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(special);
        Files.writeString(special, "a file where a folder was");

        CliRun run = extract("--overwrite", PLAIN.image(), dest, "/hello.txt", "/special");
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals("kept", Files.readString(dest.resolve("hello.txt/mine")), "the folder stays");
        assertTrue(Files.isDirectory(special, LinkOption.NOFOLLOW_LINKS), "the file made way for the folder");
        assertTrue(run.outText().contains("; 1 entry there already left as it was (folders are not replaced by files)"),
                run::describe);
        assertTrue(Files.exists(special.resolve("fifo"), LinkOption.NOFOLLOW_LINKS), run::describe);
    }

    @Test
    void aReplacementThatFailsLeavesTheOldFileWhole(@TempDir Path temp) throws Exception {
        // An image cut short in the data of one of its files: that file cannot be read to its end.
        byte[] bytes = Files.readAllBytes(PLAIN.image());
        String victim = null;
        long cut = 0;
        try (erofsbrowser.erofs.ErofsImage image = erofsbrowser.erofs.ErofsImage.open(PLAIN.image())) {
            for (String path : List.of("/random-9k.bin", "/text-70k.txt", "/edge4097.bin")) {
                var inode = image.lookup(path).inode();
                for (var extent : image.data(inode).extents()) {
                    if (extent.storage() == erofsbrowser.erofs.data.DataExtent.Storage.BLOCKS && extent.physical().end() > cut) {
                        victim = path;
                        cut = extent.physical().end();
                    }
                }
            }
        }
        Path image = temp.resolve("cut.erofs");
        Files.write(image, java.util.Arrays.copyOf(bytes, (int) cut - 1));
        Path dest = Files.createDirectory(temp.resolve("dest"));
        String name = victim.substring(1);
        Files.writeString(dest.resolve(name), "the old content");

        CliRun run = extract("--overwrite", image, dest, victim);
        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        assertTrue(run.err().contains(victim), run::describe);
        assertEquals("the old content", Files.readString(dest.resolve(name)));
        assertEquals(List.of(), leftovers(dest), "the half-made replacement is gone");
    }

    @Test
    void overwriteKeepsHardLinksLinked(@TempDir Path temp) throws Exception {
        Path dest = extractedOnce(temp);
        Files.writeString(dest.resolve("hard-a"), "changed");
        CliRun run = extract("--overwrite", PLAIN.image(), dest);
        assertEquals(Cli.OK, run.status(), run::describe);
        assertTrue(Files.isSameFile(dest.resolve("hard-a"), dest.resolve("hard-b")));
        assertEquals(2, (int) Files.getAttribute(dest.resolve("hard-a"), "unix:nlink"));
        assertEquals(5000, Files.size(dest.resolve("hard-a")));
    }
}

package erofsbrowser.app;

import erofsbrowser.image.ImageException;
import erofsbrowser.Fixture;
import erofsbrowser.ListingDiff;
import erofsbrowser.erofs.Entry;
import erofsbrowser.image.Node;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ManifestEntry;
import erofsbrowser.extract.ExtractionOptions;
import erofsbrowser.extract.ExtractionReport;
import erofsbrowser.extract.TreeListing;
import javafx.concurrent.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extraction through the app's service (the tasks behind "Extract to…", "Open", "Save as…" and
 * drag-out): the tree it writes, what it does with existing files, and cancelling half-way. The
 * drop into another application cannot be tested headless: what is tested is that the files put
 * on the dragboard exist and hold the image's bytes.
 */
class ExtractionFromTheAppTest {
    private final ExtractionService service = new ExtractionService();

    /** The service's tasks report progress through the JavaFX toolkit. */
    @org.junit.jupiter.api.BeforeAll
    static void startToolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
    }

    static Stream<Fixture> images() {
        return Fixture.mini();
    }

    private static ExtractionReport run(Task<ExtractionReport> task) throws Exception {
        task.run();
        return task.get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void extractingTheWholeImageGivesTheTreeTheKernelListed(Fixture fixture, @TempDir Path dir) throws Exception {
        Path dest = Files.createDirectory(dir.resolve("dest"));
        try (ErofsImage image = fixture.open()) {
            ExtractionReport report = run(service.extraction(image, List.of(image.root()), dest,
                    ExtractionOptions.ExistingFiles.ASK, first -> ExtractionOptions.ExistingFiles.SKIP));
            assertFalse(report.cancelled());
        }
        List<String> actual = TreeListing.of(dest).stream().filter(e -> e.path().length > 1)
                .map(e -> new String(e.toJsonLine(), StandardCharsets.UTF_8).stripTrailing()).toList();
        List<String> expected = fixture.expectedLines().stream().filter(l -> !l.contains("\"path\": \"/\"")).toList();
        List<String> diff = ListingDiff.differences(expected, actual, 10);
        assertTrue(diff.isEmpty(), String.join("\n", diff));
    }

    @Test
    void existingFilesAreAskedAboutOnceAndNeverOverwrittenSilently(@TempDir Path dir) throws Exception {
        Path dest = Files.createDirectory(dir.resolve("dest"));
        Files.writeString(dest.resolve("hello.txt"), "mine");
        Files.writeString(dest.resolve("empty"), "mine too");
        AtomicInteger asked = new AtomicInteger();
        try (ErofsImage image = Fixture.mini("plain").open()) {
            List<Node> two = List.of(image.lookup("/hello.txt"), image.lookup("/empty"));
            run(service.extraction(image, two, dest, ExtractionOptions.ExistingFiles.ASK, first -> {
                asked.incrementAndGet();
                return ExtractionOptions.ExistingFiles.KEEP_BOTH;
            }));
            assertEquals(1, asked.get(), "asked once for the whole task");
            assertEquals("mine", Files.readString(dest.resolve("hello.txt")), "kept");
            assertEquals("mine too", Files.readString(dest.resolve("empty")), "kept");
            assertArrayEquals(image.data(image.lookup("/hello.txt").inode()).readFully(0, 13),
                    Files.readAllBytes(dest.resolve("hello (2).txt")), "the image's file beside it");
            assertTrue(Files.exists(dest.resolve("empty (2)")));

            ExtractionReport skipped = run(service.extraction(image, List.of(image.lookup("/hello.txt")), dest,
                    ExtractionOptions.ExistingFiles.ASK, first -> ExtractionOptions.ExistingFiles.SKIP));
            assertEquals("mine", Files.readString(dest.resolve("hello.txt")));
            assertEquals(1, skipped.skipped().size(), "the skip is reported: " + skipped.skipped());

            run(service.extraction(image, List.of(image.lookup("/hello.txt")), dest,
                    ExtractionOptions.ExistingFiles.ASK, first -> ExtractionOptions.ExistingFiles.OVERWRITE));
            assertArrayEquals(image.data(image.lookup("/hello.txt").inode()).readFully(0, 13),
                    Files.readAllBytes(dest.resolve("hello.txt")), "overwritten when asked to");
        }
    }

    /** mini-plain with its 300 /bigdir files patched to 4 GiB holes: far too long to extract in a test. */
    static Path imageWithHugeFiles(Path dir) throws Exception {
        Fixture plain = Fixture.mini("plain");
        Path copy = dir.resolve("huge.erofs");
        Files.copy(plain.image(), copy);
        try (ErofsImage image = plain.open();
             FileChannel out = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (Entry e : image.children(image.lookup("/bigdir"))) {
                long at = e.inode().offset();
                ByteBuffer inode = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
                out.read(inode, at);
                boolean extended = (inode.getShort(0) & 1) != 0;
                inode.putShort(0, (short) (inode.getShort(0) & ~0x0E)); // FLAT_PLAIN
                if (extended) {
                    inode.putLong(8, 1L << 32);                         // i_size: 4 GiB
                } else {
                    inode.putInt(8, 0xFFFF_FFFF);                       // i_size: 4 GiB - 1
                }
                inode.putInt(16, 0xFFFF_FFFF);                          // start block: a hole
                out.write(inode.flip(), at);
            }
        }
        return copy;
    }

    @Test
    void cancellingHalfWayLeavesNoPartialFileAndSaysWhereItStopped(@TempDir Path dir) throws Exception {
        Path dest = Files.createDirectory(dir.resolve("dest"));
        // Holes are written as holes, in no time: fed as zeros, the 4 GiB files take long enough to cancel.
        try (ErofsImage erofs = ErofsImage.open(imageWithHugeFiles(dir)); HolesAsZeros image = new HolesAsZeros(erofs)) {
            ExtractionService.ExtractionTask task = service.extraction(image, List.of(erofs.lookup("/bigdir")), dest,
                    ExtractionOptions.ExistingFiles.ASK, first -> ExtractionOptions.ExistingFiles.SKIP);
            Thread worker = new Thread(task);
            worker.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!hasBytes(dest.resolve("bigdir")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            task.cancel(true);
            ExtractionReport report = task.finished().get(20, TimeUnit.SECONDS);
            worker.join(20_000);
            assertTrue(report.cancelled(), "the report says it was cancelled");
            assertNotNull(report.stoppedAt());
            assertTrue(report.stoppedAt().startsWith("/bigdir/"), report.stoppedAt());
            try (Stream<Path> files = Files.list(dest.resolve("bigdir"))) {
                for (Path f : files.toList()) {
                    assertEquals(1L << 32, Files.size(f) | 1, "only whole files remain: " + f + " has " + Files.size(f));
                }
            }
        }
    }

    private static boolean hasBytes(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f -> f.toFile().length() > 0);
        }
    }

    @Test
    void filesPutOnTheDragboardExistAndHoldTheImagesBytes(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("drag-1"));
        try (ErofsImage image = Fixture.mini("lz4hc-ztailpacking").open()) {
            List<Node> selection = List.of(image.lookup("/text-70k.txt"), image.lookup("/deep"), image.lookup("/hello.txt"));
            List<File> files = DragOut.dragFiles(selection, folder);
            files.forEach(f -> assertFalse(f.exists(), "paths are known before anything is written: " + f));
            Task<Void> preparation = service.dragPreparation(image, selection, folder);
            preparation.run();
            preparation.get(60, TimeUnit.SECONDS);
            assertFalse(Files.exists(folder.resolve(".partial")), "the staging folder is gone");
            assertEquals(3, files.size());
            for (int k = 0; k < selection.size(); k++) {
                Entry e = (Entry) selection.get(k);
                File f = files.get(k);
                assertTrue(f.exists(), f + " exists");
                if (e.type() == FileType.FILE) {
                    assertArrayEquals(image.data(e.inode()).readFully(0, (int) e.inode().size()),
                            Files.readAllBytes(f.toPath()), f + " holds the image's bytes");
                } else {
                    assertTrue(f.isDirectory());
                }
            }
        }
    }

    /**
     * A full disk: a 48 KiB tmpfs mounted for the test (it needs root with CAP_SYS_ADMIN, as here
     * and on CI; elsewhere the test is skipped, saying why).
     */
    @Test
    void aFullDiskStopsTheExtractionWithAClearErrorAndLeavesNoPartialFile(@TempDir Path dir) throws Exception {
        Path small = Files.createDirectory(dir.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here: " + why);
        try (ErofsImage image = Fixture.mini("lz4hc-ztailpacking").open()) {
            Path dest = small.resolve("dest");
            ExtractionService.ExtractionTask task = service.extraction(image, List.of(image.root()), dest,
                    ExtractionOptions.ExistingFiles.ASK, first -> ExtractionOptions.ExistingFiles.SKIP);
            task.run();
            java.util.concurrent.ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> task.get(60, TimeUnit.SECONDS));
            assertTrue(String.valueOf(failure.getCause().getMessage()).contains("No space left on device"),
                    "says why: " + failure.getCause());
            assertTrue(failure.getCause().getMessage().contains(dest.toString()), "names the file: " + failure.getCause());
            assertTrue(task.writtenSoFar().matches("[0-9,]+ entries and [0-9,]+ bytes"), task.writtenSoFar());
            try (Stream<Path> written = Files.walk(dest)) {
                for (Path f : written.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Entry e = image.lookup("/" + dest.relativize(f).toString());
                    assertEquals(e.inode().size(), Files.size(f), "only whole files remain: " + f);
                }
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    /**
     * Hostile names patched into a copy of the plain image, each in place of a name of the same
     * length: {@code ..}, a name with {@code /}, a name with NUL, and a file named as the symlink
     * before it (writing it would follow the symlink, which points out of the folder).
     */
    @ParameterizedTest(name = "{0} renamed \"{1}\"")
    @org.junit.jupiter.params.provider.CsvSource({
            "/deep/l1, ..",
            "/names/space name.txt, space/name.txt",
            "/hello.txt, hel\u0000o.txt",
            "/hello.txt, link-long"})
    void aHostileNameIsRefusedWithAClearMessageAndNothingIsWrittenOutside(String path, String name, @TempDir Path dir)
            throws Exception {
        name = name.replace("\\u0000", "\0");
        byte[] bytes = Files.readAllBytes(Fixture.mini("plain").image());
        try (ErofsImage intact = Fixture.mini("plain").open()) {
            var d = intact.lookup(path).dirent();
            byte[] raw = name.getBytes(StandardCharsets.UTF_8);
            assertEquals(d.nameRange().length(), raw.length, "the new name has the length of the old");
            System.arraycopy(raw, 0, bytes, (int) d.nameRange().offset(), raw.length);
        }
        Path imageFile = Files.write(dir.resolve("hostile.erofs"), bytes);
        Path dest = Files.createDirectory(dir.resolve("dest"));
        try (ErofsImage image = ErofsImage.open(imageFile)) {
            ExtractionService.ExtractionTask task = service.extraction(image, List.of(image.root()), dest,
                    ExtractionOptions.ExistingFiles.ASK, first -> ExtractionOptions.ExistingFiles.SKIP);
            task.run();
            java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> task.get(60, TimeUnit.SECONDS));
            String message = refused.getCause().getMessage();
            assertTrue(message.matches("(?s).*at byte offset \\d+.*"), "names the byte offset: " + message);
        } catch (erofsbrowser.image.ImageException e) {
            assertTrue(e.getMessage().contains("offset"), "names the place: " + e.getMessage()); // refused at open
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("dest", "hostile.erofs"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing was written beside the folder");
        }
        try (Stream<Path> written = Files.walk(dest)) {
            for (Path p : written.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                assertTrue(p.toRealPath().startsWith(dest.toRealPath()), p + " is inside the folder");
            }
        }
    }

    @Test
    void temporaryFoldersOfAKilledSessionAreRemovedAtTheNextStart(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("tmp");
        Path stale = Files.createDirectories(base.resolve("session-999999999").resolve("drag-1"));
        Files.writeString(stale.resolve("file"), "left by a killed app");
        TempFolders folders = new TempFolders(base);
        assertFalse(Files.exists(stale), "the dead session's folder is gone");
        Path mine = folders.newFolder("drag");
        Files.writeString(mine.resolve("x"), "x");
        folders.removeAll();
        assertFalse(Files.exists(folders.session()), "removed at exit");
    }
}

package erofsbrowser.extract;

import erofsbrowser.Fixture;
import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.Fault;
import erofsbrowser.image.ImageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extraction goes on past what a damaged image cannot give: every readable entry is written, each
 * unsafe or unreadable one is refused alone and reported where it is, and nothing lands outside
 * the destination. With the faults not gone past, the first one stops it, as before.
 */
class ExtractPastFaultsTest {

    private static Path hostileNames(Path dir) throws Exception {
        Fixture plain = Fixture.mini("plain");
        byte[] b = Files.readAllBytes(plain.image());
        try (ErofsImage image = plain.open()) {
            rename(b, image.lookup("/bigdir/f010"), "../x");
            rename(b, image.lookup("/bigdir/f020"), "a/bc");
            rename(b, image.lookup("/bigdir/f030"), "f0\0z");
            // and a symlink whose target is empty: /link-short's size set to 0
            Entry link = image.lookup("/link-short");
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt((int) link.inode().offset() + 8, 0);
        }
        Path out = dir.resolve("hostile.erofs");
        Files.write(out, b);
        return out;
    }

    private static void rename(byte[] b, Entry e, String name) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(n, 0, b, (int) e.dirent().nameRange().offset(), n.length);
    }

    @Test
    void everyReadableEntryIsWrittenAndEachBadOneIsAFaultWhereItIs(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("dest");
        try (ErofsImage image = ErofsImage.open(hostileNames(dir))) {
            ExtractionReport report = new Extractor(image, dest, ExtractionOptions.defaults(2).pastFaults(true))
                    .extract(List.of(image.root()));
            try (Stream<Path> files = Files.list(dest.resolve("bigdir"))) {
                assertEquals(297, files.count(), "the other 297 entries of the directory are written");
            }
            List<Fault> faults = report.faults();
            assertEquals(4, faults.size(), faults.toString());
            assertTrue(faults.stream().anyMatch(f -> f.line().contains("/link-short") && f.problem().contains("empty target")),
                    "the empty symlink is a fault of its own: " + faults);
            assertTrue(Files.exists(dest.resolve("hello.txt")), "the rest of the image too");
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.allMatch(p -> p.startsWith(dest) || p.equals(dir) || p.getFileName().toString().equals("hostile.erofs")),
                    "nothing outside the destination");
        }
    }

    @Test
    void withoutGoingPastFaultsTheFirstStopsTheExtraction(@TempDir Path dir) throws Exception {
        try (ErofsImage image = ErofsImage.open(hostileNames(dir))) {
            ImageException e = assertThrows(ImageException.class,
                    () -> new Extractor(image, dir.resolve("dest"), 1).extract(List.of(image.lookup("/bigdir"))));
            assertTrue(e.getMessage().contains("byte offset"), e.getMessage());
        }
    }
}

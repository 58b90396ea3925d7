package erofsbrowser.extract;

import erofsbrowser.Fixture;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Holes stay holes: a sparse file of the image is written as a sparse file, with the same bytes. */
class SparseExtractionTest {

    @Test
    void aChunkedSparseFileIsWrittenSparseWithItsExactBytes(@TempDir Path dir) throws Exception {
        try (ErofsImage image = Fixture.mini("chunked").open()) {
            var sparse = image.lookup("/sparse.bin");
            String expected = Manifest.sha256(image.content(sparse));
            ExtractionReport report = new Extractor(image, dir.resolve("out"), 1).extract(List.of(sparse));
            assertTrue(report.skipped().stream().noneMatch(s -> s.reason().contains("sparse")), report.skipped().toString());
            Path file = dir.resolve("out/sparse.bin");
            assertEquals(sparse.size(), Files.size(file), "the whole length, the hole at the end included");
            assertEquals(expected, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            long allocated = allocatedBytes(file);
            assertTrue(allocated < sparse.size() / 2, "holes take no room: " + allocated + " bytes allocated for "
                    + sparse.size());
        }
    }

    /** What the filesystem allocated for the file (st_blocks × 512). */
    static long allocatedBytes(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        String[] out = new String(p.getInputStream().readAllBytes()).trim().split(" ");
        p.waitFor();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}

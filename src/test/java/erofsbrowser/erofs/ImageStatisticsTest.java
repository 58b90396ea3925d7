package erofsbrowser.erofs;

import erofsbrowser.Fixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counts behind "file data: N bytes, stored in M bytes (ratio R)" in info and the app. */
class ImageStatisticsTest {

    static Stream<Fixture> images() {
        return Fixture.mini();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void storedBytesIncludeThePackedInodeAndNeverExceedTheImage(Fixture fixture) throws Exception {
        try (ErofsImage image = fixture.open()) {
            ImageStatistics stats = ImageStatistics.of(image);
            long packedNid = image.superblock().packedNid();
            if (packedNid != 0) {
                long packedStored = image.inode(packedNid).storedBytes();
                assertTrue(stats.storedBytes() >= packedStored,
                        "fragments live in the packed inode: " + stats.storedBytes() + " < " + packedStored);
            }
            long imageBytes = Files.size(fixture.image()) - fixture.offset();
            assertTrue(stats.storedBytes() <= imageBytes + fixture.devices().stream().mapToLong(d -> d.toFile().length()).sum(),
                    "stored in " + stats.storedBytes() + " bytes, more than the image holds");
            if (stats.compressedFiles() == 0) {
                assertEquals(stats.fileBytes(), stats.storedBytes(), "uncompressed files are stored as they are");
            }
        }
    }
}

package erofsbrowser.ext4;

import erofsbrowser.ListingDiff;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.ManifestEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader's listing of each ext2/3/4 fixture equals, byte for byte, what the Linux kernel listed. */
class Ext4ManifestMatchesKernelTest {

    static Stream<Ext4Fixture> images() {
        return Stream.concat(Ext4Fixture.extra(), Ext4Fixture.all());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void listingEqualsTheKernels(Ext4Fixture fixture) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Ext4Image image = fixture.open()) {
            for (ManifestEntry e : Manifest.of(image)) {
                out.writeBytes(e.toJsonLine());
            }
            assertEquals(List.of(), image.warnings(), "a sound image: every checksum matches");
        }
        String actual = out.toString(StandardCharsets.UTF_8);
        List<String> expected = fixture.expectedLines();
        List<String> diff = ListingDiff.differences(expected, actual.lines().toList(), 20);
        assertTrue(diff.isEmpty(), () -> fixture + ":\n" + String.join("\n", diff));
        assertEquals(String.join("\n", expected) + "\n", actual, "byte-for-byte equality");
    }
}

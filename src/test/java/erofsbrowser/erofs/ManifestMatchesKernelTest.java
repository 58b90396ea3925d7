package erofsbrowser.erofs;

import erofsbrowser.image.Manifest;
import erofsbrowser.image.ManifestEntry;
import erofsbrowser.Fixture;
import erofsbrowser.ListingDiff;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader's listing of each fixture image equals, byte for byte, what the Linux kernel listed. */
class ManifestMatchesKernelTest {

    static Stream<Fixture> images() {
        return Fixture.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void listingEqualsTheKernels(Fixture fixture) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ErofsImage image = fixture.open()) {
            for (ManifestEntry e : Manifest.of(image)) {
                out.writeBytes(e.toJsonLine());
            }
        }
        String actual = out.toString(StandardCharsets.UTF_8);
        List<String> expected = fixture.expectedLines();
        List<String> diff = ListingDiff.differences(expected, actual.lines().toList(), 20);
        assertTrue(diff.isEmpty(), () -> fixture + ":\n" + String.join("\n", diff));
        assertEquals(String.join("\n", expected) + "\n", actual, "byte-for-byte equality");
    }
}

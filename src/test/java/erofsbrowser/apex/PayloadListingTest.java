package erofsbrowser.apex;

import erofsbrowser.ListingDiff;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.ManifestEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An APEX and its CAPEX, opened as they are (no offset given), list their EROFS payload exactly
 * as the Linux kernel listed it.
 */
class PayloadListingTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ApexFixtures.APEX, ApexFixtures.CAPEX})
    void thePayloadListsAsTheKernelListedIt(String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(name))) {
            FileSystemImage payload = apex.payload().orElseThrow().fileSystem().orElseThrow();
            for (ManifestEntry e : Manifest.of(payload)) {
                out.writeBytes(e.toJsonLine());
            }
        }
        String actual = out.toString(StandardCharsets.UTF_8);
        List<String> expected = Files.readAllLines(ApexFixtures.file(ApexFixtures.EXPECTED), StandardCharsets.UTF_8);
        List<String> diff = ListingDiff.differences(expected, actual.lines().toList(), 20);
        assertTrue(diff.isEmpty(), () -> name + ":\n" + String.join("\n", diff));
        assertEquals(String.join("\n", expected) + "\n", actual, "byte-for-byte equality");
    }
}

package erofsbrowser.ext4;

import erofsbrowser.ListingDiff;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.ManifestEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ext4 payloads of real APEXes, read in place inside their zip (apex_payload.img is stored,
 * not compressed), list exactly as the Linux kernel listed them.
 */
class ApexPayloadTest {
    static final Path APEX = Path.of(System.getProperty("apex.dir", "../shared/apex"));

    @ParameterizedTest
    @ValueSource(strings = {"com.android.apex.cts.shim.v1", "com.android.hardware.cas"})
    void theExt4PayloadListsAsTheKernelListedIt(String name) throws Exception {
        Path apex = APEX.resolve(name + ".apex");
        Assumptions.assumeTrue(Files.exists(apex), "the shared APEX folder is not here");
        long[] payload = storedEntry(apex, "apex_payload.img");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Ext4Image image = Ext4Image.open(ImageSource.open(apex, payload[0], payload[1]))) {
            assertEquals("ext4", image.formatName());
            for (ManifestEntry e : Manifest.of(image)) {
                out.writeBytes(e.toJsonLine());
            }
        }
        List<String> expected = Files.readAllLines(APEX.resolve(name + ".expected.jsonl"), StandardCharsets.UTF_8);
        String actual = out.toString(StandardCharsets.UTF_8);
        List<String> diff = ListingDiff.differences(expected, actual.lines().toList(), 20);
        assertTrue(diff.isEmpty(), () -> String.join("\n", diff));
        assertEquals(String.join("\n", expected) + "\n", actual);
    }

    /** Where the stored entry {@code name}'s bytes start in the zip, and how many there are: from the central directory. */
    static long[] storedEntry(Path zip, String name) throws Exception {
        byte[] all = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = all.length - 22;
        while (b.getInt(eocd) != 0x06054b50) {
            eocd--;
        }
        int entries = b.getShort(eocd + 10) & 0xFFFF;
        int at = b.getInt(eocd + 16);
        for (int i = 0; i < entries; i++) {
            int method = b.getShort(at + 10) & 0xFFFF;
            long size = b.getInt(at + 20) & 0xFFFF_FFFFL;
            int nameLen = b.getShort(at + 28) & 0xFFFF;
            int extraLen = b.getShort(at + 30) & 0xFFFF;
            int commentLen = b.getShort(at + 32) & 0xFFFF;
            long local = b.getInt(at + 42) & 0xFFFF_FFFFL;
            String entry = new String(all, at + 46, nameLen, StandardCharsets.UTF_8);
            if (entry.equals(name)) {
                assertEquals(0, method, name + " is stored, not compressed");
                int localName = b.getShort((int) local + 26) & 0xFFFF;
                int localExtra = b.getShort((int) local + 28) & 0xFFFF;
                return new long[] {local + 30 + localName + localExtra, size};
            }
            at += 46 + nameLen + extraLen + commentLen;
        }
        throw new AssertionError(name + " not in " + zip);
    }
}

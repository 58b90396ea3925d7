package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Binary XML reads back as XML text, and damaged or hostile binary XML is a clear error. */
class BinaryXmlTest {

    static byte[] realManifest() throws Exception {
        try (ZipFile zip = new ZipFile(ApexFixtures.file(ApexFixtures.SHIM).toFile())) {
            return zip.getInputStream(zip.getEntry("AndroidManifest.xml")).readAllBytes();
        }
    }

    @Test
    void theShimsManifestReadsBack() throws Exception {
        String xml = BinaryXml.toText(realManifest());
        assertTrue(xml.contains("package=\"com.android.apex.cts.shim\""), xml);
        assertTrue(xml.contains("<uses-sdk android:minSdkVersion=\"28\" android:targetSdkVersion=\"29\" />"), xml);
    }

    @Test
    void everyTruncationAndEveryChangedByteIsAnImageExceptionOrText() throws Exception {
        byte[] real = realManifest();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int cut = 0; cut < real.length; cut++) {
                tryRead(java.util.Arrays.copyOf(real, cut));
            }
            Random random = new Random(7);
            for (int i = 0; i < real.length * 4; i++) {
                byte[] b = real.clone();
                b[i % real.length] = (byte) random.nextInt(256);
                tryRead(b);
            }
        });
    }

    private static void tryRead(byte[] b) {
        try {
            assertTrue(BinaryXml.toText(b).length() <= BinaryXml.MAX_TEXT);
        } catch (ImageException e) {
            assertTrue(e.getMessage().contains("(at byte offset "), e.getMessage());
        }
    }

    @Test
    void oneLongStringNamedByThousandsOfAttributesStopsAtABound() throws Exception {
        byte[] hostile = axml(60_000, 3000);
        ImageException e = assertThrows(ImageException.class, () -> BinaryXml.toText(hostile));
        assertTrue(e.getMessage().contains("would exceed " + BinaryXml.MAX_TEXT + " characters"), e.getMessage());
        assertEquals("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<e a=\"xxx\" a=\"xxx\" />\n", BinaryXml.toText(axml(3, 2)),
                "the writer of this test makes binary XML the reader reads");
    }

    /** A document of one element {@code <e>} with {@code attributes} attributes, each valued with one string of {@code length} 'x's. */
    static byte[] axml(int length, int attributes) {
        byte[] big = "x".repeat(length).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream pool = new ByteArrayOutputStream();
        int[] offsets = new int[3];
        offsets[0] = pool.size();
        pool.writeBytes(new byte[] {1, 1, 'e', 0});
        offsets[1] = pool.size();
        pool.writeBytes(new byte[] {1, 1, 'a', 0});
        offsets[2] = pool.size();
        pool.writeBytes(new byte[] {(byte) (0x80 | length >> 8), (byte) length, (byte) (0x80 | length >> 8), (byte) length});
        pool.writeBytes(big);
        pool.write(0);
        while (pool.size() % 4 != 0) {
            pool.write(0);
        }
        int poolHeader = 28 + 4 * offsets.length;
        ByteBuffer sp = le(poolHeader + pool.size());
        sp.putShort((short) 1).putShort((short) 28).putInt(poolHeader + pool.size()).putInt(3).putInt(0)
                .putInt(1 << 8).putInt(poolHeader).putInt(0);
        for (int o : offsets) {
            sp.putInt(o);
        }
        sp.put(pool.toByteArray());
        int elementSize = 16 + 20 + 20 * attributes;
        ByteBuffer el = le(elementSize);
        el.putShort((short) 0x102).putShort((short) 16).putInt(elementSize).putInt(1).putInt(-1)
                .putInt(-1).putInt(0).putShort((short) 20).putShort((short) 20).putShort((short) attributes)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < attributes; i++) {
            el.putInt(-1).putInt(1).putInt(2).putShort((short) 8).put((byte) 0).put((byte) 3).putInt(2);
        }
        ByteBuffer end = le(24);
        end.putShort((short) 0x103).putShort((short) 16).putInt(24).putInt(1).putInt(-1).putInt(-1).putInt(0);
        int total = 8 + sp.capacity() + elementSize + 24;
        ByteBuffer doc = le(total);
        doc.putShort((short) 3).putShort((short) 8).putInt(total).put(sp.array()).put(el.array()).put(end.array());
        return doc.array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}

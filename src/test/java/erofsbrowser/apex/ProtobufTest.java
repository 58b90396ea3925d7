package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.ImageException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protobuf wire format is read by hand, field by field, and garbage is a clear error. */
class ProtobufTest {
    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void everyWireTypeIsReadAndUnknownFieldsAreKeptByNumber() throws Exception {
        byte[] pb = bytes(
                0x0A, 0x01, 'x',                                        // 1 name = "x"
                0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, // 2 version = -1 (10 bytes)
                0x30, 0x01,                                             // 6 noCode = true
                0x9D, 0x06, 1, 2, 3, 4,                                 // 99 fixed32
                0xA1, 0x06, 1, 2, 3, 4, 5, 6, 7, 8,                     // 100 fixed64
                0x62, 0x04, 0x0A, 0x02, 'a', 'b');                      // 12 capexMetadata.originalApexDigest = "ab"
        ApexManifest m = ApexManifest.parse(pb, 0);
        assertEquals("x", m.name());
        assertEquals(-1, m.version());
        assertTrue(m.noCode());
        assertEquals("ab", m.originalApexDigest().orElseThrow());
        assertEquals(Set.of(99, 100), m.unknownFields());
        Field tree = ApexManifest.dissect(pb, 1000);
        assertEquals(List.of("name", "version", "noCode", "field 99", "field 100", "capexMetadata"),
                tree.children().stream().map(Field::name).toList());
        assertEquals("true", tree.child("noCode").meaning());
        assertEquals(new FieldValue.Unsigned(0x04030201L, 4, false), tree.child("field 99").child("value").value());
        Field capex = tree.child("capexMetadata");
        assertEquals(List.of("key", "length", "CompressedApexMetadata"), capex.children().stream().map(Field::name).toList());
        assertEquals("originalApexDigest", capex.child("CompressedApexMetadata").children().get(0).name());
        assertEquals(1000, tree.offset());
        FieldTrees.assertExact(tree, (offset, length) -> java.util.Arrays.copyOfRange(pb, (int) offset - 1000,
                (int) offset - 1000 + length));
    }

    @Test
    void aPaddedVarintIsCoveredByteForByte() throws Exception {
        byte[] pb = bytes(0x8A, 0x80, 0x00, 0x01, 'y'); // key of field 1 padded to 3 bytes
        assertEquals("y", ApexManifest.parse(pb, 0).name());
        Field key = ApexManifest.dissect(pb, 0).child("name").child("key");
        assertEquals(new FieldValue.Varint(10, 3), key.value());
        FieldTrees.assertExact(ApexManifest.dissect(pb, 0), FieldTrees.Raw.of(pb));
    }

    @Test
    void garbageIsAnImageExceptionAtItsByte() {
        assertError(bytes(0x0A, 0x05, 'a'), 501, "says 5 bytes, 1 remain");
        assertError(bytes(0x10, 0xFF, 0xFF), 503, "varint value of field 2 is cut short");
        assertError(bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02), 510, "overflows 64 bits");
        assertError(bytes(0x0B, 0x00), 500, "is a group (wire type 3)");
        assertError(bytes(0x0F), 500, "has wire type 7");
        assertError(bytes(0x00), 500, "field number 0 is outside");
        assertError(bytes(0x12, 0x00), 500, "ApexManifest.version is stored as length-delimited");
        assertError(bytes(0x1D, 0, 0), 501, "needs 4 bytes, 2 remain");
    }

    private static void assertError(byte[] pb, long offset, String text) {
        ImageException e = assertThrows(ImageException.class, () -> ApexManifest.parse(pb, 500));
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        Field tree = ApexManifest.dissect(pb, 500);
        assertTrue(tree.hasProblems(), "the field tree marks it");
    }

    @Test
    void randomBytesAndMutationsNeverEscapeAsAnythingElse() throws Exception {
        Random random = new Random(42);
        byte[] real = bytes(0x0A, 0x11, 'c', 'o', 'm', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'e', 'r', 'o', 'f', 's',
                0x10, 0x90, 0xB9, 0x95, 0xA2, 0x01, 0x62, 0x03, 0x0A, 0x01, 'z');
        for (int i = 0; i < 20000; i++) {
            byte[] pb;
            if (i % 2 == 0) {
                pb = new byte[random.nextInt(40)];
                random.nextBytes(pb);
            } else {
                pb = real.clone();
                pb[random.nextInt(pb.length)] = (byte) random.nextInt(256);
                pb = java.util.Arrays.copyOf(pb, random.nextInt(pb.length + 1));
            }
            try {
                ApexManifest.parse(pb, 0);
                ApexBuildInfo.parse(pb, 0);
            } catch (ImageException e) {
                assertTrue(e.getMessage().contains("(at byte offset "));
            }
            FieldTrees.assertExact(ApexManifest.dissect(pb, 0), FieldTrees.Raw.of(pb));
            FieldTrees.assertExact(ApexBuildInfo.dissect(pb, 0), FieldTrees.Raw.of(pb));
        }
    }

    @Test
    void theJsonManifestReadsTheSameFieldNames() throws Exception {
        ApexManifest m = ApexManifest.fromJson(("{\"name\": \"com.x\", \"version\": \"12\", \"noCode\": true,"
                + " \"provideNativeLibs\": [\"a.so\", \"b\\u002eso\"], \"capexMetadata\": {\"originalApexDigest\": \"ff\"}}")
                .getBytes(), 0);
        assertEquals("com.x", m.name());
        assertEquals(12, m.version());
        assertTrue(m.noCode());
        assertEquals(List.of("a.so", "b.so"), m.provideNativeLibs());
        assertEquals("ff", m.originalApexDigest().orElseThrow());
        for (String bad : List.of("", "[", "{\"name\": 1}", "{\"version\": \"x\"}", "{\"a\": tru}", "{\"a\" 1}",
                "[".repeat(100) + "]".repeat(100), "{\"a\": \"\\u12\"}", "{} {}")) {
            assertThrows(ImageException.class, () -> ApexManifest.fromJson(bad.getBytes(), 0), bad);
        }
        ImageException e = assertThrows(ImageException.class, () -> ApexManifest.fromJson("{\"a\": x}".getBytes(), 4096));
        assertEquals(4096 + 6, e.offset(), "offsets count in the file the JSON lies in");
    }
}

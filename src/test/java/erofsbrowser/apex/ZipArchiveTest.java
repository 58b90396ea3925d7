package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zip reader agrees with java.util.zip, reads zip64 records, and says where each entry's data lies. */
class ZipArchiveTest {
    @TempDir
    Path temp;

    @Test
    void everyEntryOfTheRealApexesReadsAsJavaUtilZipReadsIt() throws Exception {
        for (String name : List.of(ApexFixtures.APEX, ApexFixtures.CAPEX, ApexFixtures.SHIM, ApexFixtures.CAS)) {
            Path file = ApexFixtures.file(name);
            try (ImageSource source = ImageSource.open(file); ZipFile jdk = new ZipFile(file.toFile())) {
                ZipArchive zip = ZipArchive.open(source);
                assertEquals(jdk.size(), zip.entries().size());
                for (ZipEntry e : zip.entries()) {
                    java.util.zip.ZipEntry j = jdk.getEntry(e.name());
                    assertEquals(j.getSize(), e.size(), e.name());
                    assertEquals(j.getCompressedSize(), e.compressedSize(), e.name());
                    assertEquals(j.getCrc(), e.crc(), e.name());
                    assertArrayEquals(jdk.getInputStream(j).readAllBytes(), zip.read(e, 4 << 20), name + " " + e.name());
                }
                assertEquals(List.of(), zip.problems());
            }
        }
    }

    @Test
    void zip64RecordsAndAZip64ExtraFieldAreReadAndDissected() throws Exception {
        byte[] data = "payload bytes".getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(temp.resolve("zip64.zip"), zip64(data));
        try (ImageSource source = ImageSource.open(file); ZipFile jdk = new ZipFile(file.toFile())) {
            ZipArchive zip = ZipArchive.open(source);
            assertTrue(zip.end().orElseThrow().isZip64());
            ZipEntry e = zip.entry("a.txt");
            assertEquals(0, e.localHeaderOffset(), "from the zip64 extra field");
            assertEquals(List.of(), e.problems());
            assertArrayEquals(data, zip.read(e, 100));
            assertArrayEquals(jdk.getInputStream(jdk.getEntry("a.txt")).readAllBytes(), data);
            List<Field> trees = zip.structures();
            assertEquals(List.of("local file header", "central directory file header", "zip64 end of central directory record",
                    "zip64 end of central directory locator", "end of central directory record"),
                    trees.stream().map(Field::name).toList());
            FieldTrees.assertExact(trees, FieldTrees.Raw.of(source));
            Field extra = trees.get(1).child("extra field").children().get(0);
            assertEquals("zip64 extended information", extra.meaning());
            assertEquals(List.of("header ID", "data size", "relative header offset"),
                    extra.children().stream().map(Field::name).toList());
        }
    }

    @Test
    void aFileWithoutAnEndRecordIsNoZipAndSaysWhereItLooked() throws Exception {
        Path file = Files.write(temp.resolve("x.bin"), new byte[5000]);
        try (ImageSource source = ImageSource.open(file)) {
            ImageException e = assertThrows(ImageException.class, () -> ZipArchive.open(source));
            assertEquals("not a zip, or a zip cut short: no end of central directory record (signature 0x06054b50) in the last"
                    + " 5000 bytes (at byte offset 0)", e.getMessage());
            assertTrue(!ZipArchive.looksLikeZip(source));
        }
    }

    @Test
    void theShimsDataDescriptorsAndApkSigningBlockAreDissected() throws Exception {
        try (ImageSource source = ImageSource.open(ApexFixtures.file(ApexFixtures.SHIM))) {
            List<Field> trees = ZipArchive.open(source).structures();
            assertEquals(4, trees.stream().filter(f -> f.name().equals("data descriptor")).count());
            Field signing = trees.stream().filter(f -> f.name().equals("APK Signing Block")).findFirst().orElseThrow();
            assertEquals(List.of("APK Signature Scheme v2 block", "APK Signature Scheme v3 block", "verity padding block"),
                    signing.children().stream().filter(f -> f.name().equals("ID-value pair")).map(Field::meaning).toList());
        }
    }

    /** One stored entry whose central record takes its local header offset from a zip64 extra field; zip64 end records. */
    static byte[] zip64(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        byte[] name = "a.txt".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer loc = le(30 + name.length);
        loc.putInt(ZipArchive.LOCSIG).putShort((short) 45).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length).putShort((short) name.length)
                .putShort((short) 0).put(name);
        out.writeBytes(loc.array());
        out.writeBytes(data);
        int cenAt = out.size();
        ByteBuffer cen = le(46 + name.length + 12);
        cen.putInt(ZipArchive.CENSIG).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort((short) 0)
                .putInt(0).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                .putShort((short) name.length).putShort((short) 12).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putInt(0).putInt(-1).put(name)
                .putShort((short) 1).putShort((short) 8).putLong(0);
        out.writeBytes(cen.array());
        int zip64At = out.size();
        ByteBuffer z = le(56);
        z.putInt(ZipEnd.ZIP64_ENDSIG).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                .putLong(1).putLong(1).putLong(cen.capacity()).putLong(cenAt);
        out.writeBytes(z.array());
        ByteBuffer locator = le(20);
        locator.putInt(ZipEnd.ZIP64_LOCSIG).putInt(0).putLong(zip64At).putInt(1);
        out.writeBytes(locator.array());
        ByteBuffer end = le(22);
        end.putInt(ZipEnd.ENDSIG).putShort((short) 0).putShort((short) 0).putShort((short) -1).putShort((short) -1)
                .putInt(-1).putInt(-1).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}

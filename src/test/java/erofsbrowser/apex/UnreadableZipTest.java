package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.open.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A zip that cannot be opened as an APEX is still shown as a zip: its records dissected as far as
 * they can be read, as the window's raw view shows a file it cannot open.
 */
class UnreadableZipTest {
    private static final Path APEX = Path.of(System.getProperty("apex.dir", "../shared/apex"), "com.example.erofs.apex");

    private static List<String> names(FileSystemImage image) throws ImageException {
        return image.imageStructures().stream().map(Field::name).toList();
    }

    @Test
    void aZipThatIsNoApexShowsItsHeadersAndEndRecord(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("plain.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
            z.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        ImageException refused = assertThrows(ImageException.class, () -> ImageFiles.open(zip, 0, List.of()));
        assertTrue(refused.getMessage().contains("neither an APEX nor a CAPEX"), refused.getMessage());

        try (FileSystemImage bytes = ImageFiles.openAsBytes(zip, 0, refused)) {
            List<String> names = names(bytes);
            assertTrue(names.contains("local file header") && names.contains("central directory file header")
                    && names.contains("end of central directory record"), names.toString());
        }
    }

    @Test
    void aZipWhoseCentralDirectoryIsBrokenPartWayIsReadFromItsLocalHeaders(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(APEX);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int directory = le.getInt(b.length - 22 + 16);
        le.putInt(directory, 0); // the first central directory header's signature
        Path broken = Files.write(dir.resolve("broken-directory.apex"), b);
        try (FileSystemImage image = ImageFiles.open(broken, 0, List.of())) {
            assertEquals(39, erofsbrowser.image.Manifest.of(image).size(), "every entry of its payload");
            assertTrue(image.warnings().stream().anyMatch(w -> w.contains("the central directory gives 0 of the 3 entries "
                    + "its end record counts; 3 entries found by walking the local file headers")), image.warnings()::toString);
        }
    }

    @Test
    void aCapexShownAsBytesLeavesNoFileOpenOnceClosed(@TempDir Path dir) throws Exception {
        Path capex = Path.of(System.getProperty("apex.dir", "../shared/apex"), "com.example.erofs.capex");
        ImageException refused = new ImageException("its root cannot be read", 0);
        int before = openFiles();
        try (FileSystemImage bytes = ImageFiles.openAsBytes(capex, 0, refused)) {
            assertTrue(bytes instanceof ApexImage, bytes.getClass().toString());
            assertTrue(openFiles() > before);
        }
        assertEquals(before, openFiles(), "the CAPEX, its inflated original_apex and the payload's bytes all closed");
    }

    private static int openFiles() throws Exception {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    @Test
    void aZipWhoseEndRecordPointsNowhereAndWhoseFirstEntryRunsPastTheEndShowsBoth(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(APEX);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int end = b.length - 22; // the APEX has no zip comment: its end record is its last 22 bytes
        assertEquals(0x06054b50, le.getInt(end));
        le.putInt(end + 16, 0x7FFF_FFF0); // offset of start of central directory: past the end of the file
        le.putInt(18, 0xFFFF_FFF0); // the first local header's compressed size: its data runs past the end
        Path broken = dir.resolve("broken.apex");
        Files.write(broken, b);
        ImageException refused = assertThrows(ImageException.class, () -> ImageFiles.open(broken, 0, List.of()));

        try (FileSystemImage bytes = ImageFiles.openAsBytes(broken, 0, refused)) {
            List<Field> structures = bytes.imageStructures();
            Field header = structures.stream().filter(f -> f.name().equals("local file header")).findFirst()
                    .orElseThrow(() -> new AssertionError(structures.toString()));
            assertEquals(0, header.offset());
            Field endRecord = structures.stream().filter(f -> f.name().equals("end of central directory record"))
                    .findFirst().orElseThrow(() -> new AssertionError(structures.toString()));
            assertEquals(end, endRecord.offset());
            Field offset = endRecord.children().stream().filter(f -> f.name().startsWith("offset of start of central directory"))
                    .findFirst().orElseThrow();
            assertEquals(end + 16, offset.offset(), "the field that points nowhere, at its bytes");
        }
    }
}

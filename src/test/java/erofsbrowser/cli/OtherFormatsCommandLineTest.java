package erofsbrowser.cli;

import erofsbrowser.ListingDiff;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line reads every image the app reads, by its content: ext2/3/4 images and APEX and
 * CAPEX files list as the Linux kernel listed them, and every command works on them.
 */
class OtherFormatsCommandLineTest {
    private static final Path EXT4 = Path.of("src/test/resources/fixtures-ext4");
    private static final Path EXT4_FULL = Path.of(System.getProperty("fixtures.ext4.dir", "../shared/fixtures-ext4"));
    private static final Path APEX = Path.of(System.getProperty("apex.dir", "../shared/apex"));

    /** The mini matrix, and the full folder of ../shared when it is there. */
    static Stream<Path> ext4Images() throws IOException {
        List<Path> images = new java.util.ArrayList<>();
        for (Path dir : List.of(EXT4, EXT4_FULL)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.toString().endsWith(".img")).sorted().forEach(images::add);
                }
            }
        }
        return images.stream();
    }

    /** The APEX and CAPEX files beside a kernel listing of their payload; none when ../shared is absent. */
    static Stream<Path> apexFiles() throws IOException {
        if (!Files.isDirectory(APEX)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(APEX)) {
            return files.filter(p -> p.toString().endsWith(".apex") || p.toString().endsWith(".capex"))
                    .filter(p -> Files.exists(expectedOf(p))).sorted().toList().stream();
        }
    }

    /** Where the APEX's payload starts in it. */
    private static long payloadOffset(Path apex) throws Exception {
        try (erofsbrowser.apex.ApexFile file = erofsbrowser.apex.ApexFile.open(apex)) {
            return file.payload().orElseThrow().source().fileOffset();
        }
    }

    private static Path expectedOf(Path image) {
        String name = image.getFileName().toString();
        return image.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".expected.jsonl");
    }

    private static void assertManifestIsTheKernels(Path image) throws IOException {
        CliRun manifest = CliRun.of("manifest", image);
        assertEquals(Cli.OK, manifest.status(), manifest::describe);
        List<String> expected = Files.readAllLines(expectedOf(image));
        List<String> diff = ListingDiff.differences(expected, manifest.outText().lines().toList(), 20);
        assertTrue(diff.isEmpty(), () -> image + ":\n" + String.join("\n", diff));
        assertEquals(String.join("\n", expected) + "\n", manifest.outText(), "byte for byte");
        CliRun ls = CliRun.of("ls", "-R", "-l", image.toString());
        assertEquals(Cli.OK, ls.status(), ls::describe);
        assertEquals(expected.size() - 1, ls.outLines().size(), "every entry but the root");
        CliRun check = CliRun.of("check", image);
        assertEquals(Cli.OK, check.status(), check::describe);
        assertTrue(check.outText().startsWith("ok: " + expected.size() + " entries"), check::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ext4Images")
    void anExt4ImageListsAndChecksAsTheKernelListedIt(Path image) throws Exception {
        assertManifestIsTheKernels(image);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apexFiles")
    void anApexListsItsPayloadAsTheKernelListedIt(Path apex) throws Exception {
        assertManifestIsTheKernels(apex);
        CliRun info = CliRun.of("info", apex);
        assertEquals(Cli.OK, info.status(), info::describe);
        assertTrue(info.outText().contains("format:           " + (apex.toString().endsWith(".capex") ? "CAPEX" : "APEX")),
                info::describe);
        assertTrue(info.outText().contains("part:             Zip") && info.outText().contains("part:             AVB"),
                info::describe);
    }

    @Test
    void statOfAnApexEntryGivesItsLocationInTheFileAndInThePayload() throws Exception {
        Path apex = APEX.resolve("com.example.erofs.apex");
        long payloadAt = payloadOffset(apex);
        CliRun stat = CliRun.of("stat", apex, "/etc");
        assertEquals(Cli.OK, stat.status(), stat::describe);
        assertEquals("payload:     its EROFS filesystem starts at byte offset " + payloadAt + " of the file; the offsets "
                + "below are in it", stat.outLines().get(0));
        CliRun payloadAlone = CliRun.of("stat", "--offset", Long.toString(payloadAt), apex.toString(), "/etc");
        assertEquals(payloadAlone.outLines(), stat.outLines().subList(1, stat.outLines().size()),
                "every EROFS fact of the entry (nid, i_format, dirent, extents), as for the payload alone");

        CliRun ext4Payload = CliRun.of("stat", APEX.resolve("com.android.hardware.cas.apex"), "/");
        long ext4PayloadAt = payloadOffset(APEX.resolve("com.android.hardware.cas.apex"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("location: +byte offset (\\d+) \\((\\d+) in the payload's filesystem\\)")
                .matcher(ext4Payload.outText());
        assertTrue(m.find(), ext4Payload::describe);
        assertEquals(ext4PayloadAt, Long.parseLong(m.group(1)) - Long.parseLong(m.group(2)), "both offsets of the same byte");
    }

    @Test
    void statCatInfoAndExtractWorkOnAnExt4Image(@TempDir Path dir) throws Exception {
        Path image = EXT4.resolve("mini-ext4-4k.img");
        String line = Files.readAllLines(expectedOf(image)).stream().filter(l -> l.contains("\"path\": \"/bigdir/f000\""))
                .findFirst().orElseThrow();

        CliRun stat = CliRun.of("stat", "--json", image.toString(), "/bigdir/f000");
        assertEquals(Cli.OK, stat.status(), stat::describe);
        Map<String, Object> json = StrictJson.object(stat.outText());
        assertEquals("ext4", json.get("format"));
        assertTrue(line.contains("\"size\": " + json.get("size") + ","), line);
        assertTrue(CliRun.of("stat", image.toString(), "/bigdir/f000").outText().contains("type:        file"));

        CliRun cat = CliRun.of("cat", image.toString(), "/bigdir/f000");
        assertEquals(Cli.OK, cat.status(), cat::describe);
        assertTrue(line.contains("\"sha256\": \"" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(cat.out())) + "\""), line);

        CliRun info = CliRun.of("info", "--json", image.toString());
        assertEquals(Cli.OK, info.status(), info::describe);
        assertEquals("ext4", StrictJson.object(info.outText()).get("format"));
        assertTrue(CliRun.of("info", "--fields", image.toString()).outText().contains("s_inodes_count"));

        CliRun extract = CliRun.of("extract", image, dir.resolve("out"));
        assertEquals(Cli.OK, extract.status(), extract::describe);
        assertTrue(Files.isRegularFile(dir.resolve("out/bigdir/f000")));
    }

    @Test
    void infoOfAnApexGivesItsPayloadsSuperblockAfterItsParts() throws Exception {
        Path apex = APEX.resolve("com.example.erofs.apex");
        long payloadAt = payloadOffset(apex);
        CliRun info = CliRun.of("info", apex);
        assertEquals(Cli.OK, info.status(), info::describe);
        String text = info.outText();
        assertTrue(text.indexOf("part:             AVB") < text.indexOf("filesystem:       at byte offset " + payloadAt + " of the file;"),
                info::describe);
        CliRun payloadAlone = CliRun.of("info", "--offset", Long.toString(payloadAt), apex.toString());
        for (String fact : List.of("block size:", "root nid:", "uuid:", "features:", "checksum:", "algorithms:")) {
            String line = payloadAlone.outLines().stream().filter(l -> l.startsWith(fact)).findFirst().orElseThrow();
            assertTrue(info.outLines().contains(line), () -> "the payload's own \"" + line + "\" in:\n" + text);
        }

        CliRun ext4Payload = CliRun.of("info", APEX.resolve("com.android.hardware.cas.apex"));
        assertTrue(ext4Payload.outLines().contains("features:         ext_attr dir_index filetype extent sparse_super "
                + "large_file huge_file uninit_bg dir_nlink extra_isize shared_blocks"), ext4Payload::describe);
    }

    @Test
    void infoOfAnExt4ImageGivesWhatItsSuperblockSaysAsItsFieldsDecodeIt() {
        Path image = EXT4.resolve("mini-ext4-4k.img");
        CliRun info = CliRun.of("info", image.toString());
        assertEquals(Cli.OK, info.status(), info::describe);
        CliRun fields = CliRun.of("info", "--fields", image.toString());
        String uuid = fields.outLines().stream().filter(l -> l.strip().startsWith("s_uuid ")).findFirst().orElseThrow();
        String inodes = fields.outLines().stream().filter(l -> l.strip().startsWith("s_inodes_count ")).findFirst().orElseThrow();
        String fact = info.outLines().stream().filter(l -> l.startsWith("uuid:")).findFirst().orElseThrow();
        assertTrue(uuid.contains(fact.substring(18)), () -> fact + " against " + uuid);
        String count = info.outLines().stream().filter(l -> l.startsWith("inodes:")).findFirst().orElseThrow().substring(18);
        assertTrue(inodes.contains("= " + count.substring(0, count.indexOf(' ')) + " "), () -> count + " against " + inodes);
        assertTrue(info.outLines().contains("block size:       4096"), info::describe);
        assertTrue(info.outLines().stream().anyMatch(l -> l.startsWith("features:") && l.contains(" extent ")), info::describe);
        assertTrue(info.outLines().stream().anyMatch(l -> l.startsWith("checksum:         valid (crc32c 0x")), info::describe);
    }

    @Test
    void anApexWhosePayloadCannotBeReadShowsItsPartsAndSaysWhereItsPayloadFails(@TempDir Path dir) throws Exception {
        erofsbrowser.DamagedImages.Damaged apex = erofsbrowser.DamagedImages.apexWithoutPayloadMagic(dir);
        long magic = apex.offsets()[0];

        CliRun info = CliRun.of("info", apex.image());
        assertEquals(Cli.BAD_IMAGE, info.status(), info::describe);
        assertTrue(info.outLines().contains("format:           APEX (its payload cannot be read)"), info::describe);
        assertTrue(info.outLines().contains("                  name com.example.erofs"), "its manifest: " + info.describe());
        assertTrue(info.outLines().contains("part:             AVB"), info::describe);
        assertTrue(String.join("\n", info.errLines()).contains("offset " + magic + ": "),
                "the fault at the payload's magic: " + info.describe());

        CliRun fields = CliRun.of("info", "--fields", apex.image().toString());
        assertEquals(Cli.BAD_IMAGE, fields.status(), fields::describe);
        assertTrue(fields.outText().contains("magic = 0  [4 bytes at 0x" + Long.toHexString(magic) + "]"),
                "the payload's superblock dissected where it lies in the file: " + fields.describe());

        CliRun ls = CliRun.of("ls", apex.image());
        assertEquals(Cli.BAD_IMAGE, ls.status(), ls::describe);
        assertTrue(String.join("\n", ls.errLines()).contains("the APEX's payload cannot be read: no f2fs, ext4 or EROFS "
                + "superblock at byte 1024 (at byte offset " + magic + ")"), ls::describe);
    }

    @Test
    void infoSaysMoreThanItsErrorOnlyOfAnApexOrWithFields(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("plain.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
            z.closeEntry();
        }
        CliRun plainZip = CliRun.of("info", zip.toString());
        assertEquals(List.of(), plainZip.outLines(), "a zip that is no APEX: its error alone, " + plainZip.describe());
        assertEquals(1, plainZip.errLines().size(), plainZip::describe);
        assertTrue(CliRun.of("info", "--fields", zip.toString()).outText().contains("end of central directory record"),
                "its records with --fields");

        CliRun usage = CliRun.of("info", "--device", "/dev/null", APEX.resolve("com.example.erofs.apex").toString());
        assertEquals(List.of(), usage.outLines(), "an APEX given a device: a question of usage, " + usage.describe());
        assertTrue(String.join("\n", usage.errLines()).contains("an APEX is opened as it is: no --offset or --device"),
                usage::describe);
    }

    @Test
    void infoOfAnApexWhoseRootCannotBeReadGivesItsSuperblockAndSaysItIsTheRoot(@TempDir Path dir) throws Exception {
        Path good = APEX.resolve("com.example.erofs.apex");
        long payloadAt = payloadOffset(good);
        byte[] b = Files.readAllBytes(good);
        b[(int) payloadAt + 1024 + 14] = (byte) 0xFF; // root_nid: 39 becomes 65319, an inode past the image
        b[(int) payloadAt + 1024 + 15] = (byte) 0xFF;
        Path image = Files.write(dir.resolve("bad-root.apex"), b);
        CliRun info = CliRun.of("info", image);
        assertEquals(Cli.BAD_IMAGE, info.status(), info::describe);
        assertTrue(info.outLines().contains("root nid:         65535"), info::describe);
        assertTrue(info.outLines().contains("entries:          none can be read (its root cannot be read)"), info::describe);
        assertEquals(1, info.outLines().stream().filter(l -> l.startsWith("image:")).count(), "said once: " + info.describe());
    }

    @Test
    void infoJsonOfOtherFormatsHasEveryDocumentedKeyAndNoOther(@TempDir Path dir) throws Exception {
        java.util.Set<String> documented = new java.util.LinkedHashSet<>();
        JsonKeys.INFO_OTHER.forEach(k -> documented.add(k.name()));
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (Path image : List.of(EXT4.resolve("mini-ext2.img"), APEX.resolve("com.example.erofs.capex"),
                erofsbrowser.DamagedImages.apexWithoutPayloadMagic(dir).image())) {
            CliRun info = CliRun.of("info", "--json", image.toString());
            java.util.Set<String> keys = StrictJson.keyPaths(StrictJson.object(info.outText()));
            assertTrue(documented.containsAll(keys), () -> image + ": undocumented keys in " + info.describe());
            assertTrue(keys.containsAll(documented.stream().filter(k -> !k.contains("[]")).toList()),
                    () -> image + ": every key that is not in an array's objects is there: " + info.describe());
            seen.addAll(keys);
        }
        assertEquals(documented, seen, "each documented key is met");
    }

    @Test
    void theApexFilesAreThere() {
        Assumptions.assumeTrue(Files.isDirectory(APEX), "../shared/apex is absent");
        assertTrue(Files.exists(APEX.resolve("com.android.hardware.cas.apex")));
    }
}

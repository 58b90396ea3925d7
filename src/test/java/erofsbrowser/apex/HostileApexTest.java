package erofsbrowser.apex;

import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.Problem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged and hostile APEXes made from the good one: cut short at many points, with sizes and
 * offsets of the zip and of AVB patched to absurd values, descriptors that overrun their block, a
 * vbmeta over apexd's 64 KiB, garbage protobuf. Each gives an ImageException naming a byte offset
 * or opens with its problems reported; nothing else escapes, no field tree loses its exactness,
 * nothing hangs.
 */
class HostileApexTest {
    static final Duration LIMIT = Duration.ofSeconds(30);
    static final long[] ABSURD = {0, 1, 7, 0x7FFF_FFFFL, 0xFFFF_FFFFL};
    static final long GOOD_FILESYSTEM_SIZE = 2523136;

    static byte[] good;
    static int payloadAt;
    static long vbmetaAt;
    static AvbFooter footer;
    static VbmetaHeader header;
    static List<ZipEntry> entries;
    static ZipEnd end;

    @TempDir
    Path temp;
    int variants;

    @BeforeAll
    static void readTheGoodApex() throws Exception {
        Path file = ApexFixtures.file(ApexFixtures.APEX);
        good = Files.readAllBytes(file);
        try (ApexFile apex = ApexFile.open(file)) {
            entries = apex.archive().zip().entries();
            end = apex.archive().zip().end().orElseThrow();
            Payload p = apex.payload().orElseThrow();
            payloadAt = (int) p.source().fileOffset();
            footer = p.footer().orElseThrow();
            vbmetaAt = payloadAt + footer.vbmetaOffset();
            header = p.vbmeta().orElseThrow().header();
        }
    }

    @Test
    void aWarningOfThePayloadsFilesystemIsSaidOnce() throws Exception {
        byte[] bad = good.clone();
        bad[payloadAt + 1024 + 0x40] ^= 1; // a byte of the superblock (its volume name): the checksum no longer matches
        Path apex = Files.write(temp.resolve("checksum.apex"), bad);
        try (FileSystemImage image = erofsbrowser.open.ImageFiles.open(apex, 0, List.of())) {
            List<String> checksum = image.warnings().stream().filter(w -> w.contains("checksum")).toList();
            assertEquals(1, checksum.size(), image.warnings().toString());
        }
    }

    @Test
    void aFaultInThePayloadIsNamedAtItsOffsetInTheApexFileAsItsFieldsAre() throws Exception {
        Path payload = temp.resolve("payload.erofs");
        Files.write(payload, java.util.Arrays.copyOfRange(good, payloadAt, payloadAt + (int) GOOD_FILESYSTEM_SIZE));
        long nameInPayload;
        String name;
        try (erofsbrowser.erofs.ErofsImage plain = erofsbrowser.erofs.ErofsImage.open(payload)) {
            erofsbrowser.erofs.Entry entry = plain.list(plain.root()).stream()
                    .filter(e -> e.dirent() != null && e.dirent().nameRange() != null && e.name().length >= 3)
                    .findFirst().orElseThrow();
            nameInPayload = entry.dirent().nameRange().offset();
            name = entry.pathString();
        }
        byte[] bad = good.clone();
        bad[payloadAt + (int) nameInPayload + 1] = '/';
        Path apex = temp.resolve("bad-name.apex");
        Files.write(apex, bad);

        try (FileSystemImage image = erofsbrowser.open.ImageFiles.open(apex, 0, List.of())) {
            FileSystemImage.Listing listing = image.listing(image.root());
            assertEquals(1, listing.faults().size(), listing.faults().toString());
            assertEquals(payloadAt + nameInPayload, listing.faults().get(0).offset(),
                    "the name of " + name + " in the APEX file, not in its payload");
        }
    }

    @Test
    void anApexCutShortAtAnyPointFailsClearlyOrShowsWhatIsLeft() throws Exception {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, 1, 4, 21, 22, 30, 100, good.length - 1, good.length - 22));
        for (ZipEntry e : entries) {
            for (long at : new long[] {e.localHeaderOffset() + 10, e.dataOffset(), e.dataOffset() + 1500,
                    e.centralHeaderOffset() + 20, e.centralHeaderOffset() + e.centralHeaderLength()}) {
                cuts.add((int) at);
            }
        }
        for (int i = 1; i < 40; i++) {
            cuts.add((int) ((long) good.length * i / 40));
        }
        for (int cut : cuts) {
            exercise(java.util.Arrays.copyOf(good, cut), "cut at " + cut);
        }
        assertTrue(variants > 60, variants + " variants");
    }

    @Test
    void anApexWhoseCentralDirectoryIsCutOffIsReadFromItsLocalHeaders() throws Exception {
        byte[] cut = java.util.Arrays.copyOf(good, (int) entries.get(0).centralHeaderOffset() + 10);
        try (ApexFile apex = ApexFile.open(Files.write(temp.resolve("cut.apex"), cut))) {
            assertTrue(!apex.archive().zip().hasCentralDirectory());
            assertEquals(List.of("apex_manifest.pb", "apex_pubkey", "apex_payload.img"),
                    apex.archive().zip().entries().stream().map(ZipEntry::name).toList());
            assertTrue(apex.problems().get(0).message().endsWith("; 3 entries found by walking the local file headers"
                    + " from byte 0"), apex.problems().get(0).message());
            assertEquals(39, Manifest.of(apex.payload().orElseThrow().fileSystem().orElseThrow()).size());
            VerificationReport report = ApexVerifier.verify(apex);
            assertEquals(CheckResult.Outcome.PASSED, report.result(CheckResult.Check.HASHTREE).outcome(), "the data is all there");
            assertEquals(CheckResult.Outcome.FAILED, report.result(CheckResult.Check.ZIP_LAYOUT).outcome(),
                    "but apexd refuses a zip without its central directory: " + report.toText());
            assertTrue(!report.passed());
        }
    }

    @Test
    void anApexCutInsideItsPayloadShowsWhatIsThere() throws Exception {
        byte[] cut = java.util.Arrays.copyOf(good, payloadAt + 100_000);
        try (ApexFile apex = ApexFile.open(Files.write(temp.resolve("cut.apex"), cut))) {
            Payload p = apex.payload().orElseThrow();
            assertEquals(100_000, p.source().length());
            assertEquals(PayloadType.EROFS, p.type());
            assertTrue(apex.problems().stream().anyMatch(x -> x.message().equals("apex_payload.img is cut short: 100000 of "
                    + "its 2555904 bytes are in the file (at byte offset 4096); what is there is read")), apex.problems()::toString);
            assertTrue(p.footer().isEmpty());
        }
    }

    @Test
    void patchedZipSizesOffsetsAndLengthsFailClearly() throws Exception {
        for (ZipEntry e : entries) {
            int cen = (int) e.centralHeaderOffset();
            int loc = (int) e.localHeaderOffset();
            for (long v : ABSURD) {
                exercise(le(good, cen + 20, 4, v), e.name() + " central compressed size " + v);
                exercise(le(good, cen + 24, 4, v), e.name() + " central size " + v);
                exercise(le(good, cen + 42, 4, v), e.name() + " central local header offset " + v);
                exercise(le(good, cen + 28, 2, v), e.name() + " central name length " + v);
                exercise(le(good, cen + 30, 2, v), e.name() + " central extra length " + v);
                exercise(le(good, cen + 32, 2, v), e.name() + " central comment length " + v);
                exercise(le(good, cen + 10, 2, v), e.name() + " central method " + v);
                exercise(le(good, loc + 26, 2, v), e.name() + " local name length " + v);
                exercise(le(good, loc + 28, 2, v), e.name() + " local extra length " + v);
                exercise(le(good, loc + 18, 4, v), e.name() + " local compressed size " + v);
            }
        }
        int eocd = (int) end.endOffset();
        for (long v : ABSURD) {
            exercise(le(good, eocd + 10, 2, v), "end record entry count " + v);
            exercise(le(good, eocd + 12, 4, v), "end record directory size " + v);
            exercise(le(good, eocd + 16, 4, v), "end record directory offset " + v);
            exercise(le(good, eocd + 20, 2, v), "end record comment length " + v);
        }
    }

    @Test
    void entriesThatOverlapAreReportedOnBoth() throws Exception {
        ZipEntry key = entries.stream().filter(e -> e.name().equals(ApexArchive.PUBKEY)).findFirst().orElseThrow();
        byte[] b = le(good, (int) key.centralHeaderOffset() + 42, 4, 0); // apex_pubkey's local header: the manifest's
        try (ApexFile apex = ApexFile.open(Files.write(temp.resolve("overlap.apex"), b))) {
            List<String> messages = apex.problems().stream().map(Problem::message).toList();
            assertTrue(messages.contains("apex_pubkey: its bytes overlap those of \"apex_manifest.pb\"")
                    || messages.contains("apex_manifest.pb: its bytes overlap those of \"apex_pubkey\""), messages.toString());
        }
    }

    @Test
    void patchedAvbFieldsFailClearly() throws Exception {
        int f = payloadAt + (int) footer.offset();
        for (long v : new long[] {0, 1, 255, 4096, 65537, 0x7FFF_FFFF_FFFF_FFFFL, -1, footer.offset() - 100}) {
            exercise(be(good, f + 12, 8, v), "footer original_image_size " + v);
            exercise(be(good, f + 20, 8, v), "footer vbmeta_offset " + v);
            exercise(be(good, f + 28, 8, v), "footer vbmeta_size " + v);
        }
        int h = (int) vbmetaAt;
        int[] u64Fields = {12, 20, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104};
        for (int field : u64Fields) {
            for (long v : new long[] {1, 64, 100000, 0x7FFF_FFFF_FFFF_FFFFL, -64}) {
                exercise(be(good, h + field, 8, v), "vbmeta header field at " + field + " = " + v);
            }
        }
        exercise(be(good, h + 28, 4, 77), "algorithm 77");
        exercise(be(good, h + 28, 4, 5), "algorithm SHA512_RSA4096 with a SHA-256 hash");
        exercise(be(good, h + 4, 4, 2), "libavb version 2");
    }

    @Test
    void descriptorsThatOverrunTheirBlockFailClearly() throws Exception {
        int aux = (int) vbmetaAt + VbmetaHeader.SIZE + (int) header.authenticationDataBlockSize();
        int hashtree = aux + (int) header.descriptorsOffset();
        int property = hashtree + 248;
        for (long v : new long[] {0, 8, 9, 160, 232 + 8, 0x7FFF_FFFF_FFFF_FFF8L, -8}) {
            exercise(be(good, hashtree + 8, 8, v), "hashtree num_bytes_following " + v);
            exercise(be(good, property + 8, 8, v), "property num_bytes_following " + v);
            exercise(be(good, property + 16, 8, v), "property key_num_bytes " + v);
        }
        int[] hashtreeFields = {20, 28, 36, 44, 48, 52, 56, 60, 68, 108, 112, 116};
        for (int field : hashtreeFields) {
            int width = field == 20 || field == 28 || field == 36 || field == 60 || field == 68 ? 8 : 4;
            for (long v : new long[] {0, 1, 511, 4097, 0x7FFF_FFFFL, 0xFFFF_FFFFL}) {
                exercise(be(good, hashtree + field, width, v), "hashtree descriptor field at " + field + " = " + v);
            }
        }
        byte[] md5 = good.clone();
        System.arraycopy("md5\0\0\0".getBytes(), 0, md5, hashtree + 72, 6);
        exercise(md5, "hash algorithm md5");
        exercise(be(good, (int) vbmetaAt + 104, 8, header.auxiliaryDataBlockSize() + 64), "descriptors_size past the block");
    }

    @Test
    void aVbmetaOverApexds64KibIsRefusedAndTheRestStillShown() throws Exception {
        int f = payloadAt + (int) footer.offset();
        byte[] b = be(good, f + 28, 8, 65537);
        try (ApexFile apex = ApexFile.open(Files.write(temp.resolve("big-vbmeta.apex"), b))) {
            Payload p = apex.payload().orElseThrow();
            assertTrue(p.vbmeta().isEmpty());
            assertTrue(p.footer().isPresent(), "the footer is still shown");
            assertTrue(apex.problems().stream().anyMatch(x -> x.message().equals("the AVB footer's vbmeta_size is 65537 bytes: "
                    + "apexd refuses vbmeta over 65536 bytes (at byte offset " + (footer.offset() + 28) + ")")),
                    apex.problems()::toString);
            assertTrue(p.fileSystem().isPresent(), "the filesystem is still browsed");
            VerificationReport r = ApexVerifier.verify(apex);
            assertEquals(CheckResult.Outcome.FAILED, r.result(CheckResult.Check.VBMETA_SIGNATURE).outcome());
        }
    }

    @Test
    void garbageInPlaceOfTheManifestIsAClearProblem() throws Exception {
        ZipEntry manifest = entries.stream().filter(e -> e.name().equals(ApexArchive.MANIFEST_PB)).findFirst().orElseThrow();
        int at = (int) manifest.dataOffset();
        Random random = new Random(146895998);
        byte[][] garbage = {
                fill(70, (byte) 0xFF),                                     // a varint that never ends
                fill(70, (byte) 0x0B),                                     // wire type 3: a group
                fill(70, (byte) 0x00),                                     // field number 0
                concat(new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, 0x7F}, fill(66, (byte) 'a')), // a length past the end
                concat(new byte[] {0x12, 0x02}, fill(68, (byte) 'x')),    // version as a length-delimited field
        };
        for (byte[] g : garbage) {
            byte[] b = good.clone();
            System.arraycopy(g, 0, b, at, 70);
            try (ApexFile apex = ApexFile.open(Files.write(temp.resolve("garbage.apex"), b))) {
                assertTrue(apex.archive().manifest().isEmpty());
                Problem p = apex.problems().stream().filter(x -> x.message().startsWith("apex_manifest.pb: protobuf")
                        || x.message().startsWith("apex_manifest.pb: ApexManifest.")).findFirst().orElseThrow(
                        () -> new AssertionError(apex.problems().toString()));
                assertTrue(p.message().contains("(at byte offset " ), p.message());
            }
            exercise(b, "garbage manifest");
        }
        for (int i = 0; i < 100; i++) {
            byte[] b = good.clone();
            byte[] g = new byte[70];
            random.nextBytes(g);
            System.arraycopy(g, 0, b, at, 70);
            exercise(b, "random manifest " + i);
        }
    }

    @Test
    void aCapexWithADamagedOriginalApexStillShowsItsOwnEntries() throws Exception {
        byte[] capex = Files.readAllBytes(ApexFixtures.file(ApexFixtures.CAPEX));
        for (int at : new int[] {43, 1000, 500_000, 2_000_000}) {
            byte[] b = capex.clone();
            b[at] ^= 0x5A;
            try (ApexFile apex = ApexFile.open(Files.write(temp.resolve("damaged.capex"), b),
                    ApexFile.Options.standard().withTemporaryDirectory(temp))) {
                assertEquals("com.example.erofs", apex.archive().manifest().orElseThrow().name());
                assertTrue(apex.apex().isEmpty());
                assertTrue(apex.problems().stream().anyMatch(p -> p.message().startsWith("original_apex: ")),
                        apex.problems()::toString);
                assertEquals(CheckResult.Outcome.FAILED, ApexVerifier.verify(apex).result(CheckResult.Check.CAPEX_ORIGINAL).outcome());
            }
        }
    }

    /** Opens, shows and verifies {@code bytes} as an APEX the way the app would: only ImageExceptions may come out. */
    private void exercise(byte[] bytes, String what) {
        variants++;
        assertTimeoutPreemptively(LIMIT, () -> {
            Path file = Files.write(temp.resolve("variant.apex"), bytes);
            try (ApexFile apex = ApexFile.open(file, ApexFile.Options.standard().withTemporaryDirectory(temp))) {
                apex.problems();
                for (Structures s : apex.archive().structures()) {
                    FieldTrees.Raw raw = s.origin() instanceof Structures.InSource in ? FieldTrees.Raw.of(in.source())
                            : FieldTrees.Raw.of(((Structures.InEntry) s.origin()).content());
                    for (erofsbrowser.image.Field f : s.fields()) {
                        FieldTrees.assertExact(f, raw); // each exact; hostile entries may share bytes
                    }
                }
                if (apex.payload().isPresent()) {
                    Payload p = apex.payload().get();
                    for (erofsbrowser.image.Field f : p.structures()) {
                        FieldTrees.assertExact(f, FieldTrees.Raw.of(p.source()));
                    }
                    p.layout();
                    if (p.fileSystem().isPresent() && p.fileSystemSize() != GOOD_FILESYSTEM_SIZE) {
                        listing(p.fileSystem().get()); // the filesystem seen through a changed window
                    }
                }
                ApexVerifier.verify(apex).toText();
            } catch (ImageException e) {
                assertTrue(e.getMessage().contains("(at byte offset "), what + ": " + e.getMessage());
            }
        }, what);
    }

    private static void listing(FileSystemImage fs) {
        try {
            Manifest.of(fs);
        } catch (ImageException e) {
            // a damaged payload: the listing names where, as for any image
        }
    }

    static byte[] le(byte[] b, int at, int width, long value) {
        byte[] c = b.clone();
        for (int i = 0; i < width; i++) {
            c[at + i] = (byte) (value >>> (8 * i));
        }
        return c;
    }

    static byte[] be(byte[] b, int at, int width, long value) {
        byte[] c = b.clone();
        ByteBuffer buf = ByteBuffer.wrap(c).order(ByteOrder.BIG_ENDIAN);
        if (width == 8) {
            buf.putLong(at, value);
        } else {
            buf.putInt(at, (int) value);
        }
        return c;
    }

    static byte[] fill(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

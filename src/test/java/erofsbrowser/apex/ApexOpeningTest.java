package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** APEX and CAPEX files open by their content, with the payload read in place where it can be. */
class ApexOpeningTest {
    @TempDir
    Path temp;

    @Test
    void anApexAndACapexAreRecognisedByContentWhateverTheirName() throws Exception {
        Path apex = Files.copy(ApexFixtures.file(ApexFixtures.APEX), temp.resolve("payload.bin"));
        Path capex = Files.copy(ApexFixtures.file(ApexFixtures.CAPEX), temp.resolve("x.apex"));
        assertEquals(Optional.of(ApexFile.Kind.APEX), ApexFile.detect(apex));
        assertEquals(Optional.of(ApexFile.Kind.CAPEX), ApexFile.detect(capex));
    }

    @Test
    void filesThatAreNoApexAreNotRecognised() throws Exception {
        Path text = Files.writeString(temp.resolve("a.apex"), "not a zip at all");
        Path zip = temp.resolve("plain.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("hello".getBytes());
        }
        assertEquals(Optional.empty(), ApexFile.detect(text));
        assertEquals(Optional.empty(), ApexFile.detect(zip));
        ImageException e = assertThrows(ImageException.class, () -> ApexFile.open(zip));
        assertTrue(e.getMessage().contains("neither an APEX nor a CAPEX"), e.getMessage());
        assertThrows(ImageException.class, () -> ApexFile.open(text));
    }

    @Test
    void theApexPayloadIsReadInPlaceAtItsStoredEntrysDataOffset() throws Exception {
        Path file = ApexFixtures.file(ApexFixtures.APEX);
        try (ApexFile apex = ApexFile.open(file); ZipFile jdk = new ZipFile(file.toFile())) {
            ZipEntry jdkEntry = jdk.getEntry("apex_payload.img");
            erofsbrowser.apex.ZipEntry entry = apex.archive().zip().entry(ApexArchive.PAYLOAD);
            Payload payload = apex.payload().orElseThrow();
            assertTrue(payload.inPlace());
            assertEquals(file, payload.source().file(), "the APEX itself, not a copy");
            assertEquals(4096, entry.dataOffset());
            assertEquals(entry.dataOffset(), payload.source().fileOffset());
            assertEquals(jdkEntry.getSize(), payload.source().length());
            assertEquals(jdkEntry.getCrc(), entry.crc());
            assertEquals(PayloadType.EROFS, payload.type());
            assertEquals(2523136, payload.fileSystemSize(), "the filesystem ends where the hashtree starts");
            assertEquals(List.of(), apex.problems());
        }
    }

    @Test
    void aCapexIsInflatedToAPrivateTemporaryFileThatCloseDeletes() throws Exception {
        AtomicLong lastDone = new AtomicLong();
        AtomicLong lastTotal = new AtomicLong();
        ApexFile.Options options = ApexFile.Options.standard().withTemporaryDirectory(temp)
                .withProgress((done, total) -> {
                    lastDone.set(done);
                    lastTotal.set(total);
                }, () -> false);
        try (ApexFile capex = ApexFile.open(ApexFixtures.file(ApexFixtures.CAPEX), options)) {
            assertEquals(ApexFile.Kind.CAPEX, capex.kind());
            List<Path> copies = listing(temp);
            assertEquals(1, copies.size());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copies.get(0))));
            assertEquals(2563064, Files.size(copies.get(0)), "original_apex's size");
            assertEquals(copies.get(0), capex.payload().orElseThrow().source().file());
            assertEquals(lastTotal.get(), lastDone.get(), "progress reaches its total");
            assertEquals(2028251, lastTotal.get(), "progress counts the deflated bytes");
            List<String> own = capex.archive().zip().entries().stream().map(erofsbrowser.apex.ZipEntry::name).toList();
            assertEquals(List.of("original_apex", "apex_manifest.pb", "apex_pubkey"), own, "the CAPEX's own entries stay");
            assertEquals("com.example.erofs", capex.archive().manifest().orElseThrow().name());
            assertTrue(capex.archive().publicKey().isPresent());
        }
        assertEquals(List.of(), listing(temp), "closing deletes the temporary file");
    }

    @Test
    void cancellingACapexsInflationStopsItAndLeavesNoFileBehind() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ApexFile.Options options = ApexFile.Options.standard().withTemporaryDirectory(temp)
                .withProgress((done, total) -> stop.set(true), stop::get);
        assertThrows(CancellationException.class, () -> ApexFile.open(ApexFixtures.file(ApexFixtures.CAPEX), options));
        assertEquals(List.of(), listing(temp));
    }

    @Test
    void aDeflatedPayloadIsReportedAndStillBrowsedFromAnInflatedCopy() throws Exception {
        Path deflated = rewrite(ApexFixtures.file(ApexFixtures.APEX), temp.resolve("deflated.apex"), true);
        Path copies = Files.createDirectory(temp.resolve("copies"));
        try (ApexFile apex = ApexFile.open(deflated, ApexFile.Options.standard().withTemporaryDirectory(copies));
             ApexFile original = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX))) {
            Payload payload = apex.payload().orElseThrow();
            assertFalse(payload.inPlace());
            assertTrue(apex.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR
                    && p.message().contains("apex_payload.img is deflated, not stored: apexd refuses it")), apex.problems()::toString);
            assertEquals(lines(original), lines(apex), "the same listing as the stored payload's");
            assertEquals(1, listing(copies).size());
            VerificationReport report = ApexVerifier.verify(apex);
            assertEquals(CheckResult.Outcome.FAILED, report.result(CheckResult.Check.ZIP_LAYOUT).outcome(), report.toText());
            assertFalse(report.passed(), "verify fails what apexd refuses");
        }
        assertEquals(List.of(), listing(copies));
    }

    @Test
    void aMisalignedPayloadIsReportedAndStillRead() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.MISALIGNED))) {
            Payload payload = apex.payload().orElseThrow();
            assertEquals(4043, payload.source().fileOffset());
            assertTrue(apex.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR
                    && p.message().contains("starts at byte 4043, not on a 4096-byte boundary")), apex.problems()::toString);
            assertEquals(PayloadType.EXT4, payload.type());
            assertTrue(payload.footer().isPresent() && payload.vbmeta().isPresent());
        }
    }

    @Test
    void theRealApexesExt4PayloadsAreReadInPlaceAndListAsTheKernelDid() throws Exception {
        for (String name : List.of(ApexFixtures.SHIM, ApexFixtures.CAS)) {
            try (ApexFile apex = ApexFile.open(ApexFixtures.file(name))) {
                Payload payload = apex.payload().orElseThrow();
                assertEquals(PayloadType.EXT4, payload.type());
                assertTrue(payload.vbmeta().isPresent());
                erofsbrowser.image.FileSystemImage fs = payload.fileSystem().orElseThrow();
                assertEquals("ext4", fs.formatName());
                StringBuilder listing = new StringBuilder();
                for (erofsbrowser.image.ManifestEntry e : erofsbrowser.image.Manifest.of(fs)) {
                    listing.append(new String(e.toJsonLine(), java.nio.charset.StandardCharsets.UTF_8));
                }
                String expected = java.nio.file.Files.readString(ApexFixtures.file(name).resolveSibling(
                        name.substring(0, name.length() - ".apex".length()) + ".expected.jsonl"));
                assertEquals(expected, listing.toString(), name + ": the payload's listing equals the kernel's");
            }
        }
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.SHIM))) {
            assertEquals(258048, apex.payload().orElseThrow().fileSystemSize());
        }
    }

    @Test
    void aReaderPluggedInForExt4GetsTheFilesystemBytesOnly() throws Exception {
        List<Long> lengths = new ArrayList<>();
        PayloadReaders readers = PayloadReaders.standard().with(PayloadType.EXT4, source -> {
            lengths.add(source.length());
            source.close();
            throw new ImageException("the test's ext4 reader refuses it", 1024);
        });
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.SHIM), ApexFile.Options.standard().withReaders(readers))) {
            assertEquals(List.of(258048L), lengths);
            assertTrue(apex.problems().stream().anyMatch(p -> p.message().contains("the test's ext4 reader refuses it")));
        }
    }

    @Test
    void withoutAReaderForItsTypeAnErofsPayloadStillShowsItsAvbParts() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX),
                ApexFile.Options.standard().withReaders(PayloadReaders.none()))) {
            Payload payload = apex.payload().orElseThrow();
            assertTrue(payload.fileSystem().isEmpty());
            assertEquals("com.example.erofs", payload.vbmeta().orElseThrow().property("apex.key").orElseThrow());
        }
    }

    @Test
    void thePayloadMapNamesFilesystemTreeLevelsVbmetaAndFooterInOrder() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX))) {
            List<String> names = apex.payload().orElseThrow().layout().stream().map(r -> r.name() + " " + r.range()).toList();
            assertEquals(List.of(
                    "filesystem (erofs) 0..2523136 (2523136 bytes)",
                    "hashtree level 1 2523136..2527232 (4096 bytes)",
                    "hashtree level 0 2527232..2547712 (20480 bytes)",
                    "vbmeta 2547712..2549888 (2176 bytes)",
                    "unused 2549888..2555840 (5952 bytes)",
                    "AVB footer 2555840..2555904 (64 bytes)"), names);
        }
    }

    private static List<String> lines(ApexFile apex) throws ImageException {
        return Manifest.of(apex.payload().orElseThrow().fileSystem().orElseThrow()).stream()
                .map(e -> new String(e.toJsonLine(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** A copy of an APEX with every entry rewritten by java.util.zip, the payload deflated or stored. */
    static Path rewrite(Path apex, Path target, boolean deflatePayload) throws Exception {
        return rewrite(apex, target, e -> e.getName().equals(ApexArchive.PAYLOAD) && !deflatePayload, (name, data) -> data);
    }

    /**
     * A copy of a zip with every entry rewritten by java.util.zip: stored where {@code stored} says,
     * deflated elsewhere, each entry's data as {@code change} gives it from its name and data.
     */
    static Path rewrite(Path zip, Path target, java.util.function.Predicate<ZipEntry> stored,
                        java.util.function.BiFunction<String, byte[], byte[]> change) throws Exception {
        try (ZipFile in = new ZipFile(zip.toFile()); OutputStream file = Files.newOutputStream(target);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] data = change.apply(e.getName(), in.getInputStream(e).readAllBytes());
                ZipEntry copy = new ZipEntry(e.getName());
                boolean deflate = !stored.test(e);
                copy.setMethod(deflate ? ZipEntry.DEFLATED : ZipEntry.STORED);
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    copy.setSize(data.length);
                    copy.setCompressedSize(data.length);
                    copy.setCrc(crc.getValue());
                }
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        return target;
    }
}

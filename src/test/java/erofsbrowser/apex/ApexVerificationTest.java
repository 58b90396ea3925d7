package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.BadBlock;
import erofsbrowser.apex.CheckResult.Check;
import erofsbrowser.apex.CheckResult.Outcome;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.map.ImageMap;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.ManifestEntry;
import erofsbrowser.image.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verifying an APEX runs apexd's checks and more, and a bad block is traced to what owns it. */
class ApexVerificationTest {

    static VerificationReport verifyWithOwners(ApexFile apex) throws Exception {
        ErofsImage fs = (ErofsImage) apex.payload().orElseThrow().fileSystem().orElseThrow();
        return ApexVerifier.verify(apex, ApexVerifier.Options.standard()
                .withOwners(new ImageMapOwners(ImageMap.build(fs, () -> false))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ApexFixtures.APEX, ApexFixtures.CAPEX})
    void aSoundApexAndItsCapexPass(String name) throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(name))) {
            VerificationReport report = verifyWithOwners(apex);
            assertTrue(report.passed(), report::toText);
            for (Check c : List.of(Check.ZIP_LAYOUT, Check.VBMETA_SIGNATURE, Check.PUBLIC_KEY, Check.SALT, Check.HASHTREE,
                    Check.MANIFEST_COPIES, Check.ZIP_CRC)) {
                assertEquals(Outcome.PASSED, report.result(c).outcome(), c + "\n" + report.toText());
            }
            assertEquals(Outcome.NOT_APPLICABLE, report.result(Check.FILE_CONTEXTS_AND_FS_CONFIG).outcome());
            assertTrue(report.result(Check.HASHTREE).details().contains(
                    "root digest of the top level block: 39dbeddee8403f3b8ad2976771ecc47c63a7e6d9ae281cce10aae772d60cb20f"
                            + " = root_digest 39dbeddee8403f3b8ad2976771ecc47c63a7e6d9ae281cce10aae772d60cb20f"));
        }
    }

    @Test
    void theCapexIsComparedWithItsOriginalApexAndItsMissingDigestIsReported() throws Exception {
        try (ApexFile capex = ApexFile.open(ApexFixtures.file(ApexFixtures.CAPEX))) {
            CheckResult r = ApexVerifier.verify(capex).result(Check.CAPEX_ORIGINAL);
            // The test CAPEX's manifest has no capexMetadata: apexd would refuse it; nothing else differs.
            assertEquals(Outcome.WARNING, r.outcome(), r.summary());
            assertTrue(r.summary().startsWith("same version and key; the CAPEX's manifest has no capexMetadata.originalApexDigest"));
            assertTrue(r.details().contains("version: CAPEX 340090000, original_apex 340090000"));
        }
    }

    @Test
    void aBadFirstBlockNamesTheSuperblockOnceAndTheRootsInodeAndDirectoryBesideIt(@TempDir java.nio.file.Path temp) throws Exception {
        java.nio.file.Path good = ApexFixtures.file(ApexFixtures.APEX);
        long payloadAt;
        try (ApexFile apex = ApexFile.open(good)) {
            payloadAt = apex.payload().orElseThrow().source().fileOffset();
        }
        byte[] b = java.nio.file.Files.readAllBytes(good);
        b[(int) payloadAt + 4000] ^= 1; // a byte of block 0 past the superblock
        try (ApexFile apex = ApexFile.open(java.nio.file.Files.write(temp.resolve("block0.apex"), b))) {
            String owner = verifyWithOwners(apex).result(Check.HASHTREE).badBlocks().get(0).owner();
            assertTrue(owner.startsWith("the superblock ("), owner);
            assertTrue(owner.contains("inode of / ") && owner.contains("directory block 0 of /"), owner);
        }
    }

    @Test
    void aCapexWhoseManifestGivesTheOriginalsRootDigestPassesAndOneGivingAnotherFails(@TempDir java.nio.file.Path temp)
            throws Exception {
        java.nio.file.Path capex = ApexFixtures.file(ApexFixtures.CAPEX);
        String root;
        try (ApexFile file = ApexFile.open(capex)) {
            root = file.payload().orElseThrow().hashtree().orElseThrow().rootDigestHex();
        }
        for (String digest : List.of(root, "00".repeat(32))) {
            java.nio.file.Path changed = withOriginalApexDigest(capex, digest, temp.resolve(digest.substring(0, 8) + ".capex"));
            try (ApexFile file = ApexFile.open(changed)) {
                CheckResult check = ApexVerifier.verify(file).result(Check.CAPEX_ORIGINAL);
                assertEquals(digest.equals(root) ? Outcome.PASSED : Outcome.FAILED, check.outcome(), check.toString());
                if (!digest.equals(root)) {
                    assertTrue(check.summary().contains("the root digest is not capexMetadata.originalApexDigest"), check.summary());
                }
            }
        }
    }

    @Test
    void aCapexWhoseManifestGivesAnotherVersionThanItsOriginalApexFailsNamingBoth(@TempDir Path temp) throws Exception {
        // Field 2 (version, a varint) given again: protobuf readers take a scalar field's last value.
        byte[] version = concat(new byte[] {0x10}, varint(340090001));
        Path changed = withEntryChanged(ApexFixtures.file(ApexFixtures.CAPEX), "apex_manifest.pb",
                data -> concat(data, version), temp.resolve("version.capex"));
        try (ApexFile file = ApexFile.open(changed)) {
            assertEquals(340090001, file.archive().manifest().orElseThrow().version(), "the outer manifest was changed");
            CheckResult check = ApexVerifier.verify(file).result(Check.CAPEX_ORIGINAL);
            assertEquals(Outcome.FAILED, check.outcome(), check.toString());
            assertEquals("the versions differ", check.summary());
            assertTrue(check.details().contains("version: CAPEX 340090001, original_apex 340090000"), check.details()::toString);
        }
    }

    @Test
    void aCapexBundlingAnotherKeyThanItsOriginalApexFailsNamingBothKeys(@TempDir Path temp) throws Exception {
        // The Pixel APEX's key: a real AVB key of the same size (4096 bits), so only its bytes differ.
        byte[] otherKey;
        try (java.util.zip.ZipFile cas = new java.util.zip.ZipFile(ApexFixtures.file(ApexFixtures.CAS).toFile())) {
            otherKey = cas.getInputStream(cas.getEntry("apex_pubkey")).readAllBytes();
        }
        Path changed = withEntryChanged(ApexFixtures.file(ApexFixtures.CAPEX), "apex_pubkey", data -> otherKey,
                temp.resolve("key.capex"));
        try (ApexFile file = ApexFile.open(changed)) {
            String innerKey = file.apex().orElseThrow().publicKey().orElseThrow().sha256();
            CheckResult check = ApexVerifier.verify(file).result(Check.CAPEX_ORIGINAL);
            assertEquals(Outcome.FAILED, check.outcome(), check.toString());
            assertEquals("the bundled keys differ", check.summary());
            assertTrue(check.details().contains("apex_pubkey: CAPEX " + new AvbPublicKey(otherKey).sha256()
                    + ", original_apex " + innerKey + " (SHA-256)"), check.details()::toString);
        }
    }

    /**
     * {@code capex} with {@code capexMetadata.originalApexDigest} (field 12, and its field 1) appended
     * to its apex_manifest.pb: a message field given twice is merged, as protobuf readers do.
     */
    private static Path withOriginalApexDigest(Path capex, String digest, Path out) throws Exception {
        byte[] text = digest.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // tag 0x62: field 12, length-delimited; tag 0x0A: its field 1, length-delimited
        byte[] field = concat(new byte[] {0x62, (byte) (text.length + 2), 0x0A, (byte) text.length}, text);
        return withEntryChanged(capex, "apex_manifest.pb", data -> concat(data, field), out);
    }

    /** {@code capex} with the data of its entry {@code name} as {@code change} gives it; the others as they are. */
    private static Path withEntryChanged(Path capex, String name, java.util.function.UnaryOperator<byte[]> change, Path out)
            throws Exception {
        return ApexOpeningTest.rewrite(capex, out, e -> e.getMethod() == java.util.zip.ZipEntry.STORED,
                (entry, data) -> entry.equals(name) ? change.apply(data) : data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code value} as a protobuf varint: seven bits a byte, lowest first, the high bit set on all but the last. */
    private static byte[] varint(long value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (; (value & ~0x7FL) != 0; value >>>= 7) {
            out.write((int) (value & 0x7F) | 0x80);
        }
        out.write((int) value);
        return out.toByteArray();
    }

    @Test
    void theCorruptApexFailsNamingDataBlock300AndTheFileThatOwnsIt() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.CORRUPT))) {
            VerificationReport report = verifyWithOwners(apex);
            assertFalse(report.passed());
            CheckResult tree = report.result(Check.HASHTREE);
            assertEquals(Outcome.FAILED, tree.outcome());
            assertEquals(List.of(new BadBlock(0, 300, 300 * 4096L, 4096,
                    "pcluster of /lib64/libboost_program_options.so.1.74.0: lz4, 4096 bytes -> 13144 (file bytes 39496..52640)")),
                    tree.badBlocks());
            assertTrue(tree.summary().contains("data block 300"), tree.summary());
            assertTrue(tree.summary().contains("/lib64/libboost_program_options.so.1.74.0"), tree.summary());
            assertTrue(tree.details().contains("level 0 blocks against level 1: 5 blocks, all match"), "the tree itself is intact");
            // Only the data was changed after signing: everything else still checks out.
            report.checks().stream().filter(c -> c.check() != Check.HASHTREE && c.outcome() != Outcome.NOT_APPLICABLE)
                    .forEach(c -> assertEquals(Outcome.PASSED, c.outcome(), c.check().title()));
        }
    }

    @Test
    void theOwnerMapIsBuiltOnlyWhenABlockIsBad() throws Exception {
        try (ApexFile corrupt = ApexFile.open(ApexFixtures.file(ApexFixtures.CORRUPT))) {
            ErofsImage fs = (ErofsImage) corrupt.payload().orElseThrow().fileSystem().orElseThrow();
            CheckResult tree = ApexVerifier.verifyHashtree(corrupt,
                    ApexVerifier.Options.standard().withOwners(ImageMapOwners.whenNeeded(fs)));
            assertEquals("pcluster of /lib64/libboost_program_options.so.1.74.0: lz4, 4096 bytes -> 13144 (file bytes 39496..52640)",
                    tree.badBlocks().get(0).owner());
        }
        try (ApexFile sound = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX))) {
            BlockOwners never = (offset, length) -> {
                throw new AssertionError("a sound payload names no owner");
            };
            assertEquals(Outcome.PASSED, ApexVerifier.verifyHashtree(sound, ApexVerifier.Options.standard().withOwners(never)).outcome());
        }
    }

    @Test
    void aBadBlockOfAnExt4PayloadIsTracedToTheFileThatOwnsIt(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(ApexFixtures.file(ApexFixtures.CAS), dir.resolve("cas.apex"));
        String victim = null;
        long fileOffset = -1;
        try (ApexFile apex = ApexFile.open(copy)) {
            Payload payload = apex.payload().orElseThrow();
            FileSystemImage fs = payload.fileSystem().orElseThrow();
            assertEquals("ext4", fs.formatName());
            for (ManifestEntry e : Manifest.of(fs)) {
                if (e.type() != FileType.FILE) {
                    continue;
                }
                Node file = fs.lookup(e.path());
                for (DataRun run : fs.dataRuns(file)) {
                    if (run.stored() != null && run.stored().length() >= 4096 && !run.isCompressed()) {
                        victim = file.pathString();
                        fileOffset = payload.source().fileOffset() + run.stored().offset() + 100;
                        break;
                    }
                }
                if (victim != null) {
                    break;
                }
            }
        }
        assertTrue(victim != null, "the payload holds a file with a block of its own");
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            f.read(b, fileOffset);
            b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
            f.write(b, fileOffset);
        }

        try (ApexFile apex = ApexFile.open(copy)) {
            CheckResult tree = ApexVerifier.verifyHashtree(apex, ApexVerifier.Options.standard()
                    .withOwners(BlockOwners.whenNeeded(apex.payload().orElseThrow().fileSystem())));
            assertEquals(Outcome.FAILED, tree.outcome());
            assertEquals(1, tree.badBlocks().size(), () -> String.join("\n", tree.details()));
            String owner = tree.badBlocks().get(0).owner();
            assertTrue(owner.startsWith("data of " + victim + " from byte "), owner);
        }
    }

    @Test
    void withoutAnOwnerMapABadBlockIsNamedByItsNumber() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.CORRUPT))) {
            CheckResult tree = ApexVerifier.verify(apex).result(Check.HASHTREE);
            assertEquals("payload block 300", tree.badBlocks().get(0).owner());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ApexFixtures.SHIM, ApexFixtures.CAS})
    void realApexesWithExt4PayloadsVerify(String name) throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(name))) {
            VerificationReport report = ApexVerifier.verify(apex);
            assertTrue(report.passed(), report::toText);
            assertEquals(Outcome.PASSED, report.result(Check.VBMETA_SIGNATURE).outcome());
            assertEquals(Outcome.PASSED, report.result(Check.HASHTREE).outcome());
            assertEquals(Outcome.PASSED, report.result(Check.SALT).outcome());
            // Read through the ext4 reader: the manifest in the zip equals the payload's own copy.
            assertEquals(Outcome.PASSED, report.result(Check.MANIFEST_COPIES).outcome(), report::toText);
        }
    }

    @Test
    void theShimsSha1TreeIsCheckedWithItsDigestsPaddedTo32Bytes() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.SHIM))) {
            CheckResult r = ApexVerifier.verify(apex).result(Check.HASHTREE);
            assertTrue(r.details().get(0).contains("sha1"), r.details().get(0));
            assertTrue(r.details().contains("root digest of the top level block: ad204290f1e2ad14af46a8301946aad497769edf"
                    + " = root_digest ad204290f1e2ad14af46a8301946aad497769edf"));
        }
    }

    @Test
    void bug146895998sApexFailsOnItsBrokenHashtreeDescriptorAndItsPayloadsCrc() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.MISALIGNED))) {
            VerificationReport report = ApexVerifier.verify(apex);
            assertFalse(report.passed());
            assertEquals(Outcome.PASSED, report.result(Check.VBMETA_SIGNATURE).outcome(), "the vbmeta image is signed as it is");
            CheckResult tree = report.result(Check.HASHTREE);
            assertEquals(Outcome.FAILED, tree.outcome());
            assertTrue(tree.details().get(0).contains("num_bytes_following says 8"), tree.details().get(0));
            assertEquals(Outcome.FAILED, report.result(Check.ZIP_LAYOUT).outcome(), "the payload is not on a 4096-byte boundary");
            assertTrue(report.result(Check.ZIP_LAYOUT).details().stream().anyMatch(d -> d.contains("starts at byte 4043")));
            CheckResult crc = report.result(Check.ZIP_CRC);
            assertEquals(List.of("apex_payload.img: its content's CRC-32 is ee1a73f7, the central directory says 696bc510"
                    + " (at byte offset 4043)"), crc.details());
        }
    }

    @Test
    void progressCountsEveryByteReadAndCancellingStopsTheVerification() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX))) {
            AtomicLong done = new AtomicLong();
            AtomicLong total = new AtomicLong();
            ApexVerifier.verify(apex, ApexVerifier.Options.standard().withProgress((d, t) -> {
                done.set(d);
                total.set(t);
            }, () -> false));
            // data and tree, then the three entries' data (payload, manifest, key)
            assertEquals(2523136 + 24576 + 2555904 + 70 + 1032, total.get());
            assertEquals(total.get(), done.get());

            AtomicBoolean stop = new AtomicBoolean();
            assertThrows(CancellationException.class, () -> ApexVerifier.verify(apex,
                    ApexVerifier.Options.standard().withProgress((d, t) -> stop.set(true), stop::get)));
        }
    }

    @Test
    void oneThreadAndManyFindTheSame() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.CORRUPT))) {
            CheckResult one = ApexVerifier.verify(apex, ApexVerifier.Options.standard().withThreads(1)).result(Check.HASHTREE);
            CheckResult many = ApexVerifier.verify(apex, ApexVerifier.Options.standard().withThreads(7)).result(Check.HASHTREE);
            assertEquals(one, many);
        }
    }

    @Test
    void theReportReadsAsTextWithALinePerCheck() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.CORRUPT))) {
            String text = ApexVerifier.verify(apex).toText();
            assertTrue(text.contains("FAILED  dm-verity hashtree: 1 block fails; the first: data block 300"), text);
            assertTrue(text.contains("    data block 300 at payload bytes 1228800..1232896: payload block 300"), text);
        }
    }
}

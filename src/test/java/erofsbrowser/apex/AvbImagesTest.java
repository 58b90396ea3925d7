package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.Check;
import erofsbrowser.apex.CheckResult.Outcome;
import erofsbrowser.image.ImageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images made by AOSP's avbtool (src/test/resources/avb, see make-avb-fixtures.sh): every
 * signature algorithm, every descriptor type, hashtrees of every digest and shape.
 */
class AvbImagesTest {
    static final Path DIR = Path.of("src/test/resources/avb");

    @TempDir
    Path temp;

    static Vbmeta vbmeta(String name) throws Exception {
        return Vbmeta.parse(Files.readAllBytes(DIR.resolve(name)), 0);
    }

    @ParameterizedTest
    @EnumSource(value = AvbAlgorithm.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everySignatureAlgorithmChecksOutWithTheJdksCrypto(AvbAlgorithm algorithm) throws Exception {
        Vbmeta v = vbmeta("vbmeta-" + algorithm + ".img");
        assertEquals(algorithm, v.header().algorithm());
        CheckResult r = VbmetaSignature.check(v);
        assertEquals(Outcome.PASSED, r.outcome(), r.summary() + " " + r.details());
        assertEquals(algorithm.keyBits(), v.publicKey().orElseThrow().keyBits());
    }

    @ParameterizedTest
    @EnumSource(value = AvbAlgorithm.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aChangedAuxiliaryByteFailsTheHashAndAChangedSignatureByteTheSignature(AvbAlgorithm algorithm) throws Exception {
        byte[] b = Files.readAllBytes(DIR.resolve("vbmeta-" + algorithm + ".img"));
        VbmetaHeader h = Vbmeta.parse(b, 0).header();
        int aux = VbmetaHeader.SIZE + (int) h.authenticationDataBlockSize();
        byte[] changedAux = b.clone();
        changedAux[aux + (int) h.descriptorsOffset() + 40] ^= 1;
        assertEquals("the hash over the header and auxiliary block does not match (HASH_MISMATCH)",
                VbmetaSignature.check(Vbmeta.parse(changedAux, 0)).summary());
        byte[] changedSignature = b.clone();
        changedSignature[VbmetaHeader.SIZE + (int) h.signatureOffset() + 17] ^= 1;
        assertEquals("the RSA signature does not match (SIGNATURE_MISMATCH)",
                VbmetaSignature.check(Vbmeta.parse(changedSignature, 0)).summary());
    }

    @Test
    void anUnsignedVbmetaFailsAsApexdWouldRefuseIt() throws Exception {
        CheckResult r = VbmetaSignature.check(vbmeta("vbmeta-NONE.img"));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.summary().startsWith("not signed"), r.summary());
    }

    @Test
    void everyDescriptorTypeIsDecoded() throws Exception {
        Vbmeta v = vbmeta("vbmeta-SHA256_RSA2048.img");
        List<AvbDescriptor> d = v.descriptors();
        assertEquals(5, d.size(), d.toString());
        assertEquals("value", v.property("com.example.key").orElseThrow());
        assertEquals("", v.property("empty").orElseThrow());
        AvbDescriptor.KernelCmdline cmdline = (AvbDescriptor.KernelCmdline) d.stream()
                .filter(x -> x instanceof AvbDescriptor.KernelCmdline).findFirst().orElseThrow();
        assertEquals("console=ttyS0 quiet", cmdline.kernelCmdline());
        AvbDescriptor.ChainPartition chain = (AvbDescriptor.ChainPartition) d.stream()
                .filter(x -> x instanceof AvbDescriptor.ChainPartition).findFirst().orElseThrow();
        assertEquals("vendor", chain.partitionName());
        assertEquals(1, chain.rollbackIndexLocation());
        assertEquals(2048, AvbPublicKey.parse(chain.publicKey(), 0).keyBits());
        AvbDescriptor.Hash hash = (AvbDescriptor.Hash) d.stream()
                .filter(x -> x instanceof AvbDescriptor.Hash).findFirst().orElseThrow();
        assertEquals("boot", hash.partitionName());
        assertEquals("sha256", hash.hashAlgorithm());
        assertEquals("00112233", HexFormat.of().formatHex(hash.salt()));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(hash.salt());
        for (int i = 0; i < 3; i++) {
            byte[] block = new byte[4096];
            java.util.Arrays.fill(block, (byte) i);
            md.update(block);
        }
        assertArrayEquals(md.digest(), hash.digest(), "the digest of the three pattern blocks, salted");
        assertEquals(7, v.header().rollbackIndex());
        assertEquals(100, v.header().publicKeyMetadataSize());
        assertEquals(List.of(), v.problems());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vbmeta-SHA256_RSA2048.img", "vbmeta-SHA512_RSA8192.img", "vbmeta-NONE.img"})
    void everyVbmetaFieldTreeCoversItsBytesExactly(String name) throws Exception {
        byte[] b = Files.readAllBytes(DIR.resolve(name));
        Vbmeta v = Vbmeta.parse(b, 0);
        assertTrue(FieldTrees.assertExact(v.structures(), FieldTrees.Raw.of(b)) > 20);
        assertEquals(b.length, v.structures().get(v.structures().size() - 1).end(), "the trees reach the image's end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashtree-sha1.img", "hashtree-sha512.img", "hashtree-none.img", "hashtree-two-blocks.img"})
    void treesOfEveryDigestAndShapeVerify(String name) throws Exception {
        try (Payload p = Payload.open(ImageSource.open(DIR.resolve(name)), true, PayloadReaders.none())) {
            assertEquals(Outcome.PASSED, VbmetaSignature.check(p.vbmeta().orElseThrow()).outcome());
            CheckResult r = hashtree(p);
            assertEquals(Outcome.PASSED, r.outcome(), r.summary() + "\n" + r.details());
            assertTrue(FieldTrees.assertExact(p.structures(), FieldTrees.Raw.of(p.source())) > 30);
        }
    }

    @Test
    void aTreeWithTwoLevelsOfSha512IsLaidOutAsAvbtoolLaysItOut() throws Exception {
        try (Payload p = Payload.open(ImageSource.open(DIR.resolve("hashtree-sha512.img")), true, PayloadReaders.none())) {
            HashtreeLayout layout = HashtreeLayout.of(p.hashtree().orElseThrow());
            assertEquals(64, layout.digestPaddedSize());
            assertEquals(List.of("0 290816..299008 (8192 bytes)", "1 286720..290816 (4096 bytes)"),
                    layout.levels().stream().map(l -> l.number() + " " + l.range()).toList());
            assertEquals(p.hashtree().orElseThrow().treeSize(), layout.treeSize());
        }
    }

    @Test
    void aBadDataBlockAndABadTreeBlockAreEachNamed() throws Exception {
        byte[] b = Files.readAllBytes(DIR.resolve("hashtree-sha512.img"));
        b[5 * 4096 + 1] ^= 0x40;             // data block 5
        b[290816 + 4096 + 1000] ^= 0x40;     // level 0 (after level 1), block 1: its padding after 6 digests
        Path changed = Files.write(temp.resolve("changed.img"), b);
        try (Payload p = Payload.open(ImageSource.open(changed), true, PayloadReaders.none())) {
            CheckResult r = hashtree(p);
            assertEquals(Outcome.FAILED, r.outcome());
            assertEquals(List.of(new CheckResult.BadBlock(0, 5, 5 * 4096, 4096, "payload block 5"),
                    new CheckResult.BadBlock(1, 1, 290816 + 4096, 4096, "hashtree level 0 block 1")), r.badBlocks());
        }
    }

    @Test
    void withoutAStoredTreeAChangedBlockChangesTheRecomputedRoot() throws Exception {
        byte[] b = Files.readAllBytes(DIR.resolve("hashtree-none.img"));
        b[77 * 4096] ^= 1;
        Path changed = Files.write(temp.resolve("changed.img"), b);
        try (Payload p = Payload.open(ImageSource.open(changed), true, PayloadReaders.none())) {
            CheckResult r = hashtree(p);
            assertEquals(Outcome.FAILED, r.outcome());
            assertEquals("the root digest does not match", r.summary());
            assertTrue(r.details().contains("no stored tree (tree_size 0): the root digest is recomputed from the data"));
        }
    }

    static CheckResult hashtree(Payload p) {
        return new HashtreeVerifier(p.source(), p.hashtree().orElseThrow(), BlockOwners.BLOCK_NUMBERS, 3,
                new ParallelHasher.Counter(1, Progress.NONE), () -> false).verify();
    }

    @Test
    void theCheckIdsReadAsTheirTitles() {
        assertEquals("dm-verity hashtree", Check.HASHTREE.title());
    }
}

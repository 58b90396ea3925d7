package erofsbrowser.erofs;

import erofsbrowser.erofs.data.CompressedData;
import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.DataLayout;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.LclusterIndex;
import erofsbrowser.erofs.ondisk.MapHeader;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import erofsbrowser.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A damaged compressed image is reported, never crashes or hangs the reader.
 *
 * <p>Each test copies a kernel-checked mini fixture to a temporary folder, damages one structure
 * of one file (its pcluster, its lcluster index, its map header, its fragment, or the image's
 * length), opens the copy with {@link ErofsImage#open(Path, long, List)} and reads the file. The
 * rule for every case:
 * <ul>
 *   <li>the read ends within {@value #LIMIT_SECONDS} seconds;</li>
 *   <li>it either succeeds (damage that happens to decode into other bytes) or raises an
 *       {@link ImageException}, and nothing else: no RuntimeException, no Error, no IOException;</li>
 *   <li>the exception says what is wrong and where ("at byte offset N"), and read through
 *       {@link Manifest#of} it names the damaged file by nid and path.</li>
 * </ul>
 * Damage that cannot decode (a pcluster of zeros or of 0xFF bytes, an address past the end of the
 * image, ...) must be reported.
 */
class CorruptCompressedDataTest {
    static final int LIMIT_SECONDS = 10;
    private static final Duration LIMIT = Duration.ofSeconds(LIMIT_SECONDS);
    /** 70 KB of text: several pclusters in most images, one big pcluster in lz4hc-big-pcluster and lzma. */
    private static final String TEXT = "/text-70k.txt";
    private static final int RANDOM_TRIALS = 30;

    private static final int PLAIN = LclusterIndex.Type.PLAIN.ordinal();
    private static final int HEAD1 = LclusterIndex.Type.HEAD1.ordinal();
    private static final int NONHEAD = LclusterIndex.Type.NONHEAD.ordinal();

    @TempDir
    Path dir;
    private int copies;

    /** One fixture per algorithm, each with /text-70k.txt compressed by it. */
    static Stream<Arguments> codecs() {
        return Stream.of(
                Arguments.of("lz4hc-big-pcluster", CompressionAlgorithm.LZ4),
                Arguments.of("lzma", CompressionAlgorithm.LZMA),
                Arguments.of("deflate", CompressionAlgorithm.DEFLATE),
                Arguments.of("zstd", CompressionAlgorithm.ZSTD));
    }

    // ---- (a) damaged pcluster bytes ---------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void pclusterOfOnlyZerosIsReportedAtThatPcluster(String name, CompressionAlgorithm algorithm) throws Exception {
        Target t = locate(name, TEXT);
        DataExtent pcluster = t.middlePcluster(algorithm);
        Path copy = damaged(t.fixture(), b -> b.fill(pcluster.physical(), 0));

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
        assertEquals("pcluster holds only zeros", e.problem());
        assertEquals(pcluster.physical().offset(), e.offset(), "the report points at the pcluster");

        assertOtherFilesStillReadAsTheKernelListsThem(copy, t.fixture(), TEXT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void pclusterOverwrittenWith0xFFIsReportedAsCorruptData(String name, CompressionAlgorithm algorithm)
            throws Exception {
        Target t = locate(name, TEXT);
        DataExtent pcluster = t.middlePcluster(algorithm);
        Path copy = damaged(t.fixture(), b -> b.fill(pcluster.physical(), 0xFF));

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
        assertTrue(e.problem().contains(algorithm.formatName()), "the report names the codec: " + e.getMessage());
        assertEquals(pcluster.physical().offset(), e.offset(), "the report points at the pcluster");
    }

    /**
     * Flipped bits, scattered random bytes and random runs inside a pcluster: the codec may still
     * decode them (into wrong bytes, which only a checksum could tell), or must report them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void randomDamageInsideAPclusterDecodesOrIsReportedAtThatPcluster(String name, CompressionAlgorithm algorithm)
            throws Exception {
        Target t = locate(name, TEXT);
        List<DataExtent> pclusters = t.pclusters(algorithm);
        Random random = new Random(20240611L ^ name.hashCode());
        for (int trial = 0; trial < RANDOM_TRIALS; trial++) {
            ByteRange where = pclusters.get(random.nextInt(pclusters.size())).physical();
            int kind = trial % 3;
            long seed = random.nextLong();
            Path copy = damaged(t.fixture(), b -> scramble(b, where, kind, new Random(seed)));

            ImageException e = outcome(wholeFile(copy, t));
            if (e != null) {
                String context = "trial " + trial + " (damage kind " + kind + " in " + where + "): " + e.getMessage();
                assertWellFormed(e);
                assertEquals(OptionalLong.of(t.nid()), e.nid(), context);
                assertTrue(where.contains(e.offset()), "the report points into the damaged pcluster: " + context);
            }
        }
    }

    /** Kind 0: 1 to 8 flipped bits; 1: 1 to 64 bytes set at random places; 2: a random run of up to a quarter. */
    private static void scramble(Bytes b, ByteRange where, int kind, Random random) {
        int length = (int) where.length();
        switch (kind) {
            case 0 -> {
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    long pos = where.offset() + random.nextInt(length);
                    b.u8(pos, b.u8(pos) ^ (1 << random.nextInt(8)));
                }
            }
            case 1 -> {
                for (int n = 1 + random.nextInt(64); n > 0; n--) {
                    b.u8(where.offset() + random.nextInt(length), random.nextInt(256));
                }
            }
            default -> {
                int run = 1 + random.nextInt(length / 4);
                long start = where.offset() + random.nextInt(length - run + 1);
                for (int i = 0; i < run; i++) {
                    b.u8(start + i, random.nextInt(256));
                }
            }
        }
    }

    // ---- (b) block addresses past the end of the image --------------------------------------

    @Test
    void fullIndexWhoseBlockAddressPointsPastTheEndOfTheImage() throws Exception {
        Target t = locate("lz4-legacy", TEXT);
        assertEquals(DataLayout.COMPRESSED_FULL, t.inode().layout());
        ByteRange entry = t.fullIndexEntry(0);
        long bogus = 0xFFFF_FFFFL;
        // struct z_erofs_lcluster_index: le16 di_advise (type in bits 0-1), le16 di_clusterofs, le32 di_blkaddr
        Path copy = damaged(t.fixture(), b -> {
            assertEquals(HEAD1, b.u16(entry.offset()) & 3, "lcluster 0 is the head of the first pcluster");
            assertEquals(t.blockOf(t.pclusters().get(0)), b.u32(entry.offset() + 4));
            b.u32(entry.offset() + 4, bogus);
        });

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
        assertPointsAt(e, bogus << t.blkszbits(), entry);
    }

    @Test
    void compactIndexWhoseBlockAddressPointsPastTheEndOfTheImage() throws Exception {
        Target t = locate("lz4hc-big-pcluster", TEXT);
        assertEquals(DataLayout.COMPRESSED_COMPACT, t.inode().layout());
        CompactSlot slot = t.compactSlot(0);
        long bogus = 0xFFFF_FFFFL;
        // A compact pack ends with the le32 block address of its first pcluster.
        Path copy = damaged(t.fixture(), b -> {
            assertEquals(HEAD1, slot.type(b), "lcluster 0 is the head of the pcluster");
            assertEquals(t.blockOf(t.pclusters().get(0)), b.u32(slot.baseAddress()));
            b.u32(slot.baseAddress(), bogus);
        });

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
        assertPointsAt(e, bogus << t.blkszbits(), slot.pack());
    }

    @Test
    void bigPclusterThatRunsOffTheEndOfTheImage() throws Exception {
        Target t = locate("lz4hc-big-pcluster", TEXT);
        DataExtent pcluster = t.pclusters().get(0);
        assertTrue(pcluster.physical().length() > 1L << t.blkszbits(), "a pcluster of several blocks");
        CompactSlot slot = t.compactSlot(0);
        long lastBlock = (t.imageLength() >> t.blkszbits()) - 1;
        Path copy = damaged(t.fixture(), b -> b.u32(slot.baseAddress(), lastBlock));

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
        assertPointsAt(e, lastBlock << t.blkszbits(), slot.pack());
    }

    // ---- (c) absurd lcluster size -----------------------------------------------------------

    /**
     * h_clusterbits' low nibble adds to the block size bits: 15 asks for 2^27-byte lclusters
     * (128 MiB) with 4 KiB blocks. The reader must refuse or fail to decode, quickly, without
     * allocating by that size.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lz4hc-big-pcluster", "lz4-legacy", "zstd", "deflate", "lz4hc-ztailpacking"})
    void absurdLclusterSizeInTheMapHeaderIsReported(String name) throws Exception {
        Target t = locate(name, TEXT);
        long clusterBits = t.header().range().offset() + 7;
        Path copy = damaged(t.fixture(), b -> b.u8(clusterBits, (b.u8(clusterBits) & 0xF0) | 15));

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
    }

    // ---- (d) fragment offsets beyond the packed inode -----------------------------------------

    @Test
    void tailFragmentOffsetBeyondThePackedInodeIsReported() throws Exception {
        Target t = locate("lz4hc-fragments", TEXT);
        assertTrue(t.header().has(MapHeader.ADVISE_FRAGMENT_PCLUSTER), "the file's tail is a fragment");
        assertFalse(t.header().wholeFileFragment());
        long fragmentOff = t.header().range().offset(); // le32 h_fragmentoff at offset 0 of the map header
        Path copy = damaged(t.fixture(), b -> b.u32(fragmentOff, 0xFFFF_FF00L));

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
        assertTrue(t.header().range().contains(e.offset()), "points at the map header: " + e.getMessage());
    }

    @Test
    void tailFragmentRunningPastTheEndOfThePackedInodeIsReported() throws Exception {
        Target t = locate("lz4hc-fragments", TEXT);
        long packedSize = packedInodeSize(t.fixture());
        long tail = t.extents().get(t.extents().size() - 1).length();
        assertTrue(tail > 100, "a tail longer than what is left of the packed inode");
        Path copy = damaged(t.fixture(), b -> b.u32(t.header().range().offset(), packedSize - 100));

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
    }

    /** A whole-file fragment (h_clusterbits bit 7): the offset spans the whole 8-byte header, up to 2^63 - 1. */
    @ParameterizedTest(name = "offset bytes 0x{0}")
    @ValueSource(strings = {"ffffffff00000000", "ffffffffffffffff"})
    void wholeFileFragmentOffsetBeyondThePackedInodeIsReported(String header) throws Exception {
        Target t = locate("lz4hc-fragments", "/sparse.bin");
        assertTrue(t.header().wholeFileFragment(), "the whole file is a fragment");
        byte[] bytes = java.util.HexFormat.of().parseHex(header);
        long at = t.header().range().offset();
        Path copy = damaged(t.fixture(), b -> {
            for (int i = 0; i < 7; i++) {
                b.u8(at + i, bytes[i]);
            }
            b.u8(at + 7, 0x80 | bytes[7]); // keep the whole-file-fragment bit
        });

        ImageException e = assertReported(listing(copy, t.fixture()));
        assertNamesFile(e, t);
    }

    // ---- (e) NONHEAD deltas that loop or run before lcluster 0 ------------------------------

    /**
     * A NONHEAD entry's delta[0] says how many lclusters back its head is. 0 points at itself (a
     * loop), 9 from lcluster 8 points before lcluster 0, 2047 is the largest plain delta.
     * Read at that lcluster; a whole-file read may never look at the entry.
     */
    @ParameterizedTest(name = "delta0 = {0}")
    @ValueSource(ints = {0, 9, 2047})
    void bogusNonheadDeltaInAFullIndexIsReported(int delta0) throws Exception {
        Target t = locate("lz4-legacy", TEXT);
        long lcn = 8;
        ByteRange entry = t.fullIndexEntry(lcn);
        Path copy = damaged(t.fixture(), b -> {
            assertEquals(NONHEAD, b.u16(entry.offset()) & 3, "lcluster 8 is inside a pcluster");
            b.u16(entry.offset() + 4, delta0); // le16 di_u.delta[0]
        });

        ImageException e = assertReported(readingOf(copy, t, lcn << t.lclusterBits(), 100));
        assertEquals(OptionalLong.of(t.nid()), e.nid(), e.getMessage());
        assertTrue(t.indexArea().contains(e.offset()), "points into the file's index: " + e.getMessage());
    }

    /** Lcluster 0 made a NONHEAD: every walk back from the first pcluster runs off the start. */
    @Test
    void nonheadChainRunningOffLclusterZeroIsReported() throws Exception {
        Target t = locate("lz4-legacy", TEXT);
        ByteRange first = t.fullIndexEntry(0);
        Path copy = damaged(t.fixture(), b -> {
            assertEquals(NONHEAD, b.u16(t.fullIndexEntry(1).offset()) & 3, "lcluster 1 points back to lcluster 0");
            b.u16(first.offset(), (b.u16(first.offset()) & ~3) | NONHEAD);
            b.u16(first.offset() + 4, 1);
        });

        for (long position : new long[] {0, 1L << t.lclusterBits()}) {
            ImageException e = assertReported(readingOf(copy, t, position, 100));
            assertEquals(OptionalLong.of(t.nid()), e.nid(), e.getMessage());
            assertTrue(t.indexArea().contains(e.offset()), "points into the file's index: " + e.getMessage());
        }
        assertNamesFile(assertReported(listing(copy, t.fixture())), t);
    }

    @ParameterizedTest(name = "delta0 = {0}")
    @ValueSource(ints = {0, 500})
    void bogusNonheadDeltaInCompactIndexesIsReported(int delta0) throws Exception {
        Target t = locate("lz4hc-big-pcluster", TEXT);
        long lcn = 8;
        CompactSlot slot = t.compactSlot(lcn);
        assertTrue(slot.indexInPack() < slot.perPack() - 1, "not the last entry of its pack, which holds delta[1]");
        Path copy = damaged(t.fixture(), b -> {
            assertEquals(NONHEAD, slot.type(b), "lcluster 8 is inside the pcluster");
            slot.set(b, NONHEAD, delta0);
        });

        ImageException e = assertReported(readingOf(copy, t, lcn << t.lclusterBits(), 100));
        assertEquals(OptionalLong.of(t.nid()), e.nid(), e.getMessage());
        assertTrue(t.indexArea().contains(e.offset()), "points into the file's index: " + e.getMessage());
    }

    // ---- (f) truncated image ----------------------------------------------------------------

    /**
     * The image ends in the middle of a pcluster of /text-70k.txt: the listing fails, that file
     * fails, and every other file reads either exactly as the kernel listed it or fails: a read
     * past the end is never zero-filled.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void imageCutInTheMiddleOfTheDataAreaIsReported(String name, CompressionAlgorithm algorithm) throws Exception {
        Target t = locate(name, TEXT);
        ByteRange middle = t.middlePcluster(algorithm).physical();
        Path copy = cut(t.fixture(), middle.offset() + middle.length() / 2 + 1);

        assertReported(listing(copy, t.fixture()));
        assertReported(() -> {
            try (ErofsImage image = ErofsImage.open(copy, t.fixture().offset(), t.fixture().devices())) {
                Entry entry = image.lookup(TEXT);
                assertNotNull(entry, "a lookup finds the file or fails, it does not miss it");
                FileData data = image.data(entry.inode());
                data.readFully(0, (int) data.size());
            }
        });
        int intact = assertEveryFileReadsRightOrIsReported(copy, t.fixture());
        assertTrue(intact > 0, "files stored wholly before the cut still read");
    }

    /**
     * A whole-file read (as check and extract make, which read the pclusters that follow each
     * other on the image together) of a file the image ends in: it hands over every extent before
     * the cut, whole and right, then fails naming the pcluster the image ends in.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"lz4hc-b1024, /dup/a.txt", "lz4hc-b1024, /dup/b.txt"}) // files whose metadata lies before their data
    void aWholeFileReadOfACutImageHandsOverWhatComesBeforeTheCut(String name, String path) throws Exception {
        Target t = locate(name, path);
        DataExtent cutOne = t.middlePcluster(CompressionAlgorithm.LZ4);
        ByteRange middle = cutOne.physical();
        Path copy = cut(t.fixture(), middle.offset() + middle.length() / 2 + 1);
        byte[] whole;
        try (ErofsImage image = t.fixture().open()) {
            FileData data = image.data(image.inode(t.nid()));
            whole = data.readFully(0, (int) data.size());
        }

        java.io.ByteArrayOutputStream handedOver = new java.io.ByteArrayOutputStream();
        ImageException e = assertReported(() -> {
            try (ErofsImage image = ErofsImage.open(copy, t.fixture().offset(), t.fixture().devices())) {
                image.data(image.inode(t.nid())).transferTo(handedOver::write);
            }
        });

        assertEquals(middle.offset(), e.offset(), () -> "the pcluster the image ends in: " + e.getMessage());
        assertEquals(cutOne.logicalOffset(), handedOver.size(), "every extent before it, whole");
        assertTrue(Arrays.equals(Arrays.copyOf(whole, handedOver.size()), handedOver.toByteArray()),
                "what was handed over is the file's own bytes");
    }

    /** Cut inside the pcluster stored last: the listing fails at the file that owns it. */
    @Test
    void imageCutInsideItsLastPclusterNamesTheFileThatOwnsIt() throws Exception {
        Fixture f = Fixture.mini("lz4hc-big-pcluster");
        String lastPath = null;
        ByteRange last = null;
        try (ErofsImage image = f.open()) {
            for (String path : KernelDigests.of(f).keySet()) {
                for (DataExtent x : image.data(image.lookup(path).inode()).extents()) {
                    if (x.storage() == DataExtent.Storage.BLOCKS && (last == null || x.physical().end() > last.end())) {
                        last = x.physical();
                        lastPath = path;
                    }
                }
            }
        }
        assertNotNull(last);
        Target t = locate(f.baseName(), lastPath);
        Path copy = cut(f, last.offset() + last.length() / 2);

        ImageException e = assertReported(listing(copy, f));
        assertNamesFile(e, t);
    }

    // ---- damage that once escaped as other exceptions ----------------------------------------

    /**
     * 48-bit images with 4-byte extent records start with a le64 pstart (the first pcluster's byte
     * address). CompressedData.mapExtentRecord reads it as a signed long and uses "running < 0" as
     * "no running address", so a pstart with bit 63 set makes it read a 4-byte record at index 4:
     * IndexOutOfBoundsException at CompressedData.java:302.
     */
    @Test
    void extentRecordsWithAStartAddressPastTwoToThe63AreReported() throws Exception {
        Target t = locate("bit48", TEXT);
        assertTrue(t.header().has(MapHeader.ADVISE_EXTENTS), "encoded extents");
        assertEquals(0, (t.header().advise() >>> 1) & 3, "4-byte records after a le64 pstart");
        long pstart = t.header().end(); // 4-byte records: aligned to 4, right after the header
        Path copy = damaged(t.fixture(), b -> b.u8(pstart + 7, b.u8(pstart + 7) | 0x80));

        assertNamesFile(assertReported(listing(copy, t.fixture())), t);
    }

    /**
     * A full-index file whose tail is a fragment takes the high 32 bits of the fragment offset from
     * the tail head's di_blkaddr (CompressedData.findTail: fragmentOffset |= blockAddress << 32).
     * With bit 31 of that address set the offset is negative, and extents() builds
     * new ByteRange(negative, ...): IllegalArgumentException at CompressedData.java:461. (A
     * negative pcluster address from an extent record does the same at line 464.)
     */
    @Test
    void extentsOfAFragmentAtANegativeOffsetAreReported() throws Exception {
        Target t = locate("lz4-legacy", TEXT);
        long advise = t.header().range().offset() + 4;
        // The tail lcluster 17 starts the extent at 2051 > 71682 % 4096, so the tail's head is lcluster 15.
        ByteRange tailHead = t.fullIndexEntry(15);
        Path copy = damaged(t.fixture(), b -> {
            assertEquals(HEAD1, b.u16(tailHead.offset()) & 3);
            assertEquals(PLAIN, b.u16(t.fullIndexEntry(17).offset()) & 3);
            b.u16(advise, b.u16(advise) | MapHeader.ADVISE_FRAGMENT_PCLUSTER);
            b.u32(tailHead.offset() + 4, 0x8000_0000L);
        });

        assertReported(() -> {
            try (ErofsImage image = ErofsImage.open(copy, 0, List.of())) {
                image.data(image.inode(t.nid())).extents();
            }
        });
    }

    /**
     * Not compressed data, found by the same damage: ErofsImage.directoryBlocks preallocates
     * new ArrayList<>((int) count) from the directory's i_size before reading any block. An
     * extended directory inode claiming about 2^43 bytes (here /time, nid 1598, i_size set to
     * (2^31 - 3) * 4096 + 44) asks for an array of 2^31 - 2 references: OutOfMemoryError
     * ("Requested array size exceeds VM limit") at ErofsImage.java:267. Smaller sizes allocate
     * gigabytes before the first block read fails.
     */
    @Test
    void directoryClaimingAnAbsurdSizeIsReported() throws Exception {
        Fixture f = Fixture.mini("lz4hc-big-pcluster");
        Inode dir;
        try (ErofsImage image = f.open()) {
            dir = image.lookup("/time").inode();
        }
        assertTrue(dir.isDirectory() && dir.extended(), "an extended inode: a 64-bit i_size");
        // Keep the inline tail's length (i_size % 4096), which the reader checks before allocating.
        long size = ((Integer.MAX_VALUE - 2L) << 12) + dir.size() % 4096;
        Path copy = damaged(f, b -> b.u64(dir.range().offset() + 8, size));

        ImageException e = assertReported(listing(copy, f));
        assertEquals(Optional.of("/time"), e.path(), e.getMessage());
    }

    // ---- the damaged file -------------------------------------------------------------------

    /** A compressed file of a fixture, as the undamaged image describes it. */
    private record Target(Fixture fixture, String path, Inode inode, MapHeader header, List<DataExtent> extents,
                          int blkszbits, long imageLength) {
        long nid() {
            return inode.nid();
        }

        int lclusterBits() {
            return header.lclusterBits(blkszbits);
        }

        /** The pclusters stored in blocks of the image (not inline, not in a fragment). */
        List<DataExtent> pclusters() {
            return extents.stream().filter(x -> x.storage() == DataExtent.Storage.BLOCKS && x.isCompressed()).toList();
        }

        List<DataExtent> pclusters(CompressionAlgorithm algorithm) {
            List<DataExtent> list = pclusters().stream().filter(x -> x.algorithm() == algorithm).toList();
            assertFalse(list.isEmpty(), path + " has " + algorithm + " pclusters in blocks: " + extents);
            return list;
        }

        DataExtent middlePcluster(CompressionAlgorithm algorithm) {
            List<DataExtent> list = pclusters(algorithm);
            return list.get(list.size() / 2);
        }

        long blockOf(DataExtent pcluster) {
            return pcluster.physical().offset() >> blkszbits;
        }

        /** Full indexes: 8-byte entries, starting 8 bytes after the map header's end. */
        ByteRange fullIndexEntry(long lcn) {
            assertEquals(DataLayout.COMPRESSED_FULL, inode.layout());
            return new ByteRange(header.end() + 8 + 8 * lcn, 8);
        }

        /** From the map header to past the largest index this file could have (8 bytes an lcluster). */
        ByteRange indexArea() {
            long lclusters = (inode.size() + (1L << blkszbits) - 1) >> blkszbits;
            return new ByteRange(header.range().offset(), 16 + 8 * lclusters);
        }

        /**
         * Lcluster {@code lcn}'s entry in compact indexes, which start right after the map header:
         * 4-byte-per-entry packs up to the next 32-byte boundary, then (with COMPACTED_2B) packs
         * of 16 2-byte entries, then 4-byte packs again. Each pack holds its entries' bit fields
         * (lo bits: cluster offset or delta, then 2 type bits) and ends with a le32 block address.
         */
        CompactSlot compactSlot(long lcn) {
            assertEquals(DataLayout.COMPRESSED_COMPACT, inode.layout());
            long ebase = header.end();
            long total = (inode.size() + (1L << blkszbits) - 1) >> blkszbits;
            long initial4B = ((32 - ebase % 32) / 4) & 7;
            long count2B = header.has(MapHeader.ADVISE_COMPACTED_2B) && initial4B < total
                    ? (total - initial4B) / 16 * 16 : 0;
            long pos;
            int entryBytes;
            if (lcn < initial4B) {
                pos = ebase + 4 * lcn;
                entryBytes = 4;
            } else if (lcn < initial4B + count2B) {
                pos = ebase + 4 * initial4B + 2 * (lcn - initial4B);
                entryBytes = 2;
            } else {
                pos = ebase + 4 * initial4B + 2 * count2B + 4 * (lcn - initial4B - count2B);
                entryBytes = 4;
            }
            int perPack = entryBytes == 4 ? 2 : 16;
            int packSize = perPack * entryBytes;
            long packStart = pos & -(long) packSize;
            int k = (int) ((pos - packStart) / entryBytes);
            int encodeBits = (packSize - 4) * 8 / perPack;
            return new CompactSlot(packStart, packSize, perPack, k, k * encodeBits, Math.max(lclusterBits(), 12));
        }
    }

    /** One entry of a compact index pack. */
    private record CompactSlot(long packStart, int packSize, int perPack, int indexInPack, int bit, int lobits) {
        ByteRange pack() {
            return new ByteRange(packStart, packSize);
        }

        long baseAddress() {
            return packStart + packSize - 4;
        }

        int type(Bytes b) {
            return (int) (b.bits(packStart, bit, lobits + 2) >>> lobits) & 3;
        }

        void set(Bytes b, int type, int lo) {
            b.bits(packStart, bit, lobits + 2, ((long) type << lobits) | lo);
        }
    }

    private static Target locate(String name, String path) throws Exception {
        Fixture f = Fixture.mini(name);
        try (ErofsImage image = f.open()) {
            Entry entry = image.lookup(path);
            assertNotNull(entry, path + " in " + f);
            FileData data = image.data(entry.inode());
            assertTrue(data instanceof CompressedData, path + " in " + f + " is compressed");
            MapHeader header = ((CompressedData) data).header();
            assertEquals((entry.inode().end() + 7) & ~7L, header.range().offset(),
                    "the map header sits at the first 8-byte boundary after the inode and its xattrs");
            return new Target(f, path, entry.inode(), header, data.extents(), image.superblock().blkszbits(),
                    image.primary().length());
        }
    }

    private static long packedInodeSize(Fixture f) throws Exception {
        try (ErofsImage image = f.open()) {
            return image.inode(image.superblock().packedNid()).size();
        }
    }

    // ---- damaging a copy --------------------------------------------------------------------

    @FunctionalInterface
    private interface Damage {
        void apply(Bytes bytes);
    }

    /** A copy of the fixture's image with {@code damage} done to it. */
    private Path damaged(Fixture f, Damage damage) throws IOException {
        byte[] file = Files.readAllBytes(f.image());
        damage.apply(new Bytes(file, f.offset()));
        return write(f, file);
    }

    /** A copy of the fixture's image that ends after {@code length} bytes of the image. */
    private Path cut(Fixture f, long length) throws IOException {
        byte[] file = Files.readAllBytes(f.image());
        assertTrue(length < file.length - f.offset());
        return write(f, Arrays.copyOf(file, (int) (f.offset() + length)));
    }

    private Path write(Fixture f, byte[] file) throws IOException {
        Path copy = dir.resolve(f.name() + "-" + (++copies) + ".erofs");
        Files.write(copy, file);
        return copy;
    }

    /** The bytes of an image copy, addressed as the reader addresses them: from the start of the EROFS image. */
    private static final class Bytes {
        private final byte[] file;
        private final int base;

        Bytes(byte[] file, long base) {
            this.file = file;
            this.base = (int) base;
        }

        int u8(long pos) {
            return file[base + (int) pos] & 0xFF;
        }

        void u8(long pos, int value) {
            file[base + (int) pos] = (byte) value;
        }

        int u16(long pos) {
            return u8(pos) | u8(pos + 1) << 8;
        }

        void u16(long pos, int value) {
            u8(pos, value);
            u8(pos + 1, value >>> 8);
        }

        long u32(long pos) {
            return u16(pos) | (long) u16(pos + 2) << 16;
        }

        void u32(long pos, long value) {
            u16(pos, (int) value);
            u16(pos + 2, (int) (value >>> 16));
        }

        void u64(long pos, long value) {
            u32(pos, value);
            u32(pos + 4, value >>> 32);
        }

        void fill(ByteRange range, int value) {
            Arrays.fill(file, base + (int) range.offset(), base + (int) range.end(), (byte) value);
        }

        /** {@code width} bits from bit {@code bit} of the little-endian bit stream at {@code pos}. */
        long bits(long pos, int bit, int width) {
            long v = 0;
            for (int i = 0; i < width; i++) {
                int at = bit + i;
                v |= (long) ((u8(pos + at / 8) >>> (at % 8)) & 1) << i;
            }
            return v;
        }

        void bits(long pos, int bit, int width, long value) {
            for (int i = 0; i < width; i++) {
                int at = bit + i;
                int mask = 1 << (at % 8);
                int old = u8(pos + at / 8);
                u8(pos + at / 8, ((value >>> i) & 1) != 0 ? old | mask : old & ~mask);
            }
        }
    }

    // ---- reading the damaged copy -----------------------------------------------------------

    @FunctionalInterface
    private interface Reading {
        void run() throws IOException, ImageException;
    }

    /** Lists the whole image as the app and the command line do: paths are added to errors. */
    private static Reading listing(Path copy, Fixture f) {
        return () -> {
            try (ErofsImage image = ErofsImage.open(copy, f.offset(), f.devices())) {
                Manifest.of(image);
            }
        };
    }

    private static Reading wholeFile(Path copy, Target t) {
        return readingOf(copy, t, 0, (int) t.inode().size());
    }

    /** Reads {@code length} bytes at {@code position} of the target file, by nid. */
    private static Reading readingOf(Path copy, Target t, long position, int length) {
        return () -> {
            try (ErofsImage image = ErofsImage.open(copy, t.fixture().offset(), t.fixture().devices())) {
                FileData data = image.data(image.inode(t.nid()));
                byte[] buffer = new byte[length];
                int done = 0;
                while (done < length) {
                    int n = data.read(position + done, buffer, done, length - done);
                    if (n <= 0) {
                        break;
                    }
                    done += n;
                }
            }
        };
    }

    /** Runs the reading within the limit: null when it succeeds, else its ImageException. Nothing else may escape. */
    private static ImageException outcome(Reading reading) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            try {
                reading.run();
                return null;
            } catch (ImageException e) {
                return e;
            } catch (AssertionError a) {
                throw a;
            } catch (IOException | RuntimeException | Error e) {
                return fail("a damaged image must be reported as an ImageException, not as " + e, e);
            }
        }, "reading a damaged image must end within " + LIMIT_SECONDS + " s");
    }

    private static ImageException assertReported(Reading reading) {
        ImageException e = outcome(reading);
        assertNotNull(e, "the damage must be reported, but the read succeeded");
        assertWellFormed(e);
        return e;
    }

    private static void assertWellFormed(ImageException e) {
        assertNotNull(e.getMessage());
        assertFalse(e.problem().isBlank(), "the message says what is wrong");
        assertTrue(e.getMessage().contains("at byte offset"), "the message says where: " + e.getMessage());
        assertTrue(e.offset() >= 0, e.getMessage());
    }

    /** Read through Manifest.of, the report names the damaged file's path, and its nid where it has one. */
    private static void assertNamesFile(ImageException e, Target t) {
        assertEquals(Optional.of(t.path()), e.path(), "names the damaged file: " + e.getMessage());
        if (e.nid().isPresent()) {
            assertEquals(OptionalLong.of(t.nid()), e.nid(), "names the damaged inode: " + e.getMessage());
        }
    }

    /** The report points at the bogus address, or at the index entry that holds it. */
    private static void assertPointsAt(ImageException e, long address, ByteRange entry) {
        assertTrue(e.offset() == address || entry.contains(e.offset()),
                "points at " + address + " or at the index entry " + entry + ": " + e.getMessage());
    }

    private static void assertOtherFilesStillReadAsTheKernelListsThem(Path copy, Fixture f, String damaged)
            throws Exception {
        Map<String, String> digests = KernelDigests.of(f);
        try (ErofsImage image = ErofsImage.open(copy, f.offset(), f.devices())) {
            for (Map.Entry<String, String> d : digests.entrySet()) {
                if (!d.getKey().equals(damaged)) {
                    FileData data = image.data(image.lookup(d.getKey()).inode());
                    assertEquals(d.getValue(), KernelDigests.sha256(data.readFully(0, (int) data.size())), d.getKey());
                }
            }
        }
    }

    /** Each regular file reads as the kernel listed it or is reported; returns how many read right. */
    private static int assertEveryFileReadsRightOrIsReported(Path copy, Fixture f) throws Exception {
        int intact = 0;
        try (ErofsImage image = ErofsImage.open(copy, f.offset(), f.devices())) {
            for (Map.Entry<String, String> d : KernelDigests.of(f).entrySet()) {
                String[] digest = new String[1];
                ImageException e = outcome(() -> {
                    Entry entry = image.lookup(d.getKey());
                    assertNotNull(entry, "a lookup finds " + d.getKey() + " or fails, it does not miss it");
                    FileData data = image.data(entry.inode());
                    digest[0] = KernelDigests.sha256(data.readFully(0, (int) data.size()));
                });
                if (e == null) {
                    assertEquals(d.getValue(), digest[0], d.getKey() + " reads as the kernel listed it, or fails");
                    intact++;
                } else {
                    assertWellFormed(e);
                }
            }
        }
        return intact;
    }
}

package erofsbrowser.erofs.map;

import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.data.ChunkedData;
import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.ondisk.DataLayout;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.MapHeader;
import erofsbrowser.erofs.ondisk.SuperblockField;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.erofs.ondisk.XattrPrefix;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import erofsbrowser.Fixture;
import erofsbrowser.erofs.map.ImageRegion.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "who owns this byte" map: what each byte of an image is, and what belongs to an inode. */
class ImageMapTest {

    static Stream<Fixture> allImages() {
        return Fixture.all();
    }

    static Stream<Fixture> miniImages() {
        return Fixture.mini();
    }

    private static ImageMap build(ErofsImage image) throws ImageException {
        return ImageMap.build(image, () -> false);
    }

    private static List<Entry> walk(ErofsImage image) throws ImageException {
        List<Entry> entries = new ArrayList<>();
        image.walkEntries(image.root(), entries::add);
        return entries;
    }

    /** The first entry the walk finds for each nid: the one whose path inode-level regions carry. */
    private static Map<Long, Entry> firstEntryByNid(List<Entry> entries) {
        Map<Long, Entry> first = new LinkedHashMap<>();
        for (Entry e : entries) {
            first.putIfAbsent(e.nid(), e);
        }
        return first;
    }

    private static void assertOwned(ImageRegion r, Kind kind, Entry owner, String where) {
        assertNotNull(r, where + ": unmapped");
        assertEquals(kind, r.kind(), where + ": " + r);
        assertEquals(owner.nid(), r.nid(), where + ": " + r);
        assertArrayEquals(owner.path(), r.path(), where + ": " + r);
    }

    // ---- mini-plain: inodes, dirents, names, superblock, data ---------------------------------

    @Test
    void everyInodeMapsToTheInodeOfItsFirstPath() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            for (Entry e : firstEntryByNid(walk(image)).values()) {
                ByteRange inode = e.inode().range();
                for (long b = inode.offset(); b < inode.end(); b++) {
                    assertOwned(map.innermostAt(b), Kind.INODE, e, e.pathString() + " byte " + b);
                    assertEquals(1, map.regionsAt(b).size(), "an inode is inside nothing else");
                }
                assertEquals(inode, map.innermostAt(inode.offset()).range());
            }
        }
    }

    @Test
    void inodeDescriptionNamesPathNidAndForm() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            Entry hello = image.lookup("/hello.txt");
            ImageRegion r = map.innermostAt(hello.inode().offset());
            String form = hello.inode().extended() ? "extended, 64 bytes" : "compact, 32 bytes";
            assertEquals("inode of /hello.txt (nid " + hello.nid() + ", " + form + ")", r.description());
        }
    }

    @Test
    void everyDirentMapsToTheEntryItNamesInsideItsDirectoryBlock() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            for (Entry e : walk(image)) {
                if (e.isRoot()) {
                    continue;
                }
                ByteRange dirent = e.dirent().range();
                assertNotNull(dirent, "plain directories have dirent ranges");
                for (long b = dirent.offset(); b < dirent.end(); b++) {
                    List<ImageRegion> at = map.regionsAt(b);
                    assertEquals(2, at.size(), e.pathString() + ": " + at);
                    assertEquals(Kind.DIRECTORY_BLOCK, at.get(0).kind(), "outermost first");
                    assertEquals(e.parentNid(), at.get(0).nid());
                    assertOwned(at.get(1), Kind.DIRENT, e, e.pathString() + " dirent byte " + b);
                }
                ByteRange name = e.dirent().nameRange();
                for (long b = name.offset(); b < name.end(); b++) {
                    assertOwned(map.innermostAt(b), Kind.DIRENT_NAME, e, e.pathString() + " name byte " + b);
                }
            }
            Entry l1 = image.lookup("/deep/l1");
            assertEquals("dirent of /deep/l1 in /deep", map.innermostAt(l1.dirent().range().offset()).description());
            assertEquals("name of /deep/l1", map.innermostAt(l1.dirent().nameRange().offset()).description());
        }
    }

    @Test
    void dotAndDotDotDirentsBelongToTheDirectoryHoldingThem() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            Entry deep = image.lookup("/deep");
            List<Dirent> dirents = image.dirents(deep.inode());
            Dirent dot = dirents.stream().filter(Dirent::isDot).findFirst().orElseThrow();
            Dirent dotDot = dirents.stream().filter(Dirent::isDotDot).findFirst().orElseThrow();
            assertOwned(map.innermostAt(dot.range().offset()), Kind.DIRENT, deep, "\".\"");
            assertEquals("dirent \".\" in /deep", map.innermostAt(dot.range().offset()).description());
            assertOwned(map.innermostAt(dotDot.range().offset()), Kind.DIRENT, deep, "\"..\"");
            assertEquals("name \"..\" in /deep", map.innermostAt(dotDot.nameRange().offset()).description());
        }
    }

    @Test
    void superblockFieldsMapToThemselvesAndNothingElse() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            for (long b = 1024; b < 1028; b++) {
                List<ImageRegion> at = map.regionsAt(b);
                assertEquals(1, at.size(), "a superblock field is inside nothing else");
                assertEquals(Kind.SUPERBLOCK_FIELD, at.get(0).kind());
                assertEquals("superblock field magic", at.get(0).description());
                assertEquals(new ByteRange(1024, 4), at.get(0).range());
                assertNull(at.get(0).path());
                assertEquals(-1, at.get(0).nid());
            }
            List<SuperblockField> present = SuperblockField.presentIn(image.superblock());
            assertFalse(present.contains(SuperblockField.METABOX_NID), "no extension slot in this image");
            for (SuperblockField f : present) {
                for (long b = f.range().offset(); b < f.range().end(); b++) {
                    assertEquals("superblock field " + f.formatName(), map.innermostAt(b).description());
                }
            }
        }
    }

    @Test
    void superblockFieldsCoverTheBaseSuperblockAndTheFirstExtensionSlot() {
        long expected = 0;
        for (SuperblockField f : SuperblockField.values()) {
            assertEquals(expected, f.offset(), f + " follows the previous field");
            expected += f.size();
        }
        assertEquals(144, expected, "128-byte base plus one 16-byte extension slot");
        assertEquals(new ByteRange(1024 + 12, 1), SuperblockField.BLKSZBITS.range());
    }

    @Test
    void metaboxNidIsAFieldOnlyWhenTheSuperblockHasAnExtensionSlot() throws Exception {
        try (ErofsImage image = Fixture.mini("metabox").open()) {
            ImageMap map = build(image);
            assertTrue(SuperblockField.presentIn(image.superblock()).contains(SuperblockField.METABOX_NID));
            assertEquals("superblock field metabox_nid", map.innermostAt(1024 + 128).description());
            assertEquals("superblock field reserved3", map.innermostAt(1024 + 143).description());
        }
    }

    @Test
    void helloTxtDataMapsToItsDataOrInlineTail() throws Exception {
        for (String name : List.of("plain", "plain-noinline")) {
            try (ErofsImage image = Fixture.mini(name).open()) {
                ImageMap map = build(image);
                Entry hello = image.lookup("/hello.txt");
                List<DataExtent> extents = image.data(hello.inode()).extents();
                assertFalse(extents.isEmpty());
                for (DataExtent x : extents) {
                    long middle = x.physical().offset() + x.physical().length() / 2;
                    Kind kind = x.storage() == DataExtent.Storage.INLINE ? Kind.INLINE_DATA : Kind.FILE_DATA;
                    assertOwned(map.innermostAt(middle), kind, hello, name);
                    assertEquals(x.physical(), map.innermostAt(middle).range());
                }
            }
        }
    }

    @Test
    void regionsOfAnInodeHoldItsInodeDirentNameAndData() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            Entry hello = image.lookup("/hello.txt");
            List<ImageRegion> regions = map.regionsOf(hello.nid());
            List<Kind> kinds = regions.stream().map(ImageRegion::kind).toList();
            assertTrue(kinds.contains(Kind.INODE), kinds.toString());
            assertTrue(kinds.contains(Kind.DIRENT), kinds.toString());
            assertTrue(kinds.contains(Kind.DIRENT_NAME), kinds.toString());
            assertTrue(kinds.contains(Kind.FILE_DATA) || kinds.contains(Kind.INLINE_DATA), kinds.toString());
            for (ImageRegion r : regions) {
                assertEquals(hello.nid(), r.nid(), r.toString());
            }
            for (int i = 1; i < regions.size(); i++) {
                assertTrue(regions.get(i - 1).range().offset() <= regions.get(i).range().offset(), "image order");
            }
            assertTrue(map.regionsOf(123456789L).isEmpty(), "no such inode");
        }
    }

    @Test
    void aDirectoryOwnsItsBlocksButNotItsChildren() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            Entry bigdir = image.lookup("/bigdir");
            List<ImageRegion> regions = map.regionsOf(bigdir.nid());
            long blocks = regions.stream().filter(r -> r.kind() == Kind.DIRECTORY_BLOCK).count();
            assertEquals(image.directoryBlocks(bigdir.inode()).size(), blocks);
            long dirents = regions.stream().filter(r -> r.kind() == Kind.DIRENT).count();
            assertEquals(3, dirents, "its own dirent in / plus \".\" and \"..\"");
        }
    }

    @Test
    void aHardLinkedInodeIsMappedOnceWithADirentPerName() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            Map<Long, List<Entry>> byNid = new HashMap<>();
            for (Entry e : walk(image)) {
                byNid.computeIfAbsent(e.nid(), k -> new ArrayList<>()).add(e);
            }
            List<Entry> names = byNid.values().stream().filter(l -> l.size() > 1).findFirst().orElseThrow();
            List<ImageRegion> regions = map.regionsOf(names.get(0).nid());
            assertEquals(1, regions.stream().filter(r -> r.kind() == Kind.INODE).count());
            assertEquals(names.size(), regions.stream().filter(r -> r.kind() == Kind.DIRENT).count());
            ImageRegion inode = regions.stream().filter(r -> r.kind() == Kind.INODE).findFirst().orElseThrow();
            assertArrayEquals(names.get(0).path(), inode.path(), "described by the first path");
            for (Entry name : names) {
                assertOwned(map.innermostAt(name.dirent().range().offset()), Kind.DIRENT, name, name.pathString());
            }
        }
    }

    @Test
    void sharedXattrsBelongToNoSingleEntryButShowUnderEachUser() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            Entry user = image.lookup("/xattr/shared0");
            Xattr shared = image.xattrs(user.inode()).stream().filter(Xattr::isShared).findFirst().orElseThrow();
            ImageRegion r = map.innermostAt(shared.range().offset());
            assertEquals(Kind.SHARED_XATTR, r.kind());
            assertEquals(shared.range(), r.range());
            assertNull(r.path());
            assertEquals(-1, r.nid());
            assertTrue(r.description().startsWith("shared xattr " + shared.sharedId() + ": " + shared.nameString()
                    + " (used by "), r.description());
            assertTrue(map.regionsOf(user.nid()).contains(r));
            ImageRegion area = map.innermostAt(user.inode().xattrAreaRange().offset());
            assertOwned(area, Kind.XATTR_AREA, user, "xattr area");
        }
    }

    @Test
    void bytesOutsideEveryStructureAreUnused() throws Exception {
        try (ErofsImage image = Fixture.mini("plain-noinline").open()) {
            ImageMap map = build(image);
            assertNull(map.innermostAt(0), "the boot area");
            assertNull(map.innermostAt(1023));
            assertTrue(map.regionsAt(512).isEmpty());
            assertNull(map.innermostAt(-1));
            assertNull(map.innermostAt(image.primary().length()));
            Entry hello = image.lookup("/hello.txt");
            ByteRange data = image.data(hello.inode()).extents().get(0).physical();
            assertTrue(data.end() % image.superblock().blockSize() != 0, "the block has padding after the data");
            assertNull(map.innermostAt(data.end()), "padding after the last byte of a file");
            assertNotNull(map.innermostAt(data.end() - 1));
        }
    }

    // ---- compressed images ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lz4hc-big-pcluster", "lz4-legacy", "lz4hc-ztailpacking", "lz4", "lzma", "zstd",
            "bit48", "lz4hc-b1024", "multi-algo-deflate"})
    void compressedFilesMapTheirPclustersMapHeaderAndIndexes(String name) throws Exception {
        try (ErofsImage image = Fixture.mini(name).open()) {
            ImageMap map = build(image);
            int files = 0;
            for (Entry e : firstEntryByNid(walk(image)).values()) {
                Inode inode = e.inode();
                if (!inode.layout().isCompressed()) {
                    continue;
                }
                files++;
                MapHeader header = MapHeader.read(image.metadata(inode), inode);
                assertOwned(map.innermostAt(header.range().offset()), Kind.MAP_HEADER, e, e.pathString());
                assertEquals(header.range(), map.innermostAt(header.range().end() - 1).range());
                ImageRegion index = map.regionsOf(e.nid()).stream()
                        .filter(r -> r.kind() == Kind.COMPRESSION_INDEX).findFirst().orElseThrow();
                assertEquals(header.range().end(), index.range().offset(), "indexes follow the header");
                for (DataExtent x : image.data(inode).extents()) {
                    if (x.storage() == DataExtent.Storage.HOLE || x.storage() == DataExtent.Storage.FRAGMENT) {
                        continue;
                    }
                    for (long b : new long[] {x.physical().offset(), x.physical().end() - 1}) {
                        ImageRegion r = map.innermostAt(b);
                        assertOwned(r, Kind.PCLUSTER, e, e.pathString() + " pcluster byte " + b);
                        assertEquals(x.physical(), r.range());
                    }
                    if (x.storage() == DataExtent.Storage.INLINE) {
                        assertEquals(index.range().end(), x.physical().offset(),
                                "ztailpacking: the tail pcluster follows the end of the index area");
                    }
                }
            }
            assertTrue(files > 0, "the image has compressed files");
        }
    }

    @Test
    void pclusterDescriptionGivesAlgorithmAndSizes() throws Exception {
        try (ErofsImage image = Fixture.mini("lz4hc-ztailpacking").open()) {
            ImageMap map = build(image);
            Entry text = image.lookup("/text-70k.txt");
            DataExtent first = image.data(text.inode()).extents().get(0);
            assertEquals("pcluster of /text-70k.txt: lz4, " + first.physical().length() + " bytes -> " + first.length()
                    + " (file bytes 0.." + first.length() + ")", map.innermostAt(first.physical().offset()).description());
        }
    }

    @Test
    void compressionConfigRecordsAreMapped() throws Exception {
        try (ErofsImage image = Fixture.mini("multi-algo").open()) {
            ImageMap map = build(image);
            assertEquals(3, image.compressionConfigs().size());
            for (CompressionConfig c : image.compressionConfigs()) {
                ImageRegion r = map.innermostAt(c.range().offset());
                assertEquals(Kind.COMPRESSION_CONFIG, r.kind());
                assertEquals(c.range(), r.range());
                assertEquals("compression config record of " + c.algorithm().formatName(), r.description());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lz4hc-fragments", "lz4hc-allfrag-dedupe"})
    void thePackedInodesPclustersAreDescribedAsFragmentsOfOtherFiles(String name) throws Exception {
        try (ErofsImage image = Fixture.mini(name).open()) {
            ImageMap map = build(image);
            long packed = image.superblock().packedNid();
            List<ImageRegion> regions = map.regionsOf(packed);
            ImageRegion inode = regions.stream().filter(r -> r.kind() == Kind.INODE).findFirst().orElseThrow();
            assertNull(inode.path(), "no path leads to the packed inode");
            assertEquals(packed, inode.nid());
            assertTrue(inode.description().startsWith("packed inode (nid " + packed), inode.description());
            List<ImageRegion> pclusters = regions.stream().filter(r -> r.kind() == Kind.PCLUSTER).toList();
            assertFalse(pclusters.isEmpty());
            for (ImageRegion r : pclusters) {
                assertTrue(r.description().startsWith("pcluster of the packed inode (fragments of "), r.description());
            }
        }
    }

    @Test
    void metaboxResidentInodesAreLeftOutButTheMetaboxInodeIsMapped() throws Exception {
        try (ErofsImage image = Fixture.mini("metabox").open()) {
            ImageMap map = build(image);
            long metabox = image.superblock().metaboxNid();
            for (int i = 0; i < map.size(); i++) {
                ImageRegion r = map.region(i);
                if (r.kind() == Kind.INODE) {
                    assertEquals(metabox, r.nid(), "only the metabox inode lives in the image: " + r);
                    assertTrue(r.description().startsWith("metabox inode"), r.description());
                }
                assertTrue(r.kind() != Kind.DIRENT && r.kind() != Kind.XATTR_AREA && r.kind() != Kind.INLINE_DATA,
                        "these live in the metabox: " + r);
            }
            assertTrue(map.regionsOf(metabox).stream().anyMatch(r -> r.kind() == Kind.PCLUSTER));
        }
    }

    // ---- chunked images ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chunked", "chunked-indexes", "chunked-blob"})
    void chunkedFilesMapTheirChunkIndexTable(String name) throws Exception {
        try (ErofsImage image = Fixture.mini(name).open()) {
            ImageMap map = build(image);
            int files = 0;
            for (Entry e : firstEntryByNid(walk(image)).values()) {
                Inode inode = e.inode();
                if (inode.layout() != DataLayout.CHUNK_BASED || inode.size() == 0) {
                    continue;
                }
                files++;
                ChunkedData data = (ChunkedData) image.data(inode);
                long chunks = (inode.size() + data.chunkSize() - 1) / data.chunkSize();
                ByteRange first = data.chunkIndex(0).range();
                ImageRegion table = map.innermostAt(first.offset());
                assertOwned(table, Kind.CHUNK_INDEX, e, e.pathString());
                assertEquals(new ByteRange(first.offset(), chunks * first.length()), table.range());
                List<ImageRegion> own = map.regionsOf(e.nid());
                for (DataExtent x : data.extents()) {
                    if (x.storage() == DataExtent.Storage.BLOCKS && x.device() == 0) {
                        for (long b = x.physical().offset(); b < x.physical().end(); b += data.chunkSize()) {
                            ImageRegion r = map.innermostAt(b);
                            assertEquals(Kind.FILE_DATA, r.kind(), e.pathString());
                            assertTrue(own.contains(r), e.pathString() + ": its own data or data shared with it: " + r);
                        }
                    }
                }
            }
            assertTrue(files > 0);
        }
    }

    /** Chunked images deduplicate chunks: a chunk two files share is one region naming both. */
    @Test
    void aChunkSharedByTwoFilesIsOneRegionOfBoth() throws Exception {
        try (ErofsImage image = Fixture.mini("chunked").open()) {
            ImageMap map = build(image);
            Entry a = image.lookup("/dup/a.txt");
            Entry b = image.lookup("/dup/b.txt");
            ByteRange aData = image.data(a.inode()).extents().get(0).physical();
            ByteRange bData = image.data(b.inode()).extents().get(0).physical();
            assertEquals(aData, bData, "identical files share their chunks");
            ImageRegion shared = map.innermostAt(aData.offset());
            assertOwned(shared, Kind.FILE_DATA, a, "the first path owns it");
            assertEquals(aData, shared.range(), "one run, not a region per chunk");
            assertEquals("data of /dup/a.txt (file bytes 0.." + aData.length() + "); shared with /dup/b.txt",
                    shared.description());
            assertTrue(map.regionsOf(b.nid()).contains(shared));
            assertEquals(1, map.regionsAt(aData.offset()).size(), "not two overlapping regions");
        }
    }

    @Test
    void dataOnAnExtraDeviceIsLeftOutAndTheDeviceSlotIsMapped() throws Exception {
        try (ErofsImage image = Fixture.mini("chunked-blob").open()) {
            ImageMap map = build(image);
            DeviceSlot slot = image.deviceSlots().get(0);
            ImageRegion r = map.innermostAt(slot.range().offset());
            assertEquals(Kind.DEVICE_SLOT, r.kind());
            assertEquals(slot.range(), r.range());
            assertTrue(r.description().startsWith("device slot 0 (extra device 1"), r.description());
            Entry text = image.lookup("/text-70k.txt");
            assertTrue(map.regionsOf(text.nid()).stream().noneMatch(x -> x.kind() == Kind.FILE_DATA),
                    "its chunks are on the blob");
        }
    }

    @Test
    void longXattrPrefixesStoredInTheImageAreMapped() throws Exception {
        try (ErofsImage image = Fixture.mini("xattr-prefixes").open()) {
            ImageMap map = build(image);
            List<XattrPrefix> prefixes = image.xattrPrefixes();
            assertEquals(2, prefixes.size());
            for (XattrPrefix p : prefixes) {
                ImageRegion r = map.innermostAt(p.range().offset());
                assertEquals(Kind.LONG_XATTR_PREFIX, r.kind());
                assertEquals("long xattr prefix " + p.index() + " (" + p.name() + ")", r.description());
            }
        }
    }

    // ---- every fixture ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("allImages")
    void everyRegionLiesInsideTheImageInImageOrder(Fixture fixture) throws Exception {
        try (ErofsImage image = fixture.open()) {
            ImageMap map = build(image);
            assertEquals(List.of(), map.problems());
            assertTrue(map.size() > 30);
            long length = image.primary().length();
            ImageRegion previous = null;
            for (int i = 0; i < map.size(); i++) {
                ImageRegion r = map.region(i);
                assertTrue(r.range().length() > 0 && r.range().end() <= length, r.toString());
                assertTrue(r.path() == null || r.nid() != -1, "an entry has a nid: " + r);
                if (previous != null) {
                    assertTrue(previous.range().offset() < r.range().offset()
                            || (previous.range().offset() == r.range().offset()
                                && previous.range().end() >= r.range().end()), previous + " before " + r);
                }
                previous = r;
            }
        }
    }

    /**
     * No two regions of one kind overlap: two inodes, two dirents, two pclusters never share a
     * byte. Where the format does share bytes (a hard-linked inode, a deduplicated pcluster, a
     * shared xattr) the map holds one region with several owners, so this holds there too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allImages")
    void regionsOfOneKindDoNotOverlap(Fixture fixture) throws Exception {
        try (ErofsImage image = fixture.open()) {
            ImageMap map = build(image);
            Map<Kind, ImageRegion> last = new HashMap<>();
            for (int i = 0; i < map.size(); i++) {
                ImageRegion r = map.region(i);
                ImageRegion before = last.put(r.kind(), r);
                if (before != null) {
                    assertTrue(before.range().end() <= r.range().offset(), before + " overlaps " + r);
                }
            }
        }
    }

    /** Every region is found by offset exactly where a scan of all regions finds it, in the same order. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void lookupsAgreeWithAScanOfAllRegions(Fixture fixture) throws Exception {
        try (ErofsImage image = fixture.open()) {
            ImageMap map = build(image);
            List<ImageRegion> all = new ArrayList<>();
            for (int i = 0; i < map.size(); i++) {
                all.add(map.region(i));
            }
            List<Long> probes = new ArrayList<>();
            for (ImageRegion r : all) {
                probes.addAll(List.of(r.range().offset() - 1, r.range().offset(), r.range().end() - 1, r.range().end()));
            }
            Random random = new Random(7);
            for (int k = 0; k < 500; k++) {
                probes.add(random.nextLong(image.primary().length()));
            }
            for (long b : probes) {
                List<ImageRegion> expected = all.stream().filter(r -> r.range().contains(b)).toList();
                List<ImageRegion> found = map.regionsAt(b);
                assertEquals(expected, found, "byte " + b);
                assertEquals(expected.isEmpty() ? null : expected.get(expected.size() - 1), map.innermostAt(b));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void everyOwnedRegionIsAmongTheRegionsOfItsInode(Fixture fixture) throws Exception {
        try (ErofsImage image = fixture.open()) {
            ImageMap map = build(image);
            Map<Long, List<ImageRegion>> byNid = new HashMap<>();
            for (int i = 0; i < map.size(); i++) {
                ImageRegion r = map.region(i);
                if (r.nid() != -1) {
                    byNid.computeIfAbsent(r.nid(), k -> new ArrayList<>()).add(r);
                }
            }
            for (Map.Entry<Long, List<ImageRegion>> e : byNid.entrySet()) {
                List<ImageRegion> of = map.regionsOf(e.getKey());
                assertTrue(of.containsAll(e.getValue()), "nid " + e.getKey());
                for (ImageRegion r : of) {
                    assertTrue(r.nid() == e.getKey() || r.kind() == Kind.SHARED_XATTR
                            || r.description().contains("; shared with "), "owned, or shared with the owner: " + r);
                }
            }
            for (Entry e : walk(image)) {
                if (!e.inode().inMetabox()) {
                    assertTrue(map.regionsOf(e.nid()).stream().anyMatch(r -> r.kind() == Kind.INODE), e.pathString());
                }
            }
        }
    }

    /** A hex view is most needed on a damaged image: one bad inode is reported, the rest mapped. */
    @Test
    void aCorruptInodeIsReportedWhileEverythingElseIsMapped(@TempDir Path dir) throws Exception {
        Fixture fixture = Fixture.mini("lz4");
        long nid;
        ByteRange header;
        try (ErofsImage image = fixture.open()) {
            Entry text = image.lookup("/text-70k.txt");
            nid = text.nid();
            header = MapHeader.read(image.metadata(text.inode()), text.inode()).range();
        }
        byte[] bytes = Files.readAllBytes(fixture.image());
        bytes[(int) (fixture.offset() + header.offset() + 6)] = 0x0F; // h_algorithmtype: no such algorithm
        Path copy = dir.resolve("damaged.erofs");
        Files.write(copy, bytes);
        try (ErofsImage image = ErofsImage.open(copy, fixture.offset(), List.of())) {
            ImageMap map = build(image);
            assertEquals(1, map.problems().size(), map.problems().toString());
            assertEquals(nid, map.problems().get(0).nid().orElseThrow());
            List<Kind> kinds = map.regionsOf(nid).stream().map(ImageRegion::kind).toList();
            assertTrue(kinds.containsAll(List.of(Kind.INODE, Kind.DIRENT, Kind.MAP_HEADER)), kinds.toString());
            assertFalse(kinds.contains(Kind.PCLUSTER), "its extents cannot be read");
            Entry hello = image.lookup("/hello.txt");
            assertFalse(map.regionsOf(hello.nid()).isEmpty(), "other files are mapped");
        }
    }

    // ---- cancellation ----------------------------------------------------------------------------

    @Test
    void aCancelledBuildThrowsAtTheFirstCheckThatSeesTheFlag() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            AtomicInteger calls = new AtomicInteger();
            assertThrows(CancellationException.class, () -> ImageMap.build(image, () -> {
                calls.incrementAndGet();
                return true;
            }));
            assertEquals(1, calls.get(), "checked before any work");
            for (int after : new int[] {5, 100, 300}) {
                AtomicInteger n = new AtomicInteger();
                assertThrows(CancellationException.class,
                        () -> ImageMap.build(image, () -> n.incrementAndGet() > after));
                assertEquals(after + 1, n.get(), "nothing is checked after the flag was seen");
            }
        }
    }

    @Test
    void theBuildChecksForCancellationAtLeastOncePerEntry() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            AtomicInteger calls = new AtomicInteger();
            ImageMap.build(image, () -> {
                calls.incrementAndGet();
                return false;
            });
            assertTrue(calls.get() >= walk(image).size(), calls + " checks");
        }
    }

    @Test
    void pathsAreRawBytes() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = build(image);
            Entry e = image.lookup("/names/日本語.txt");
            ImageRegion r = map.innermostAt(e.inode().offset());
            assertArrayEquals("/names/日本語.txt".getBytes(StandardCharsets.UTF_8), r.path());
            assertEquals("/names/日本語.txt", r.pathString());
            byte[] copy = r.path();
            copy[0] = 'x';
            assertEquals('/', r.path()[0], "the region's path cannot be changed through its accessor");
            assertTrue(Arrays.equals(r.path(), map.innermostAt(e.inode().offset()).path()));
            assertEquals(r, map.innermostAt(e.inode().offset()), "equal by content");
        }
    }
}

package erofsbrowser.erofs;

import erofsbrowser.DamagedImages;
import erofsbrowser.Fixture;
import erofsbrowser.image.Fault;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged image is read as far as it goes: one bad entry hides nothing else, each fault is
 * reported once where it is (byte offset, path), and the walk ends.
 */
@Timeout(60)
class ReadingPastFaultsTest {
    private static final Fixture PLAIN = Fixture.mini("plain");

    @Test
    void aDirectoryWithThreeHostileNamesListsItsOther297AndReportsThreeFaultsWhereTheyAre(@TempDir Path dir) throws Exception {
        DamagedImages.Damaged damaged = DamagedImages.hostileNames(dir);
        try (ErofsImage image = ErofsImage.open(damaged.image())) {
            FileSystemImage.Listing listing = image.listing(image.lookup("/bigdir"));
            assertEquals(297, listing.entries().size(), "every other entry is listed");
            assertEquals(3, listing.faults().size(), listing.faults().toString());
            List<Long> offsets = listing.faults().stream().map(Fault::offset).sorted().toList();
            assertEquals(Arrays.stream(damaged.sortedOffsets()).boxed().toList(), offsets, "each fault is where its name is");
            assertEquals("../x", new String(listing.faults().get(0).name(), StandardCharsets.ISO_8859_1), "the name as read");
            for (Fault f : listing.faults()) {
                assertTrue(f.error().path().orElse("").startsWith("/bigdir"), "names its directory: " + f.line());
            }
            assertTrue(listing.faults().stream().allMatch(f -> f.line().indexOf('\0') < 0)
                    && listing.faults().stream().anyMatch(f -> f.line().contains("f0\\000z")),
                    "a NUL is shown escaped: " + listing.faults());
        }
    }

    @Test
    void everyGoodEntryBesideABadNameIsFoundByItsPath(@TempDir Path dir) throws Exception {
        DamagedImages.Damaged damaged = DamagedImages.hostileNames(dir);
        try (ErofsImage image = ErofsImage.open(damaged.image())) {
            for (int i = 0; i < 300; i++) {
                String path = String.format("/bigdir/f%03d", i);
                boolean patched = i == 10 || i == 20 || i == 30;
                assertEquals(!patched, image.lookup(path) != null, path);
            }
            assertTrue(image.lookup("/bigdir/a/bc") == null, "a bad name is not a path");
        }
    }

    @Test
    void anInodeThatCannotBeDecodedIsOneFaultAmongGoodEntries(@TempDir Path dir) throws Exception {
        Path damaged = DamagedImages.badInode(dir).image();
        try (ErofsImage image = ErofsImage.open(damaged)) {
            FileSystemImage.Listing listing = image.listing(image.root());
            assertEquals(1, listing.faults().size(), listing.faults().toString());
            Fault f = listing.faults().get(0);
            assertEquals("hello.txt", new String(f.name(), StandardCharsets.UTF_8));
            assertEquals("/hello.txt", f.error().path().orElseThrow());
            try (ErofsImage intact = PLAIN.open()) {
                assertEquals(intact.list(intact.root()).size() - 1, listing.entries().size(), "every other entry");
            }
        }
    }

    @Test
    void aDirectoryThatContainsItselfIsReportedOnceAndNotFollowed(@TempDir Path dir) throws Exception {
        Path damaged = DamagedImages.loop(dir).image();
        try (ErofsImage image = ErofsImage.open(damaged)) {
            List<Node> seen = new ArrayList<>();
            List<Fault> faults = new ArrayList<>();
            image.walk(image.root(), seen::add, faults::add);
            List<Fault> loops = faults.stream().filter(f -> f.problem().startsWith("directory loop")).toList();
            assertEquals(1, loops.size(), "reported once: " + faults);
            assertEquals("/deep/l1/l2/l3", loops.get(0).error().path().orElseThrow());
            assertTrue(seen.stream().anyMatch(n -> n.pathString().equals("/xattr/plain")), "the walk went on past it");
        }
    }

    @Test
    void aBadPclusterInTheMiddleOfAFileLeavesTheRestReadable(@TempDir Path dir) throws Exception {
        Fixture fixture = Fixture.mini("lz4");
        byte[] b = Files.readAllBytes(fixture.image());
        byte[] intact;
        erofsbrowser.erofs.data.DataExtent bad;
        try (ErofsImage image = fixture.open()) {
            Entry text = image.lookup("/text-70k.txt");
            intact = image.content(text).readFully(0, (int) text.size());
            List<erofsbrowser.erofs.data.DataExtent> extents = image.data(text.inode()).extents().stream()
                    .filter(x -> x.storage() == erofsbrowser.erofs.data.DataExtent.Storage.BLOCKS).toList();
            assertTrue(extents.size() >= 3, "a file of several pclusters: " + extents.size());
            bad = extents.get(extents.size() / 2);
            Arrays.fill(b, (int) bad.physical().offset(), (int) bad.physical().end(), (byte) 0); // a pcluster of zeros
        }
        Path damaged = dir.resolve("damaged.erofs");
        Files.write(damaged, b);
        try (ErofsImage image = ErofsImage.open(damaged)) {
            Entry text = image.lookup("/text-70k.txt");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            List<erofsbrowser.image.ImageException> faults = new ArrayList<>();
            image.content(text).transferPast(out::write, faults::add);
            byte[] read = out.toByteArray();
            assertEquals(intact.length, read.length, "the whole length: the bad range as zeros");
            assertEquals(1, faults.size(), faults.toString());
            int from = (int) bad.logicalOffset();
            int to = (int) bad.logicalEnd();
            assertTrue(Arrays.equals(intact, 0, from, read, 0, from), "the bytes before the bad pcluster");
            assertTrue(Arrays.equals(intact, to, intact.length, read, to, intact.length), "the bytes after it");
            assertTrue(faults.get(0).offset() >= bad.physical().offset() && faults.get(0).offset() < bad.physical().end(),
                    "the fault names the pcluster's bytes: " + faults.get(0).getMessage());
        }
    }

    @Test
    void aChunkThatPointsPastTheImageIsZerosAndAFaultAtItsIndexAndTheOtherChunksAreRead(@TempDir Path dir) throws Exception {
        for (String name : List.of("chunked", "chunked-indexes")) {
            Fixture fixture = Fixture.mini(name);
            byte[] b = Files.readAllBytes(fixture.image());
            byte[] intact;
            long indexAt;
            long from;
            long to;
            try (ErofsImage image = fixture.open()) {
                Entry text = image.lookup("/text-70k.txt");
                intact = image.content(text).readFully(0, (int) text.size());
                erofsbrowser.erofs.data.ChunkedData data = (erofsbrowser.erofs.data.ChunkedData) image.data(text.inode());
                long chunks = (text.size() + data.chunkSize() - 1) / data.chunkSize();
                assertTrue(chunks >= 3, name + ": a file of several chunks");
                int middle = (int) (chunks / 2);
                from = middle * data.chunkSize();
                to = Math.min(text.size(), from + data.chunkSize());
                erofsbrowser.image.ByteRange index = data.chunkIndex(middle).range();
                indexAt = index.offset();
                // The block address (the whole 4-byte entry, or the low half of an 8-byte index) far past the end.
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (index.offset() + index.length() - 4), 0x00FF_FF00);
            }
            Path damaged = dir.resolve(name + ".erofs");
            Files.write(damaged, b);
            try (ErofsImage image = ErofsImage.open(damaged)) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                List<erofsbrowser.image.ImageException> faults = new ArrayList<>();
                image.content(image.lookup("/text-70k.txt")).transferPast(out::write, faults::add);
                byte[] read = out.toByteArray();
                assertEquals(intact.length, read.length, name + ": the whole length");
                assertEquals(1, faults.size(), name + ": " + faults);
                assertEquals(indexAt, faults.get(0).offset(), name + ": where the bad address is stored");
                assertTrue(Arrays.equals(intact, 0, (int) from, read, 0, (int) from), name + ": the chunks before");
                assertTrue(Arrays.equals(intact, (int) to, intact.length, read, (int) to, intact.length), name + ": the chunks after");
                assertTrue(Arrays.equals(new byte[(int) (to - from)], 0, (int) (to - from), read, (int) from, (int) to), name + ": zeros");
            }
        }
    }

    @Test
    void aTruncatedImageListsEveryEntryBeforeTheCut(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(PLAIN.image());
        long cut;
        List<String> beforeCut = new ArrayList<>();
        try (ErofsImage image = PLAIN.open()) {
            cut = image.lookup("/time").inode().offset() + 1; // inside the inode of a directory near the end
            // An entry can be listed when its dirent, its inode, and those of every directory above it lie before the cut.
            java.util.Map<String, Boolean> readable = new java.util.HashMap<>();
            image.walkEntries(image.root(), e -> {
                String parent = e.isRoot() ? null : e.pathString().substring(0, Math.max(1, e.pathString().lastIndexOf('/')));
                boolean ok = (parent == null || readable.get(parent)) && e.inode().offset() + 64 <= cut
                        && (e.dirent() == null || e.dirent().nameRange().end() <= cut)
                        && (!e.isDirectory() || image.data(e.inode()).extents().stream()
                                .allMatch(x -> x.physical().end() <= cut));
                readable.put(e.pathString(), ok);
                if (ok) {
                    beforeCut.add(e.pathString());
                }
            });
        }
        Path truncated = dir.resolve("truncated.erofs");
        Files.write(truncated, Arrays.copyOf(whole, (int) cut));
        try (ErofsImage image = ErofsImage.open(truncated)) {
            List<String> seen = new ArrayList<>();
            List<Fault> faults = new ArrayList<>();
            image.walk(image.root(), n -> seen.add(n.pathString()), faults::add);
            assertFalse(faults.isEmpty(), "the cut is reported");
            List<String> missing = beforeCut.stream().filter(p -> !seen.contains(p)).toList();
            assertEquals(List.of(), missing, "every entry stored before the cut is listed");
            assertTrue(beforeCut.size() > 10, "the test cuts late enough to keep some: " + beforeCut.size());
        }
    }
}

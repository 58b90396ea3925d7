package erofsbrowser.erofs;

import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.FileType;
import erofsbrowser.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Path lookup, random access and the structures' byte ranges, on the mini fixtures. */
class ReaderTest {

    static Stream<Fixture> images() {
        return Fixture.mini();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void lookupFindsEveryEntryTheWalkFinds(Fixture fixture) throws Exception {
        try (ErofsImage image = fixture.open()) {
            List<Entry> walked = new ArrayList<>();
            image.walkEntries(image.root(), walked::add);
            assertTrue(walked.size() > 300, "the mini tree has about 350 entries");
            for (Entry e : walked) {
                Entry found = image.lookup(e.path());
                assertNotNull(found, e.pathString());
                assertEquals(e.nid(), found.nid(), e.pathString());
                assertArrayEquals(e.path(), found.path());
            }
        }
    }

    @Test
    void lookupOfAbsentNamesFindsNothing() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            assertNull(image.lookup("/bigdir/f0000"), "between two names");
            assertNull(image.lookup("/bigdir/a"), "before the first name");
            assertNull(image.lookup("/bigdir/zzz"), "after the last name");
            assertNull(image.lookup("/hello.txt/x"), "below a file");
            assertEquals(image.root().nid(), image.lookup("/").nid());
            assertEquals(image.lookup("/bigdir/f001").nid(), image.lookup("bigdir//./f001").nid());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void anyRangeOfAnyFileReadsAsTheSameBytesAsTheWholeFile(Fixture fixture) throws Exception {
        Random random = new Random(42);
        try (ErofsImage image = fixture.open()) {
            List<Entry> files = new ArrayList<>();
            image.walkEntries(image.root(), e -> {
                if (e.type() == FileType.FILE && e.inode().size() > 0) {
                    files.add(e);
                }
            });
            for (Entry f : files) {
                FileData data = image.data(f.inode());
                byte[] whole = data.readFully(0, (int) data.size());
                for (int k = 0; k < 5; k++) {
                    int pos = random.nextInt(whole.length);
                    int len = random.nextInt(whole.length - pos + 1);
                    byte[] part = new byte[len + 7];
                    int n = data.read(pos, part, 3, len + 4);
                    assertEquals(Math.min(len + 4, whole.length - pos), n, f.pathString());
                    assertArrayEquals(Arrays.copyOfRange(whole, pos, pos + n), Arrays.copyOfRange(part, 3, 3 + n),
                            f.pathString() + " at " + pos);
                }
                assertEquals(0, data.read(data.size(), new byte[4], 0, 4), "nothing past the end");
            }
        }
    }

    @Test
    void superblockFieldsAreDecoded() throws Exception {
        try (ErofsImage image = Fixture.mini("plain-label").open()) {
            Superblock sb = image.superblock();
            assertEquals(4096, sb.blockSize());
            assertEquals("erofs-fixture", sb.volumeLabel());
            assertEquals("6c7f1e0a-57e3-4c0a-9e11-000000000057", sb.uuidString());
            assertEquals(1700000000L, sb.creationTime().getEpochSecond());
            assertEquals(Superblock.ChecksumStatus.VALID, sb.checksumStatus());
            assertTrue(sb.features().contains(Feature.SB_CHKSUM));
            assertEquals(new ByteRange(1024, 128), sb.range());
        }
        try (ErofsImage image = Fixture.mini("plain-b1024").open()) {
            assertEquals(1024, image.superblock().blockSize());
            assertEquals(Superblock.ChecksumStatus.ABSENT, image.superblock().checksumStatus(), "made with -Enosbcrc");
        }
    }

    @Test
    void structuresKnowWhereTheyLive() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            Entry hello = image.lookup("/hello.txt");
            Inode inode = hello.inode();
            assertEquals(image.superblock().metaOffset() + 32 * inode.nid(), inode.offset());
            Dirent d = hello.dirent();
            byte[] raw = image.primary().read(d.nameRange().offset(), (int) d.nameRange().length());
            assertArrayEquals("hello.txt".getBytes(), raw, "the dirent's name range holds the name");
            long nidOnDisk = image.primary().buffer(d.range().offset(), 8).getLong(0);
            assertEquals(inode.nid(), nidOnDisk, "the dirent's range holds its nid");
            for (DataExtent e : image.data(inode).extents()) {
                byte[] stored = image.primary().read(e.physical().offset(), (int) e.length());
                assertArrayEquals(image.data(inode).readFully(e.logicalOffset(), (int) e.length()), stored);
            }
        }
    }

    @Test
    void xattrsAreResolvedWithTheirPrefixes() throws Exception {
        try (ErofsImage image = Fixture.mini("xattr-prefixes").open()) {
            assertEquals(2, image.xattrPrefixes().size());
            List<String> names = new ArrayList<>();
            image.walkEntries(image.root(), e -> {
                for (Xattr x : image.xattrs(e.inode())) {
                    names.add(x.nameString());
                }
            });
            assertTrue(names.stream().anyMatch(n -> n.startsWith("trusted.overlay.")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("user.sha")), names.toString());
        }
    }
}

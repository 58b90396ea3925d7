package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.Node;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entries the kernel treats specially: encrypted, casefolded, sparse, unwritten; and a journal that needs recovery. */
class Ext4SpecialEntriesTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encryptedEntriesAreListedUnderTheirStoredNamesAsHexAndTheirContentIsRefused() throws Exception {
        try (Ext4Image image = Ext4Fixture.extra("encrypted").open()) {
            Node secret = image.lookup(bytes("/secret"));
            List<? extends Node> inside = image.list(secret);
            assertEquals(3, inside.size());
            List<FileType> types = new ArrayList<>();
            for (Node n : inside) {
                assertTrue(n.nameString().matches("[0-9a-f]{32}"), n.nameString() + " is 16 stored bytes as hex");
                types.add(n.type());
                assertEquals(n.pathString(), image.lookup(n.path()).pathString(), "found again by its hex name");
            }
            assertTrue(types.containsAll(List.of(FileType.FILE, FileType.SYMLINK, FileType.DIR)), types.toString());
            for (Node n : inside) {
                if (n.type() == FileType.FILE) {
                    ImageException e = assertThrows(ImageException.class, () -> image.content(n));
                    assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
                    assertEquals(n.pathString(), e.path().orElseThrow());
                }
                if (n.type() == FileType.SYMLINK) {
                    assertThrows(ImageException.class, () -> image.linkTarget(n));
                }
            }
            Node open = image.lookup(bytes("/open.txt"));
            assertArrayEquals(bytes("visible\n"), image.content(open).readFully(0, 8));
            Field flags = image.structures(secret).get(1).child("i_flags");
            assertTrue(flags.meaning().contains("ENCRYPT"), flags.meaning());
        }
    }

    @Test
    void aCasefoldedDirectoryListsItsStoredNamesAndFindsANameInAnyCase() throws Exception {
        try (Ext4Image image = Ext4Fixture.extra("casefold").open()) {
            Node folded = image.lookup(bytes("/folded"));
            assertTrue(image.structures(folded).get(1).child("i_flags").meaning().contains("CASEFOLD"));
            assertEquals(List.of("Hello.TXT", "SubDir", "Ärger"), image.list(folded).stream().map(Node::nameString).toList());
            Node hello = image.lookup(bytes("/folded/hello.txt"));
            assertNotNull(hello, "a casefolded directory finds a name in another case");
            assertEquals("/folded/Hello.TXT", hello.pathString());
            assertEquals("/folded/Ärger", image.lookup(bytes("/folded/äRGER")).pathString());
            assertNull(image.lookup(bytes("/lost+found/LOST")), "other directories compare exactly");
            assertNull(image.lookup(bytes("/FOLDED")), "the root is not casefolded");
        }
    }

    @Test
    void aJournalThatNeedsRecoveryIsAWarningAndTheImageIsShownAsItIsOnDisk() throws Exception {
        try (Ext4Image image = Ext4Fixture.extra("needs-recovery").open()) {
            assertTrue(image.warnings().stream().anyMatch(w -> w.contains("needs recovery") && w.contains("on disk")),
                    image.warnings().toString());
            assertTrue(Manifest.of(image).size() >= 2, "the tree on disk is still listed");
            Field sb = image.imageStructures().get(0);
            assertTrue(sb.child("s_feature_incompat").meaning().contains("needs_recovery"));
        }
    }

    @Test
    void aCleanJournalIsIgnored() throws Exception {
        Ext4Fixture withJournal = Ext4Fixture.full().filter(f -> f.name().equals("ext4-default")).findFirst().orElse(null);
        Assumptions.assumeTrue(withJournal != null, "the full corpus is not here");
        try (Ext4Image image = withJournal.open()) {
            assertTrue(image.volume().superblock().has(Ext4Feature.HAS_JOURNAL));
            assertEquals(List.of(), image.warnings());
        }
    }

    @Test
    void unwrittenExtentsAndHolesReachTheSinkAsHolesAndReadAsZeros() throws Exception {
        try (Ext4Image image = Ext4Fixture.extra("kernel-made-1k").open()) {
            Node unwritten = image.lookup(bytes("/unwritten"));
            FileContent c = image.content(unwritten);
            long[] holes = {0};
            long[] data = {0};
            c.transferTo(new FileContent.Sink() {
                @Override
                public void accept(byte[] b, int off, int len) {
                    data[0] += len;
                }

                @Override
                public void hole(long length) {
                    holes[0] += length;
                }
            });
            assertEquals(200000, holes[0] + data[0]);
            assertTrue(holes[0] >= 190000, "the unwritten extent is a hole: " + holes[0]);
            assertArrayEquals(bytes("middle"), c.readFully(100000, 6));
            assertArrayEquals(new byte[10], c.readFully(5000, 10));
            Node punched = image.lookup(bytes("/punched"));
            assertArrayEquals(new byte[16], image.content(punched).readFully(60000, 16));
        }
    }

    @Test
    void theFiveGibiByteSparseFileIsReadAtItsEndWithoutReadingItsHole() throws Exception {
        List<Ext4Fixture> images = Ext4Fixture.full().filter(f -> f.name().startsWith("ext4-default")
                || f.name().equals("ext2")).toList();
        Assumptions.assumeTrue(!images.isEmpty(), "the full corpus is not here");
        for (Ext4Fixture f : images) {
            try (Ext4Image image = f.open()) {
                Node sparse = image.lookup(bytes("/huge-sparse.bin"));
                assertTrue(sparse.size() > 5L << 30, f + ": " + sparse.size());
                FileContent c = image.content(sparse);
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                    byte[] tail = c.readFully(sparse.size() - 24, 24);
                    assertTrue(tail[0] != 0 || tail[23] != 0, "the 24 bytes at the end are data");
                    assertArrayEquals(new byte[4096], c.readFully(3L << 30, 4096));
                    long[] seen = {0, 0};
                    c.transferTo(new FileContent.Sink() {
                        @Override
                        public void accept(byte[] b, int off, int len) {
                            seen[0] += len;
                        }

                        @Override
                        public void hole(long length) {
                            seen[1] += length;
                        }
                    });
                    assertTrue(seen[0] <= 64 << 10, f + ": bytes read " + seen[0]);
                    assertEquals(sparse.size(), seen[0] + seen[1]);
                });
            }
        }
    }

    @Test
    void aSparseMiniFileHashesAsTheKernelSaysWithItsHolesPassedOver() throws IOException, Exception {
        try (Ext4Image image = Ext4Fixture.mini("ext2-1k").open()) {
            Node sparse = image.lookup(bytes("/sparse.bin"));
            long[] holes = {0};
            image.content(sparse).transferTo(new FileContent.Sink() {
                @Override
                public void accept(byte[] b, int off, int len) {
                }

                @Override
                public void hole(long length) {
                    holes[0] += length;
                }
            });
            assertTrue(holes[0] >= 64 << 10, "holes: " + holes[0]);
        }
    }
}

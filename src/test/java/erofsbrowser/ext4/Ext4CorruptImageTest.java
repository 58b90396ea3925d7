package erofsbrowser.ext4;

import erofsbrowser.image.FileContent;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static erofsbrowser.ext4.DamagedCopies.copy;
import static erofsbrowser.ext4.DamagedCopies.le16;
import static erofsbrowser.ext4.DamagedCopies.le32;
import static erofsbrowser.ext4.DamagedCopies.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged images made by the tests from sound ones: every fault is an {@link ImageException}
 * naming the byte offset (and the path where one is known), never another exception, a hang or
 * an OutOfMemoryError.
 */
class Ext4CorruptImageTest {
    @TempDir
    Path tmp;

    /**
     * Reads everything a check reads (every entry, its xattrs, link target, content and field
     * trees), passing holes over as an extraction does: a damaged size may promise terabytes of
     * hole, which a digest would take hours to hash.
     */
    private static void readAll(Path image) throws Exception {
        try (Ext4Image img = Ext4Image.open(image)) {
            img.imageStructures();
            img.walk(img.root(), n -> {
                img.structures(n);
                img.xattrs(n);
                if (n.type() == erofsbrowser.image.FileType.SYMLINK) {
                    img.linkTarget(n);
                }
                if (n.type() == erofsbrowser.image.FileType.FILE) {
                    try {
                        img.content(n).transferTo(new FileContent.Sink() {
                            @Override
                            public void accept(byte[] b, int off, int len) {
                            }

                            @Override
                            public void hole(long length) {
                            }
                        });
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
        }
    }

    /** Lists the whole image, reading every file, as a check or an extraction would. */
    private static void readEverything(Path image) throws Exception {
        try (Ext4Image img = Ext4Image.open(image)) {
            Manifest.of(img);
        }
    }

    /** The error a full read of {@code image} raises, within a few seconds. */
    private static ImageException failure(Path image) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                readEverything(image);
            } catch (ImageException e) {
                return e;
            }
            return fail("no error for " + image);
        });
    }

    private static Ext4Entry entry(Ext4Fixture f, String path) throws Exception {
        try (Ext4Image img = f.open()) {
            return img.lookup(path.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anExtentTreeThatLoopsIsAnErrorAtTheIndexThatPointsBack() throws Exception {
        Ext4Fixture f = Ext4Fixture.extra("kernel-made-1k");
        Ext4Entry frag = entry(f, "/fragmented");
        long inner;
        long nodeOffset;
        try (Ext4Image img = f.open()) {
            ExtentTree tree = new ExtentTree(img.volume(), frag.inode());
            assertEquals(2, tree.root().depth(), "a tree of depth 2");
            inner = tree.root().child(0);
            nodeOffset = img.volume().superblock().blockOffset(inner);
        }
        Path bad = copy(f, tmp);
        patch(bad, nodeOffset + 12 + 4, le32(inner)); // the first index of the inner node points at the node itself
        ImageException e = failure(bad);
        assertTrue(e.getMessage().contains("eh_depth"), e.getMessage());
        assertEquals(nodeOffset + 6, e.offset(), "the depth field of the node read again");
        assertEquals("/fragmented", e.path().orElseThrow());
    }

    @Test
    void anExtentPointingPastTheEndIsAnError() throws Exception {
        Ext4Fixture f = Ext4Fixture.mini("ext4-4k");
        Ext4Entry text = entry(f, "/text-70k.txt");
        Path bad = copy(f, tmp);
        long extent = text.inode().offset() + Inode.I_BLOCK + 12;
        patch(bad, extent + 8, le32(1_000_000));
        ImageException e = failure(bad);
        assertTrue(e.getMessage().contains("outside the filesystem"), e.getMessage());
        assertEquals(extent + 6, e.offset());
        assertEquals("/text-70k.txt", e.path().orElseThrow());
    }

    @Test
    void aRecLenOfZeroIsAnErrorAtThatEntry() throws Exception {
        Ext4Fixture f = Ext4Fixture.mini("ext4-default");
        Ext4Entry hello = entry(f, "/hello.txt");
        Path bad = copy(f, tmp);
        patch(bad, hello.direntOffset() + 4, le16(0));
        ImageException e = failure(bad);
        assertTrue(e.getMessage().contains("rec_len 0"), e.getMessage());
        assertEquals(hello.direntOffset() + 4, e.offset());
        assertEquals("/", e.path().orElseThrow());
    }

    @Test
    void anInodeNumberOutOfRangeIsAnError() throws Exception {
        Ext4Fixture f = Ext4Fixture.mini("ext4-4k");
        Ext4Entry hello = entry(f, "/hello.txt");
        Path bad = copy(f, tmp);
        patch(bad, hello.direntOffset(), le32(1_000_000));
        ImageException e = failure(bad);
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        assertEquals(hello.direntOffset(), e.offset());
        assertEquals("/", e.path().orElseThrow());
    }

    @Test
    void aGroupDescriptorPointingOutsideFailsTheInodesOfItsGroupOnly() throws Exception {
        Ext4Fixture f = Ext4Fixture.extra("gdt-csum-1k");
        Path bad = copy(f, tmp);
        long victim;
        long descriptor;
        try (Ext4Image img = f.open()) {
            GroupDescriptors groups = img.volume().groups();
            assertTrue(groups.count() >= 2);
            victim = 1 + img.volume().superblock().inodesPerGroup(); // the first inode of group 1
            descriptor = groups.descriptorOffset(1);
        }
        patch(bad, descriptor + 8, le32(9_999_999));
        try (Ext4Image img = Ext4Image.open(bad)) {
            assertTrue(img.warnings().stream().anyMatch(w -> w.contains("Group descriptor 1")), img.warnings().toString());
            img.root();
            ImageException e = assertThrows(ImageException.class, () -> img.volume().inode(victim));
            assertEquals(descriptor + 8, e.offset());
        }
        Path worse = copy(Ext4Fixture.mini("ext4-4k"), tmp);
        long first;
        try (Ext4Image img = Ext4Fixture.mini("ext4-4k").open()) {
            first = img.volume().groups().descriptorOffset(0);
        }
        patch(worse, first + 8, le32(9_999_999));
        ImageException e = failure(worse);
        assertEquals(first + 8, e.offset());
        assertEquals("/", e.path().orElseThrow(), "the root's own group");
    }

    @Test
    void anIndirectBlockThatRefersToItselfIsAnError() throws Exception {
        Ext4Fixture f = Ext4Fixture.mini("ext2");
        Ext4Entry text = entry(f, "/text-70k.txt");
        long single = LittleEndian.u32(text.inode().raw(), Inode.I_BLOCK + 4 * 12);
        assertTrue(single != 0);
        Path bad = copy(f, tmp);
        long blockOffset = single * 4096;
        patch(bad, blockOffset, le32(single));
        ImageException e = failure(bad);
        assertTrue(e.getMessage().contains("own block"), e.getMessage());
        assertEquals(blockOffset, e.offset());
        assertEquals("/text-70k.txt", e.path().orElseThrow());
    }

    @Test
    void aDoubleIndirectBlockThatRefersToItselfIsAnError() throws Exception {
        Ext4Fixture f = Ext4Fixture.mini("ext2-1k");
        Ext4Entry text = entry(f, "/text-70k.txt");
        long single = LittleEndian.u32(text.inode().raw(), Inode.I_BLOCK + 4 * 12);
        Path bad = copy(f, tmp);
        long inode = text.inode().offset();
        patch(bad, inode + Inode.I_BLOCK + 4 * 13, le32(single)); // the single indirect block serves as the double too
        patch(bad, inode + 4, le32((12 + 256 + 8) * 1024)); // and the size reaches into its range
        patch(bad, single * 1024 + 4 * 60, le32(single)); // whose pointer 60 points back at it
        ImageException e = failure(bad);
        assertTrue(e.getMessage().contains("refers to itself") || e.getMessage().contains("own block"), e.getMessage());
        assertEquals("/text-70k.txt", e.path().orElseThrow());
    }

    static Stream<Ext4Fixture> miniImages() {
        return Ext4Fixture.mini();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void aTruncatedImageFailsWithAnImageException(Ext4Fixture f) throws Exception {
        long length = Files.size(f.image());
        for (long cut : new long[] {0, 1000, 1500, 2048, 3000, 5000, 9000, 20000, 70000, length / 4, length / 2}) {
            Path cutImage = tmp.resolve(f.name() + "-" + cut + ".img");
            try (RandomAccessFile out = new RandomAccessFile(cutImage.toFile(), "rw")) {
                out.write(Files.readAllBytes(f.image()), 0, (int) cut);
            }
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    readEverything(cutImage);
                } catch (ImageException e) {
                    assertTrue(e.offset() >= 0 && e.offset() <= length, e.getMessage());
                }
            });
        }
        Path early = tmp.resolve(f.name() + "-early.img");
        Files.write(early, java.util.Arrays.copyOf(Files.readAllBytes(f.image()), 1500));
        ImageException e = assertThrows(ImageException.class, () -> readEverything(early));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ext4-default", "ext4-4k", "ext4-inline-data", "ext2-1k", "ext4-no-64bit-no-csum",
        "ext4-inode128"})
    void randomlyDamagedMetadataFailsOnlyWithImageExceptions(String name) throws Exception {
        Ext4Fixture f = Ext4Fixture.mini(name);
        byte[] sound = Files.readAllBytes(f.image());
        int metadataEnd;
        try (Ext4Image img = f.open()) {
            GroupDescriptors g = img.volume().groups();
            metadataEnd = (int) Math.min(sound.length, img.volume().superblock().blockOffset(g.inodeTable(0)
                    + g.inodeTableBlocks()) + 64 * 1024);
        }
        Random random = new Random(name.hashCode());
        Path bad = tmp.resolve(name + "-fuzz.img");
        for (int r = 0; r < 40; r++) {
            int round = r;
            byte[] b = sound.clone();
            for (int k = 0; k < 24; k++) {
                int at = 1024 + random.nextInt(metadataEnd - 1024);
                b[at] = (byte) random.nextInt(256);
            }
            Files.write(bad, b);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    readAll(bad);
                } catch (ImageException e) {
                    assertNotNull(e.getMessage());
                }
            }, () -> name + " round " + round);
        }
    }

    @Test
    void anUnknownIncompatibleFeatureIsRefusedByName() throws Exception {
        Path bad = copy(Ext4Fixture.mini("ext4-no-64bit-no-csum"), tmp);
        try (RandomAccessFile r = new RandomAccessFile(bad.toFile(), "rw")) {
            r.seek(1024 + 0x60);
            byte[] w = new byte[4];
            r.readFully(w);
            int v = LittleEndian.i32(w, 0) | 0x1000; // dirdata
            r.seek(1024 + 0x60);
            r.write(le32(v));
        }
        ImageException e = assertThrows(ImageException.class, () -> Ext4Image.open(bad));
        assertTrue(e.getMessage().contains("dirdata"), e.getMessage());
        assertEquals(1024 + 0x60, e.offset());
        patch(bad, 1024 + 0x61, (byte) 0); // dirdata and others off again
        patch(bad, 1024 + 0x62, (byte) 0x80); // bit 23: no feature has it
        e = assertThrows(ImageException.class, () -> Ext4Image.open(bad));
        assertTrue(e.getMessage().contains("unknown incompatible feature bits"), e.getMessage());
    }

    @Test
    void aChecksumMismatchIsAWarningAndTheImageStillReads() throws Exception {
        Ext4Fixture f = Ext4Fixture.mini("ext4-4k");
        Ext4Entry hello = entry(f, "/hello.txt");
        Path bad = copy(f, tmp);
        patch(bad, hello.inode().offset() + 0x64, (byte) 0x5A); // i_generation: covered by the checksum only
        patch(bad, 1024 + 0x34, (byte) 0x7F); // s_mnt_count
        try (Ext4Image img = Ext4Image.open(bad)) {
            Manifest.of(img);
            List<String> w = img.warnings();
            assertTrue(w.stream().anyMatch(s -> s.contains("superblock checksum")), w.toString());
            assertTrue(w.stream().anyMatch(s -> s.contains("inode " + hello.inodeNumber())), w.toString());
            Node n = img.lookup("/hello.txt".getBytes(StandardCharsets.UTF_8));
            assertTrue(img.structures(n).get(1).child("l_i_checksum_lo").problems().size() == 1);
            assertTrue(img.imageStructures().get(0).child("s_checksum").hasProblems());
            FileContent c = img.content(n);
            assertTrue(c.size() > 0);
        }
    }
}

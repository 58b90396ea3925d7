package erofsbrowser.ext4;

import erofsbrowser.image.Fault;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static erofsbrowser.ext4.DamagedCopies.copy;
import static erofsbrowser.ext4.DamagedCopies.patch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ext4 directory with a bad entry lists every other entry, and the bad one is a fault where it
 * is: a name with '/' or NUL, an inode that cannot be decoded, a rec_len that breaks its block off
 * (the next blocks are still read), an inode past the end of a truncated image. Strict reading
 * ({@link Ext4Image#list}) stops at the first, as before.
 */
class Ext4ReadingPastFaultsTest {
    private static final Ext4Fixture DEFAULT = Ext4Fixture.mini("ext4-default");

    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Ext4Entry entry(Ext4Image image, String path) throws ImageException {
        Ext4Entry e = image.lookup(bytes(path));
        assertNotNull(e, path);
        return e;
    }

    private static Set<String> names(List<? extends Node> nodes) {
        return nodes.stream().map(Node::pathString).collect(Collectors.toSet());
    }

    @Test
    void namesWithASlashOrANulAreFaultsAtTheirBytesAndTheOther298AreListed() throws Exception {
        Path image = copy(DEFAULT, tmp);
        long slashAt;
        long nulAt;
        try (Ext4Image clean = Ext4Image.open(DEFAULT.image())) {
            slashAt = entry(clean, "/bigdir/f150").direntOffset() + 8;
            nulAt = entry(clean, "/bigdir/f151").direntOffset() + 8;
        }
        patch(image, slashAt, bytes("a/bc"));
        patch(image, nulAt, bytes("f\0zz"));

        try (Ext4Image damaged = Ext4Image.open(image)) {
            Node bigdir = entry(damaged, "/bigdir");
            FileSystemImage.Listing listing = damaged.listing(bigdir);

            assertEquals(298, listing.entries().size(), "every good entry");
            List<Fault> faults = listing.faults().stream().sorted(Comparator.comparingLong(Fault::offset)).toList();
            assertEquals(2, faults.size(), faults.toString());
            assertArrayEquals(bytes("a/bc"), faults.get(0).name());
            assertEquals(slashAt + 1, faults.get(0).offset(), "the '/' itself");
            assertEquals(nulAt + 1, faults.get(1).offset(), "the NUL itself");
            assertTrue(faults.get(0).line().contains("/bigdir") && faults.get(0).line().contains("\"a/bc\""),
                    "the directory and the name: " + faults.get(0).line());

            assertNotNull(damaged.lookup(bytes("/bigdir/f152")), "a path beside a bad name is found");
            assertThrows(ImageException.class, () -> damaged.list(bigdir), "strict reading stops at the first");
        }
    }

    @Test
    void anInodeThatCannotBeDecodedIsAFaultWithItsPathAndTheRestOfTheRootIsListed() throws Exception {
        Path image = copy(DEFAULT, tmp);
        long modeAt;
        int rootEntries;
        try (Ext4Image clean = Ext4Image.open(DEFAULT.image())) {
            modeAt = entry(clean, "/hello.txt").inode().offset(); // i_mode
            rootEntries = clean.list(clean.root()).size();
        }
        patch(image, modeAt, (byte) 0xA4, (byte) 0x01); // 0644 with no file type

        try (Ext4Image damaged = Ext4Image.open(image)) {
            FileSystemImage.Listing listing = damaged.listing(damaged.root());

            assertEquals(rootEntries - 1, listing.entries().size());
            assertTrue(names(listing.entries()).stream().noneMatch(n -> n.equals("/hello.txt")));
            assertEquals(1, listing.faults().size());
            Fault fault = listing.faults().get(0);
            assertEquals(modeAt, fault.offset(), "i_mode");
            assertArrayEquals(bytes("hello.txt"), fault.name());
            assertTrue(fault.line().contains("/hello.txt") && fault.line().contains("i_mode"), fault.line());
        }
    }

    @Test
    void aBadRecLenLosesTheRestOfItsBlockOnlyAndTheNextBlocksAreRead() throws Exception {
        Path image = copy(DEFAULT, tmp);
        long recLenAt;
        Set<String> lost;
        Set<String> all;
        try (Ext4Image clean = Ext4Image.open(DEFAULT.image())) {
            Ext4Entry f150 = entry(clean, "/bigdir/f150");
            int bs = clean.volume().blockSize();
            long blockEnd = (f150.direntOffset() / bs + 1) * bs;
            List<Ext4Entry> entries = clean.list(entry(clean, "/bigdir"));
            all = names(entries);
            lost = entries.stream().filter(e -> e.direntOffset() >= f150.direntOffset() && e.direntOffset() < blockEnd)
                    .map(Node::pathString).collect(Collectors.toSet());
            assertTrue(lost.size() < all.size() / 2, "the directory spans several blocks");
            recLenAt = f150.direntOffset() + 4;
        }
        patch(image, recLenAt, (byte) 3, (byte) 0);

        try (Ext4Image damaged = Ext4Image.open(image)) {
            FileSystemImage.Listing listing = damaged.listing(entry(damaged, "/bigdir"));

            Set<String> expected = all.stream().filter(n -> !lost.contains(n)).collect(Collectors.toSet());
            assertEquals(expected, names(listing.entries()), "every entry outside the broken-off part of the block");
            assertEquals(1, listing.faults().size());
            assertEquals(recLenAt, listing.faults().get(0).offset(), "the rec_len");
            assertTrue(listing.faults().get(0).problem().contains("rec_len 3"), listing.faults().get(0).problem());
        }
    }

    @Test
    void inATruncatedImageAnEntryWhoseInodeIsCutOffIsAFaultAndTheOthersAreListed() throws Exception {
        Path image = copy(DEFAULT, tmp);
        List<Ext4Entry> children;
        long cut;
        try (Ext4Image clean = Ext4Image.open(DEFAULT.image())) {
            children = clean.list(clean.root());
            Ext4Entry last = children.stream().max(Comparator.comparingLong(e -> e.inode().offset())).orElseThrow();
            cut = last.inode().offset();
            for (erofsbrowser.image.DataRun run : clean.dataRuns(clean.root())) {
                assertTrue(run.stored().end() <= cut, "the root's own blocks come before the cut");
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(cut);
        }
        long cutAt = cut;

        try (Ext4Image damaged = Ext4Image.open(image)) {
            FileSystemImage.Listing listing = damaged.listing(damaged.root());

            Set<String> past = children.stream().filter(e -> e.inode().offset() >= cutAt).map(Node::pathString)
                    .collect(Collectors.toSet());
            Set<String> before = children.stream().filter(e -> e.inode().offset() < cutAt).map(Node::pathString)
                    .collect(Collectors.toSet());
            assertEquals(before, names(listing.entries()), "every entry whose inode is before the cut");
            assertEquals(past.size(), listing.faults().size(), listing.faults().toString());
        }
    }

    @Test
    void aBlockPointerOutsideTheFilesystemIsZerosAndAFaultAndTheRestOfTheFileIsRead() throws Exception {
        Ext4Fixture ext2 = Ext4Fixture.mini("ext2");
        Path image = copy(ext2, tmp);
        byte[] intact;
        long pointerAt;
        int bs;
        try (Ext4Image clean = Ext4Image.open(ext2.image())) {
            Ext4Entry text = entry(clean, "/text-70k.txt");
            intact = clean.content(text).readFully(0, (int) text.size());
            pointerAt = text.inode().offset() + Inode.I_BLOCK + 4L * 5; // i_block[5], a direct pointer
            bs = clean.volume().blockSize();
            assertTrue(intact.length > 6 * bs, "block 5 is in the middle");
        }
        patch(image, pointerAt, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x00);

        try (Ext4Image damaged = Ext4Image.open(image)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            List<ImageException> faults = new java.util.ArrayList<>();
            damaged.content(entry(damaged, "/text-70k.txt")).transferPast(out::write, faults::add);
            byte[] read = out.toByteArray();

            assertEquals(intact.length, read.length);
            assertEquals(1, faults.size(), faults.toString());
            assertEquals(pointerAt, faults.get(0).offset(), "i_block[5]");
            byte[] expected = intact.clone();
            java.util.Arrays.fill(expected, 5 * bs, 6 * bs, (byte) 0);
            assertArrayEquals(expected, read, "every block but the fifth, which reads as zeros");
        }
    }
}

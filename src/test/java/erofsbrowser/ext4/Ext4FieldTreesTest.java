package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Manifest;
import erofsbrowser.image.ManifestEntry;
import erofsbrowser.image.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The field trees of ext4 structures: every structure of every mini image is covered by its
 * fields exactly once, each leaf re-encodes to the image's bytes, and the values of the inode's
 * fields agree with the kernel's listing.
 */
class Ext4FieldTreesTest {

    static Stream<Ext4Fixture> images() {
        return Stream.concat(Ext4Fixture.mini(), Ext4Fixture.extra());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void everyStructureIsCoveredExactlyOnceAndReencodesToItsBytes(Ext4Fixture fixture) throws Exception {
        try (Ext4Image image = fixture.open()) {
            List<Field> all = new ArrayList<>(image.imageStructures());
            int[] entries = {0};
            image.walk(image.root(), n -> {
                all.addAll(image.structures(n));
                entries[0]++;
            });
            assertTrue(all.size() > 2 * entries[0], "structures: " + all.size() + " for " + entries[0] + " entries");
            for (Field f : all) {
                checkCoverage(f, image.source());
                assertFalse(f.hasProblems(), () -> f.name() + " at " + f.offset() + " has problems: " + problems(f));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void inodeFieldsAgreeWithTheKernelsListing(Ext4Fixture fixture) throws Exception {
        try (Ext4Image image = fixture.open()) {
            Map<String, ManifestEntry> listing = new HashMap<>();
            for (ManifestEntry e : Manifest.of(image)) {
                listing.put(new String(e.path(), StandardCharsets.UTF_8), e);
            }
            int[] checked = {0};
            image.walk(image.root(), n -> {
                ManifestEntry want = listing.get(n.pathString());
                assertNotNull(want, n.pathString());
                List<Field> trees = image.structures(n);
                Field inode = trees.stream().filter(t -> t.name().equals("ext4_inode")).findFirst().orElseThrow();
                checkInode(inode, want, n);
                checkXattrs(trees, want, n);
                checked[0]++;
            });
            assertEquals(listing.size(), checked[0]);
        }
    }

    private static void checkInode(Field inode, ManifestEntry want, Node n) {
        String where = n.pathString();
        long mode = value(inode, "i_mode");
        assertEquals(want.mode(), mode & 07777, where + " mode");
        assertEquals(want.type(), FileType.ofMode((int) mode), where + " type");
        assertEquals(want.uid(), value(inode, "i_uid") | value(inode, "l_i_uid_high") << 16, where + " uid");
        assertEquals(want.gid(), value(inode, "i_gid") | value(inode, "l_i_gid_high") << 16, where + " gid");
        if (want.size() != null) {
            assertEquals(want.size(), value(inode, "i_size_lo") | value(inode, "i_size_high") << 32, where + " size");
        }
        if (want.mtime() != null) {
            long seconds = (int) value(inode, "i_mtime");
            Field extra = inode.child("i_mtime_extra");
            if (extra != null) {
                seconds += (value(inode, "i_mtime_extra") & 3) << 32;
            }
            assertEquals(want.mtime(), seconds, where + " mtime");
        }
        if (want.nlink() != null) {
            assertEquals(want.nlink(), value(inode, "i_links_count"), where + " nlink");
        }
    }

    /** Every listed xattr is an entry of the inode's or the block's field tree, with its value's bytes. */
    private static void checkXattrs(List<Field> trees, ManifestEntry want, Node n) throws ImageException {
        Map<String, byte[]> shown = new HashMap<>();
        for (Field t : trees) {
            collectValues(t, shown);
        }
        for (Map.Entry<byte[], byte[]> x : want.xattrs().entrySet()) {
            String name = new String(x.getKey(), StandardCharsets.UTF_8);
            byte[] value = shown.get("value of " + name);
            if (x.getValue().length == 0) {
                continue; // an empty value has no bytes of its own
            }
            assertNotNull(value, n.pathString() + ": no field for the value of " + name + " among " + shown.keySet());
            if (name.startsWith("system.posix_acl_")) {
                value = PosixAcl.toXattr(value, 0, ((Ext4Entry) n).inode()); // stored in ext4's form, listed in getxattr's
            }
            assertArrayEquals(x.getValue(), value, n.pathString() + " " + name);
        }
    }

    private static void collectValues(Field f, Map<String, byte[]> out) {
        if (f.name().startsWith("value of ") && f.value() instanceof FieldValue.Bytes b) {
            out.put(f.name(), b.bytes());
        }
        for (Field c : f.children()) {
            collectValues(c, out);
        }
    }

    private static long value(Field structure, String name) {
        Field f = find(structure, name);
        assertNotNull(f, name + " in " + structure.name());
        return ((FieldValue.Unsigned) f.value()).value();
    }

    private static Field find(Field f, String name) {
        if (f.name().equals(name)) {
            return f;
        }
        for (Field c : f.children()) {
            Field found = find(c, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Children cover the parent in order without gap or overlap; leaves re-encode to their bytes. */
    static void checkCoverage(Field f, ImageSource source) throws Exception {
        boolean onlyBits = f.children().stream().allMatch(c -> c.value() instanceof FieldValue.Bits);
        if (onlyBits) {
            for (Field c : f.children()) {
                assertEquals(f.offset(), c.offset(), c.name());
                assertEquals(f.size(), c.size(), c.name());
            }
            byte[] raw = source.read(f.offset(), (int) f.size());
            byte[] encoded = raw;
            if (f.value() instanceof FieldValue.Unsigned u) {
                encoded = u.encode();
            } else if (f.value() instanceof FieldValue.Bytes b) {
                encoded = b.bytes();
            } else if (f.value() instanceof FieldValue.Varint v) {
                encoded = v.encode();
            }
            assertArrayEquals(raw, encoded, () -> f.name() + " at " + f.offset() + " does not re-encode to its bytes");
            return;
        }
        long cursor = f.offset();
        for (Field c : f.children()) {
            if (c.value() instanceof FieldValue.Bits) {
                assertEquals(f.offset(), c.offset(), c.name());
                assertEquals(f.size(), c.size(), c.name());
                continue;
            }
            assertEquals(cursor, c.offset(), () -> c.name() + " in " + f.name() + " leaves a gap or overlaps");
            checkCoverage(c, source);
            cursor += c.size();
        }
        assertEquals(f.end(), cursor, () -> f.name() + " at " + f.offset() + ": children end early or late");
    }

    private static String problems(Field f) {
        StringBuilder sb = new StringBuilder();
        if (!f.problems().isEmpty()) {
            sb.append(f.name()).append(": ").append(f.problems()).append("; ");
        }
        for (Field c : f.children()) {
            sb.append(problems(c));
        }
        return sb.toString();
    }

    @Test
    void theSuperblockNamesItsFeaturesAndVerifiesItsChecksum() throws Exception {
        try (Ext4Image image = Ext4Fixture.mini("ext4-4k").open()) {
            Field sb = image.imageStructures().get(0);
            assertEquals("ext4_super_block", sb.name());
            assertEquals(1024, sb.offset());
            assertEquals(1024, sb.size());
            Field incompat = sb.child("s_feature_incompat");
            assertTrue(incompat.meaning().contains("extent") && incompat.meaning().contains("64bit")
                    && incompat.meaning().contains("flex_bg"), incompat.meaning());
            assertTrue(sb.child("s_checksum").meaning().endsWith("matches"), sb.child("s_checksum").meaning());
            Field gd = image.imageStructures().get(1);
            assertEquals("ext4_group_desc 0", gd.name());
            assertEquals(64, gd.size());
            assertTrue(gd.child("bg_checksum").meaning().endsWith("matches"), gd.child("bg_checksum").meaning());
            assertTrue(gd.child("bg_block_bitmap_csum_lo").meaning().endsWith("matches"));
            assertTrue(gd.child("bg_inode_bitmap_csum_lo").meaning().endsWith("matches"));
        }
    }

    @Test
    void anInodeShowsItsExtentRootAndAHashedDirectoryItsIndexAndLeaves() throws Exception {
        try (Ext4Image image = Ext4Fixture.extra("htree-4k").open()) {
            Node bigdir = image.lookup("/big".getBytes(StandardCharsets.UTF_8));
            List<Field> trees = image.structures(bigdir);
            assertEquals("ext4_dir_entry_2", trees.get(0).name());
            assertEquals("big", new String(((FieldValue.Bytes) trees.get(0).child("name").value()).bytes(),
                    StandardCharsets.UTF_8));
            Field inode = trees.get(1);
            Field iBlock = inode.child("i_block");
            assertEquals("ext4_extent_header", iBlock.children().get(0).name());
            assertEquals(0xF30A, ((FieldValue.Unsigned) iBlock.children().get(0).child("eh_magic").value()).value());
            assertTrue(trees.stream().anyMatch(t -> t.name().equals("dx_root")), "a hashed directory shows its root");
            assertTrue(trees.stream().anyMatch(t -> t.name().startsWith("directory block")), "and its leaves");
        }
    }

    @Test
    void aBlockMappedFileShowsItsIndirectBlocks() throws Exception {
        try (Ext4Image image = Ext4Fixture.mini("ext2").open()) {
            Node big = image.lookup("/text-70k.txt".getBytes(StandardCharsets.UTF_8));
            List<Field> trees = image.structures(big);
            Field iBlock = trees.stream().filter(t -> t.name().equals("ext4_inode")).findFirst().orElseThrow().child("i_block");
            assertEquals(15, iBlock.children().size());
            assertEquals("i_block[12]", iBlock.children().get(12).name());
            assertTrue(trees.stream().anyMatch(t -> t.name().startsWith("indirect block")), Arrays.toString(
                    trees.stream().map(Field::name).toArray()));
        }
    }
}

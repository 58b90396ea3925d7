package erofsbrowser.ext4;

import erofsbrowser.ext4.Ext4Region.Kind;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileType;
import erofsbrowser.image.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ownership map of ext4 images: every byte is owned by the right structure, entry or free space. */
class Ext4ByteMapTest {

    static Stream<Ext4Fixture> images() {
        // With bigalloc the bitmaps count clusters of 16 blocks: the blocks of a cluster past its file end have no owner.
        return Stream.concat(Ext4Fixture.mini(), Ext4Fixture.extra().filter(f -> !f.name().equals("bigalloc")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void everyAllocatedBlockHasAnOwnerAndEveryFreeBlockIsFree(Ext4Fixture fixture) throws Exception {
        try (Ext4Image image = fixture.open()) {
            Ext4ByteMap map = Ext4ByteMap.build(image, () -> false);
            assertEquals(List.of(), map.problems());
            Volume v = image.volume();
            Superblock sb = v.superblock();
            GroupDescriptors groups = v.groups();
            for (int g = 0; g < groups.count(); g++) {
                byte[] bitmap = v.block(groups.blockBitmap(g));
                long first = groups.groupFirstBlock(g);
                boolean uninit = (groups.flags(g) & GroupDescriptors.BLOCK_UNINIT) != 0;
                for (long b = first; b <= groups.groupLastBlock(g); b++) {
                    long i = b - first;
                    boolean used = (bitmap[(int) (i / 8)] & (1 << (i % 8))) != 0;
                    for (long at : new long[] {sb.blockOffset(b), sb.blockOffset(b) + sb.blockSize() - 1}) {
                        List<Ext4Region> owners = map.regionsAt(at);
                        boolean free = owners.stream().anyMatch(r -> r.kind() == Kind.FREE);
                        if (used || uninit) {
                            assertFalse(free, "block " + b + " is in use: " + owners);
                            if (used) {
                                assertFalse(owners.isEmpty(), fixture + ": block " + b + " is in use but has no owner");
                            }
                        } else {
                            assertTrue(free && owners.size() == 1, fixture + ": block " + b + " is free: " + owners);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void slotsDirentsAndDataNameTheirEntryAsTheFieldTreesPlaceThem(Ext4Fixture fixture) throws Exception {
        try (Ext4Image image = fixture.open()) {
            Ext4ByteMap map = Ext4ByteMap.build(image, () -> false);
            List<Ext4Entry> all = new ArrayList<>();
            image.walk(image.root(), n -> all.add((Ext4Entry) n));
            int dataChecked = 0;
            for (Ext4Entry e : all) {
                List<Field> trees = image.structures(e);
                Field inode = trees.stream().filter(t -> t.name().equals("ext4_inode")).findFirst().orElseThrow();
                Ext4Region slot = map.innermostAt(inode.child("i_mode").offset());
                assertEquals(Kind.INODE, slot.kind(), e.pathString());
                assertEquals(e.inodeNumber(), slot.inode());
                assertEquals(inode.range(), slot.range());
                if (e.nlink() == 1 || e.type() == FileType.DIR) {
                    assertEquals(e.pathString(), slot.pathString(), "the slot names the entry");
                }
                List<Field> fields = map.fieldsAt(inode.child("i_links_count").offset());
                assertEquals("i_links_count", fields.get(fields.size() - 1).name());
                if (!e.isRoot()) {
                    Ext4Region dirent = map.innermostAt(e.direntOffset() + 3);
                    assertEquals(Kind.DIRENT, dirent.kind(), e.pathString());
                    assertEquals(e.pathString(), dirent.pathString());
                    List<Field> d = map.fieldsAt(e.direntOffset() + 4);
                    assertEquals("rec_len", d.get(d.size() - 1).name());
                }
                if (e.type() == FileType.FILE && e.size() > 0 && !e.inode().hasInlineData()) {
                    BlockMap.Run run = Contents.blockMap(image.volume(), e.inode()).map(0, 1);
                    if (run.physical() >= 0) {
                        Ext4Region data = map.innermostAt(image.volume().superblock().blockOffset(run.physical()));
                        assertEquals(Kind.FILE_DATA, data.kind(), e.pathString());
                        assertEquals(e.inodeNumber(), data.inode());
                        assertTrue(map.regionsOf(e.inodeNumber()).contains(data));
                        dataChecked++;
                    }
                }
                assertTrue(map.regionsOf(e.inodeNumber()).contains(slot));
            }
            assertTrue(dataChecked > 0 || fixture.name().contains("devices") || fixture.name().contains("inline"),
                    "files with data: " + dataChecked);
        }
    }

    @Test
    void theSuperblockAndDescriptorsAreFieldsAndTheBootAreaIsNamed() throws Exception {
        try (Ext4Image image = Ext4Fixture.mini("ext4-4k").open()) {
            Ext4ByteMap map = Ext4ByteMap.build(image, () -> false);
            assertEquals(Kind.BOOT_AREA, map.innermostAt(10).kind());
            List<Field> f = map.fieldsAt(1024 + 4);
            assertEquals("ext4_super_block", f.get(0).name());
            assertEquals("s_blocks_count_lo", f.get(f.size() - 1).name());
            long desc = image.volume().groups().descriptorOffset(0);
            f = map.fieldsAt(desc + 8);
            assertEquals("bg_inode_table_lo", f.get(f.size() - 1).name());
            long table = image.volume().superblock().blockOffset(image.volume().groups().inodeTable(0));
            long unused = table + 700L * image.volume().superblock().inodeSize();
            Ext4Region r = map.innermostAt(unused);
            assertEquals(Kind.INODE_TABLE, r.kind(), "an unused slot is only the table's");
            assertTrue(map.fieldsAt(unused).isEmpty());
            assertEquals(Kind.BLOCK_BITMAP, map.innermostAt(image.volume().superblock()
                    .blockOffset(image.volume().groups().blockBitmap(0))).kind());
        }
    }

    @Test
    void theJournalIsNamed() throws Exception {
        Ext4Fixture withJournal = Ext4Fixture.extra("needs-recovery");
        try (Ext4Image image = withJournal.open()) {
            Ext4ByteMap map = Ext4ByteMap.build(image, () -> false);
            long journal = image.volume().superblock().journalInum();
            assertTrue(map.regionsOf(journal).stream().anyMatch(r -> r.kind() == Kind.JOURNAL));
            assertTrue(map.regionsOf(journal).stream().anyMatch(r -> r.kind() == Kind.INODE
                    && r.description().contains("journal")));
        }
    }

    @Test
    void buildingStopsWhenCancelled() throws Exception {
        try (Ext4Image image = Ext4Fixture.mini("ext4-4k").open()) {
            int[] calls = {0};
            assertThrows(CancellationException.class, () -> Ext4ByteMap.build(image, () -> ++calls[0] > 20));
        }
    }

    @Test
    void aMapOfManyEntriesTakesTensOfBytesPerRegion() throws Exception {
        Ext4Fixture big = Ext4Fixture.full().filter(f -> f.name().equals("ext4-default")).findFirst()
                .orElse(Ext4Fixture.extra("htree-4k"));
        try (Ext4Image image = big.open()) {
            Ext4ByteMap.build(image, () -> false); // the image's own caches fill here, not below
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long before = rt.totalMemory() - rt.freeMemory();
            Ext4ByteMap map = Ext4ByteMap.build(image, () -> false);
            System.gc();
            long after = rt.totalMemory() - rt.freeMemory();
            assertNotNull(map.region(0));
            long perRegion = (after - before) / map.size();
            assertTrue(perRegion < 200, map.size() + " regions, " + perRegion + " bytes each");
        }
    }
}

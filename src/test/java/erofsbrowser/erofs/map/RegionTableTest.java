package erofsbrowser.erofs.map;

import erofsbrowser.erofs.map.ImageRegion.Kind;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sorting regions into image order and merging the ones the format shares. */
class RegionTableTest {

    @Test
    void regionsComeOutInImageOrderContainersFirst() {
        RegionTable t = new RegionTable();
        t.add(100, 112, Kind.DIRENT, 1, 0, 0);
        t.add(0, 4, Kind.SUPERBLOCK_FIELD, -1, 0, 0);
        t.add(100, 4196, Kind.DIRECTORY_BLOCK, 0, 0, 0);
        RegionColumns c = t.freeze();
        assertEquals(3, c.size());
        assertEquals(Kind.SUPERBLOCK_FIELD, c.kind(0));
        assertEquals(Kind.DIRECTORY_BLOCK, c.kind(1));
        assertEquals(Kind.DIRENT, c.kind(2));
    }

    @Test
    void aPclusterSharedByDeduplicationBecomesOneRegionWithEveryOwner() {
        RegionTable t = new RegionTable();
        t.add(4096, 8192, Kind.PCLUSTER, 7, 0, 0);
        t.add(4096, 8192, Kind.PCLUSTER, 3, 12288, 0);
        t.add(4096, 8192, Kind.PCLUSTER, 7, 8192, 0);
        t.add(4096, 8192, Kind.PCLUSTER, 5, 0, 0);
        RegionColumns c = t.freeze();
        assertEquals(1, c.size());
        assertEquals(3, c.owner(0), "the entry found first owns it");
        assertArrayEquals(new int[] {5, 7}, c.otherOwners(0), "each other owner once");
        assertEquals(12288, c.detail(0), "the first owner's details");
    }

    @Test
    void regionsOfDifferentKindsWithTheSameRangeStaySeparate() {
        RegionTable t = new RegionTable();
        t.add(0, 10, Kind.FILE_DATA, 1, 0, 0);
        t.add(0, 10, Kind.DIRECTORY_BLOCK, 1, 0, 0);
        RegionColumns c = t.freeze();
        assertEquals(2, c.size());
        assertEquals(Kind.DIRECTORY_BLOCK, c.kind(0), "kind order breaks the tie");
    }

    @Test
    void indexSortIsAStableSort() {
        Random random = new Random(5);
        for (int n : new int[] {0, 1, 2, 3, 17, 1000}) {
            int[] keys = random.ints(n, 0, 10).toArray();
            int[] order = IndexSort.sorted(n, (a, b) -> Integer.compare(keys[a], keys[b]));
            for (int i = 1; i < n; i++) {
                int a = order[i - 1];
                int b = order[i];
                assertTrue(keys[a] < keys[b] || (keys[a] == keys[b] && a < b), "at " + i);
            }
        }
    }
}

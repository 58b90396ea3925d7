package erofsbrowser.image;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InodeSetTest {
    @Test
    void aNidIsAddedOnceAndThenFound() {
        InodeSet set = new InodeSet();
        assertTrue(set.add(36));
        assertFalse(set.add(36));
        assertTrue(set.contains(36));
        assertFalse(set.contains(37));
        assertEquals(1, set.size());
    }

    @Test
    void nidZeroAndNidsWithBit63AreNidsLikeAnyOther() {
        InodeSet set = new InodeSet();
        assertFalse(set.contains(0));
        assertTrue(set.add(0));
        assertFalse(set.add(0));
        long metabox = (1L << 63) | 5;
        assertTrue(set.add(metabox));
        assertTrue(set.contains(0));
        assertTrue(set.contains(metabox));
        assertFalse(set.contains(5));
        assertEquals(2, set.size());
    }

    @Test
    void agreesWithAHashSetOverManyConsecutiveAndScatteredNids() {
        InodeSet set = new InodeSet();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long nid = i % 3 == 0 ? i : random.nextLong() >>> random.nextInt(64);
            assertEquals(reference.add(nid), set.add(nid), "add " + nid);
        }
        assertEquals(reference.size(), set.size());
        for (long nid : reference) {
            assertTrue(set.contains(nid));
        }
        for (int i = 0; i < 10_000; i++) {
            long nid = random.nextLong();
            assertEquals(reference.contains(nid), set.contains(nid));
        }
    }

    @Test
    void clearEmptiesTheSet() {
        InodeSet set = new InodeSet();
        for (long nid = 0; nid < 1000; nid++) {
            set.add(nid);
        }
        set.clear();
        assertEquals(0, set.size());
        assertFalse(set.contains(0));
        assertFalse(set.contains(500));
        assertTrue(set.add(500));
    }
}

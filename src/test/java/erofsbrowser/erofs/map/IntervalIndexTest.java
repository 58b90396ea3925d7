package erofsbrowser.erofs.map;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The offset index under the layouts images rarely have: partial overlaps, equal ranges, deep nesting. */
class IntervalIndexTest {

    /** Intervals sorted as the index requires: start ascending, end descending. */
    private record Intervals(long[] starts, long[] ends) {
        static Intervals sorted(List<long[]> list) {
            List<long[]> copy = new ArrayList<>(list);
            copy.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
            long[] s = new long[copy.size()];
            long[] e = new long[copy.size()];
            for (int i = 0; i < copy.size(); i++) {
                s[i] = copy.get(i)[0];
                e[i] = copy.get(i)[1];
            }
            return new Intervals(s, e);
        }

        int[] scan(long point) {
            List<Integer> hits = new ArrayList<>();
            for (int i = 0; i < starts.length; i++) {
                if (starts[i] <= point && point < ends[i]) {
                    hits.add(i);
                }
            }
            return hits.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Test
    void partialOverlapsAreFoundWhereAParentChainWouldMissThem() {
        // [0,10) and [5,15) overlap without nesting; [12,13) is inside only the second.
        Intervals iv = Intervals.sorted(List.of(new long[] {0, 10}, new long[] {5, 15}, new long[] {12, 13}));
        IntervalIndex index = new IntervalIndex(iv.starts(), iv.ends(), 3);
        assertArrayEquals(new int[] {0}, index.at(4));
        assertArrayEquals(new int[] {0, 1}, index.at(8));
        assertArrayEquals(new int[] {1}, index.at(10));
        assertArrayEquals(new int[] {1, 2}, index.at(12));
        assertArrayEquals(new int[] {}, index.at(15));
        assertArrayEquals(new int[] {}, index.at(-3));
        assertEquals(2, index.innermostAt(12));
        assertEquals(-1, index.innermostAt(20));
    }

    @Test
    void anEmptyIndexFindsNothing() {
        IntervalIndex index = new IntervalIndex(new long[0], new long[0], 0);
        assertArrayEquals(new int[] {}, index.at(0));
        assertEquals(-1, index.innermostAt(0));
    }

    @Test
    void randomIntervalsAgreeWithAScan() {
        Random random = new Random(3);
        for (int round = 0; round < 50; round++) {
            List<long[]> list = new ArrayList<>();
            int n = 1 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                long start = random.nextInt(200);
                list.add(new long[] {start, start + 1 + random.nextInt(random.nextBoolean() ? 5 : 80)});
            }
            Intervals iv = Intervals.sorted(list);
            IntervalIndex index = new IntervalIndex(iv.starts(), iv.ends(), n);
            for (long p = -2; p < 300; p++) {
                int[] expected = iv.scan(p);
                assertArrayEquals(expected, index.at(p), "round " + round + " point " + p);
                assertEquals(expected.length == 0 ? -1 : expected[expected.length - 1], index.innermostAt(p));
            }
        }
    }
}

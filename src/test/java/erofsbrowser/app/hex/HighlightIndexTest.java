package erofsbrowser.app.hex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

class HighlightIndexTest {

    private static Highlight h(long offset, long length, String label) {
        return new Highlight(offset, length, Color.ORANGE, label);
    }

    @Test
    void findsExactlyTheHighlightsThatOverlapAWindowInPaintOrder() {
        Highlight whole = h(0, 1000, "whole");
        Highlight field = h(100, 4, "field");
        Highlight before = h(10, 5, "before");
        Highlight touching = h(96, 4, "ends where the window starts");
        HighlightIndex index = new HighlightIndex(List.of(whole, field, before, touching));

        assertEquals(List.of(whole, field), index.overlapping(100, 116));
        assertEquals(List.of(whole, before), index.overlapping(0, 16));
        assertEquals(List.of(), index.overlapping(1000, 1016));
    }

    @Test
    void theTopmostHighlightAtAnOffsetIsTheLastOneGiven() {
        Highlight structure = h(0, 64, "superblock");
        Highlight magic = h(0, 4, "magic");
        HighlightIndex index = new HighlightIndex(List.of(structure, magic));

        assertEquals(Optional.of(magic), index.topmostAt(3));
        assertEquals(Optional.of(structure), index.topmostAt(4));
        assertEquals(Optional.empty(), index.topmostAt(64));
    }

    @Test
    void emptyHighlightsNeverOverlapAnything() {
        HighlightIndex index = new HighlightIndex(List.of(h(10, 0, "empty")));
        assertEquals(List.of(), index.overlapping(0, 100));
    }

    @Test
    void agreesWithAFullScanOnRandomNestedAndOverlappingRanges() {
        Random random = new Random(7);
        List<Highlight> highlights = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long length = random.nextInt(10) == 0 ? random.nextInt(1 << 20) : random.nextInt(64);
            highlights.add(h(random.nextInt(1 << 20), length, "h" + i));
        }
        HighlightIndex index = new HighlightIndex(highlights);

        for (int q = 0; q < 500; q++) {
            long from = random.nextInt(1 << 20);
            long to = from + 1 + random.nextInt(2048);
            List<Highlight> expected = highlights.stream()
                    .filter(x -> x.offset() < to && x.end() > from && x.length() > 0)
                    .collect(Collectors.toList());
            assertEquals(expected, index.overlapping(from, to), "window [" + from + ", " + to + ")");
        }
    }
}

package erofsbrowser.erofs;

import erofsbrowser.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Entry#WALK_ORDER}: the order in which {@link ErofsImage#walk} visits entries. */
class WalkOrderTest {
    static Stream<Fixture> miniImages() {
        return Fixture.mini();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void theWalkVisitsEntriesInWalkOrder(Fixture fixture) throws Exception {
        try (ErofsImage image = fixture.open()) {
            List<Entry> walked = new ArrayList<>();
            image.walkEntries(image.root(), walked::add);
            for (int i = 1; i < walked.size(); i++) {
                Entry before = walked.get(i - 1);
                Entry after = walked.get(i);
                assertTrue(Entry.WALK_ORDER.compare(before, after) < 0,
                        () -> before.pathString() + " is walked before " + after.pathString());
                assertTrue(Entry.WALK_ORDER.compare(after, before) > 0);
            }
        }
    }

    private static int compare(String a, String b) {
        return Entry.compareInWalkOrder(a.getBytes(StandardCharsets.ISO_8859_1), b.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aDirectoryComesBeforeEverythingInItAndPathsCompareByComponent() {
        assertTrue(compare("/", "/a") < 0, "the root first");
        assertTrue(compare("/a", "/a/b") < 0, "a directory before what it holds");
        assertTrue(compare("/a/z", "/a-c") < 0, "all of /a before /a-c, although '-' < '/' as bytes");
        assertTrue(compare("/a/z", "/a.c") < 0, "all of /a before /a.c, although '.' < '/' as bytes");
        assertTrue(compare("/ab", "/a\u00e9") < 0, "names as unsigned bytes: 0xe9 after 'b'");
        assertTrue(compare("/a/b", "/a/b") == 0);
    }
}

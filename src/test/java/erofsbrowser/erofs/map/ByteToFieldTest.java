package erofsbrowser.erofs.map;

import erofsbrowser.Fixture;
import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.Field;
import erofsbrowser.image.FieldTrees;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The byte ownership map answers "which field is this byte" with the same fields the structure
 * pane shows: a click on any byte of any field selects that field.
 */
class ByteToFieldTest {

    static Stream<Fixture> images() {
        return Fixture.mini();
    }

    @Test
    void aByteOfAFilesSizeFieldIsThatFieldOfThatFile() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = ImageMap.build(image, () -> false);
            Entry hello = image.lookup("/hello.txt");
            Field inode = image.structures(hello).stream().filter(f -> f.name().startsWith("erofs_inode")).findFirst().orElseThrow();
            Field size = inode.child("i_size");
            ByteOwner owner = map.at(size.offset() + 1);
            assertEquals("i_size", owner.field().name());
            assertEquals(size.offset(), owner.field().offset());
            assertEquals(Long.toString(hello.size()), owner.field().valueText());
            assertEquals("/hello.txt", owner.pathString());
            assertEquals(inode.name(), owner.structure().name(), "the path starts at the structure");
        }
    }

    @Test
    void aFreeByteHasNoOwnerAndABlockOfFileDataHasNoFields() throws Exception {
        try (ErofsImage image = Fixture.mini("plain").open()) {
            ImageMap map = ImageMap.build(image, () -> false);
            assertNull(map.at(0), "the bytes before the superblock belong to nothing");
            Entry big = image.lookup("/text-70k.txt");
            long data = image.data(big.inode()).extents().get(0).physical().offset();
            ByteOwner owner = map.at(data);
            assertNotNull(owner);
            assertEquals("/text-70k.txt", owner.pathString());
            assertTrue(owner.fields().isEmpty(), "file data is not a structure: " + owner.fields());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void everyFieldOfEveryStructureIsFoundAtItsOwnBytes(Fixture fixture) throws Exception {
        List<String> wrong = new ArrayList<>();
        int[] checked = {0};
        try (ErofsImage image = fixture.open()) {
            ImageMap map = ImageMap.build(image, () -> false);
            List<Field> structures = new ArrayList<>(image.imageStructures());
            image.walk(image.root(), (Node node) -> structures.addAll(image.structures(node)));
            for (Field s : structures) {
                for (Field f : FieldTrees.flatten(s)) {
                    if (!f.isLeaf() || f.size() == 0 || f.value() instanceof FieldValue.Bits) {
                        continue;
                    }
                    for (long b : new long[] {f.offset(), f.end() - 1}) {
                        ByteOwner owner = map.at(b);
                        Field found = owner == null ? null : owner.field();
                        if (found == null || !found.name().equals(f.name()) || found.offset() != f.offset()
                                || found.size() != f.size()) {
                            wrong.add(s.name() + "." + f.name() + " at " + b + ": the map says "
                                    + (found == null ? (owner == null ? "nothing" : owner.description()) : found.name() + " at " + found.offset()));
                        }
                    }
                    checked[0]++;
                }
            }
        }
        assertTrue(wrong.isEmpty(), () -> fixture + ": " + wrong.size() + " fields not found at their bytes, first:\n"
                + String.join("\n", wrong.subList(0, Math.min(15, wrong.size()))));
        assertTrue(checked[0] > (fixture.baseName().equals("metabox") ? 20 : 2000), "fields checked: " + checked[0]);
    }
}

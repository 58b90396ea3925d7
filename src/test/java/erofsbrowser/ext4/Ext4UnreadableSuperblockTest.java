package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;
import erofsbrowser.open.ImageFiles;
import erofsbrowser.open.UnreadableImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static erofsbrowser.ext4.DamagedCopies.copy;
import static erofsbrowser.ext4.DamagedCopies.le32;
import static erofsbrowser.ext4.DamagedCopies.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ext4 image whose superblock the reader refuses still shows that superblock, every field
 * dissected, the one that broke a rule marked where it is (as the window's raw view shows a file
 * it cannot open).
 */
class Ext4UnreadableSuperblockTest {

    @Test
    void aRefusedSuperblockIsDissectedWithTheBadFieldMarked(@TempDir Path dir) throws Exception {
        Path image = copy(Ext4Fixture.mini("ext4-default"), dir);
        patch(image, 1024 + 0x18, le32(20)); // s_log_block_size
        ImageException refused = assertThrows(ImageException.class, () -> ImageFiles.open(image, 0, List.of()));
        assertEquals(1024 + 0x18, refused.offset());

        try (UnreadableImage bytes = UnreadableImage.open(image, 0, refused)) {
            Field superblock = bytes.imageStructures().stream().filter(x -> x.name().equals("ext4_super_block"))
                    .findFirst().orElseThrow(() -> new AssertionError("no superblock in " + bytes.imageStructures()));
            assertTrue(superblock.children().size() > 50, "every field: " + superblock.children().size());
            List<Field> path = superblock.pathTo(1024 + 0x18);
            Field field = path.get(path.size() - 1);
            assertEquals("s_log_block_size", field.name());
            assertTrue(field.problems().stream().anyMatch(p -> p.message().contains("s_log_block_size 20 is invalid")),
                    field.problems().toString());
        }
    }
}

package erofsbrowser.fuzz;

import erofsbrowser.image.Field;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.open.ImageFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sound image the fuzzer mutates: its bytes, the leaf fields its structure trees describe (the
 * targets of field-wise mutations), and how many entries it lists unharmed.
 */
record Seed(String name, byte[] bytes, List<Field> fields, int entries) {

    static Seed of(Path file) throws IOException, ImageException {
        byte[] bytes = Files.readAllBytes(file);
        List<Field> leaves = new ArrayList<>();
        int[] entries = {0};
        try (FileSystemImage image = ImageFiles.open(file, 0, List.of())) {
            for (Field f : image.imageStructures()) {
                addLeaves(f, leaves, bytes.length);
            }
            image.walk(image.root(), n -> {
                entries[0]++;
                for (Field f : image.structures(n)) {
                    addLeaves(f, leaves, bytes.length);
                }
            });
        }
        return new Seed(file.getFileName().toString(), bytes, List.copyOf(leaves), entries[0]);
    }

    private static void addLeaves(Field f, List<Field> into, long length) {
        if (f.isLeaf()) {
            if (f.size() > 0 && f.size() <= 8 && f.offset() >= 0 && f.end() <= length) {
                into.add(f);
            }
            return;
        }
        for (Field c : f.children()) {
            addLeaves(c, into, length);
        }
    }
}

package erofsbrowser.ext4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An ext2/3/4 fixture image with the listing the Linux kernel gave for it: from the mini matrix in
 * the test resources (always there), or from the full corpus in {@code ../shared/fixtures-ext4}
 * when present (the {@code fixtures.ext4.dir} system property names it).
 */
record Ext4Fixture(String name, Path image, Path expected) {
    static final Path MINI = Path.of("src/test/resources/fixtures-ext4");
    static final Path FULL = Path.of(System.getProperty("fixtures.ext4.dir", "../shared/fixtures-ext4"));
    /** Images made by {@code src/test/ext4-extra/make-extra-fixtures.sh} for what the mini matrix lacks. */
    static final Path EXTRA = Path.of("src/test/resources/fixtures-ext4-extra");

    @Override
    public String toString() {
        return name;
    }

    static Stream<Ext4Fixture> mini() {
        return in(MINI).stream();
    }

    /** Every mini image, then every image of the full corpus when it is there. */
    static Stream<Ext4Fixture> all() {
        List<Ext4Fixture> list = new ArrayList<>(in(MINI));
        if (Files.isDirectory(FULL)) {
            list.addAll(in(FULL));
        }
        return list.stream();
    }

    /** The extra images that have a kernel listing. */
    static Stream<Ext4Fixture> extra() {
        return in(EXTRA).stream().filter(f -> Files.exists(f.expected));
    }

    static Ext4Fixture extra(String name) {
        return new Ext4Fixture(name, EXTRA.resolve(name + ".img"), EXTRA.resolve(name + ".expected.jsonl"));
    }

    static Stream<Ext4Fixture> full() {
        return Files.isDirectory(FULL) ? in(FULL).stream() : Stream.empty();
    }

    static Ext4Fixture mini(String baseName) {
        return new Ext4Fixture("mini-" + baseName, MINI.resolve("mini-" + baseName + ".img"),
                MINI.resolve("mini-" + baseName + ".expected.jsonl"));
    }

    private static List<Ext4Fixture> in(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".img"))
                    .sorted()
                    .map(n -> n.substring(0, n.length() - 4))
                    .map(n -> new Ext4Fixture(n, dir.resolve(n + ".img"), dir.resolve(n + ".expected.jsonl")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> expectedLines() throws IOException {
        return Files.readAllLines(expected, java.nio.charset.StandardCharsets.UTF_8);
    }

    Ext4Image open() throws Exception {
        return Ext4Image.open(image);
    }
}

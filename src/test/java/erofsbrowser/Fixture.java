package erofsbrowser;

import erofsbrowser.image.ImageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fixture image with the listing the Linux kernel gave for it: from the mini matrix in the test
 * resources (always there), or from the full corpus in {@code ../shared/fixtures} when present.
 *
 * @param name     the image's name without {@code .erofs}
 * @param image    the image file
 * @param expected the kernel's listing ({@code NAME.expected.jsonl})
 * @param offset   where the image starts in its file
 * @param devices  extra device files, in device order
 */
public record Fixture(String name, Path image, Path expected, long offset, List<Path> devices) {

    public static final Path MINI = Path.of("src/test/resources/fixtures");
    public static final Path FULL = Path.of(System.getProperty("fixtures.dir", "../shared/fixtures"));

    @Override
    public String toString() {
        return image.toString();
    }

    public String baseName() {
        return name.startsWith("mini-") ? name.substring(5) : name;
    }

    /** Every mini image, then every full-corpus image when the corpus is there. */
    public static Stream<Fixture> all() {
        List<Fixture> list = new ArrayList<>(in(MINI));
        if (Files.isDirectory(FULL)) {
            list.addAll(in(FULL));
        }
        return list.stream();
    }

    public static Stream<Fixture> mini() {
        return in(MINI).stream();
    }

    public static Fixture mini(String baseName) {
        return of(MINI, "mini-" + baseName);
    }

    private static List<Fixture> in(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".erofs"))
                    .sorted()
                    .map(n -> of(dir, n.substring(0, n.length() - ".erofs".length())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Fixture of(Path dir, String name) {
        String base = name.startsWith("mini-") ? name.substring(5) : name;
        long offset = switch (name) {
            case "offset" -> 1048576;
            case "mini-offset" -> 65536;
            default -> 0;
        };
        Path blob = dir.resolve(name + ".blob");
        List<Path> devices = base.equals("chunked-blob") ? List.of(blob) : List.of();
        return new Fixture(name, dir.resolve(name + ".erofs"), dir.resolve(name + ".expected.jsonl"), offset, devices);
    }

    /** The kernel's listing, one JSON line per entry. */
    public List<String> expectedLines() throws IOException {
        return Files.readAllLines(expected, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Command-line arguments that name this image: [--offset N] [--device F] IMAGE. */
    public List<String> cliImageArgs() {
        List<String> args = new ArrayList<>();
        if (offset != 0) {
            args.add("--offset");
            args.add(Long.toString(offset));
        }
        for (Path d : devices) {
            args.add("--device");
            args.add(d.toString());
        }
        args.add(image.toString());
        return args;
    }

    public erofsbrowser.erofs.ErofsImage open() throws IOException, erofsbrowser.image.ImageException {
        return erofsbrowser.erofs.ErofsImage.open(image, offset, devices);
    }
}

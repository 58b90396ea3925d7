package erofsbrowser.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The app image, the .deb and the portable bundle, built once per test run by the project's own
 * scripts (jlink/build-app-image.sh, jlink/build-packages.sh) from what Maven compiled
 * ({@code target/classes}) and the runtime jars it copied ({@code target/lib}), into
 * {@code target/packaging-test}. Built at the first call of {@link #get()}, which every test of
 * the packages makes; a failed build fails each of them with the build's output.
 */
final class BuiltPackages {
    private static final Path ROOT = Path.of("target/packaging-test").toAbsolutePath();

    private final Path appImage;
    private final Path deb;
    private final Path bundle;

    private BuiltPackages(Path appImage, Path deb, Path bundle) {
        this.appImage = appImage;
        this.deb = deb;
        this.bundle = bundle;
    }

    /** The packages, built by the first caller. */
    static BuiltPackages get() {
        Build build = Build.RESULT;
        if (build.failure != null) {
            throw new AssertionError("the packages could not be built", build.failure);
        }
        return build.packages;
    }

    /** The app image: bin/erofs-browser, bin/erofs, lib/. */
    Path appImage() {
        return appImage;
    }

    Path deb() {
        return deb;
    }

    /** The portable bundle, a .tar.gz. */
    Path bundle() {
        return bundle;
    }

    /** Holds the result of the one build; the JVM initialises it once, on first use. */
    private static final class Build {
        static final Build RESULT = run();

        final BuiltPackages packages;
        final Throwable failure;

        private Build(BuiltPackages packages, Throwable failure) {
            this.packages = packages;
            this.failure = failure;
        }

        private static Build run() {
            try {
                return new Build(build(), null);
            } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
                return new Build(null, e);
            }
        }
    }

    private static BuiltPackages build() throws IOException, InterruptedException {
        deleteRecursively(ROOT);
        Files.createDirectories(ROOT);
        Path jar = ROOT.resolve("erofs-browser.jar");
        jar(Path.of("target/classes"), jar);
        Path appImage = ROOT.resolve("app/erofs-browser");
        Path packages = ROOT.resolve("packages");
        Duration patience = Duration.ofMinutes(8);
        Command image = Command.run(Map.of(), Path.of("."), patience, List.of("jlink/build-app-image.sh",
                "--app-jar", jar.toString(), "--deps", "target/lib", "--dest", appImage.toString()));
        Files.writeString(ROOT.resolve("build-app-image.log"), image.out() + image.err());
        image.succeeded();
        Command built = Command.run(Map.of(), Path.of("."), patience, List.of("jlink/build-packages.sh",
                "--app-image", appImage.toString(), "--dest", packages.toString(), "--fast"));
        Files.writeString(ROOT.resolve("build-packages.log"), built.out() + built.err());
        built.succeeded();
        return new BuiltPackages(appImage, only(packages, "erofs-browser_", ".deb"),
                only(packages, "erofs-browser-", ".tar.gz"));
    }

    private static Path only(Path dir, String prefix, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new AssertionError("one " + prefix + "*" + suffix + " in " + dir + ", not " + found);
            }
            return found.get(0);
        }
    }

    /** The app's jar, as Maven would make it, from the compiled classes. */
    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(f).toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                f.toFile().setWritable(true);
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}

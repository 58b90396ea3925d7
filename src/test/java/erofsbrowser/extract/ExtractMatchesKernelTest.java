package erofsbrowser.extract;

import erofsbrowser.Fixture;
import erofsbrowser.ListingDiff;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.open.ImageFiles;
import erofsbrowser.image.ManifestEntry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extracting a whole image writes a tree that the file system lists exactly as the Linux kernel
 * lists the image: for every fixture, {@link Extractor} writes the image into a fresh
 * folder, {@link TreeListing} lists that folder back from disk (java.nio attributes and libc's
 * xattr calls, nothing of the reader), and the lines must equal the kernel's listing
 * ({@code NAME.expected.jsonl}).
 *
 * <p><b>Fields compared.</b> Running as root (as CI does, on ext4): every field of every entry:
 * type, permission bits (setuid, setgid and sticky included), uid, gid, mtime (whole seconds; not
 * for directories and symlinks, as in the fixtures), size and SHA-256 of regular files, link count
 * of hard-linked files, symlink target bytes, major and minor of device files, and every
 * extended attribute with its value ({@code user.}, {@code trusted.} and {@code security.},
 * {@code security.capability} included). And the extraction reports nothing skipped.
 *
 * <p>Not root: the files belong to whoever extracts, only root may create device nodes, set
 * {@code trusted.} attributes (CAP_SYS_ADMIN), {@code security.capability} (CAP_SETFCAP) and other
 * {@code security.} attributes (CAP_SYS_ADMIN without an LSM that allows it). So uid and gid are
 * not compared, device entries are not expected, and only {@code user.} attributes are compared;
 * every other field is, and everything the extraction skips must be one of those cases.
 *
 * <p><b>The root line.</b> The Extractor extracts the image root <em>as</em> the destination
 * folder: it writes the root's entries into it but leaves the folder's own mode, owner, mtime and
 * xattrs as they were (it may be a folder the user chose, such as their home). So the listed
 * {@code /} is compared with the destination folder as it was before the extraction, not with the
 * image root's line (whose attributes, such as apexlike's {@code security.selinux} label, are not
 * applied to the destination). A destination the extraction makes itself is the image root's
 * folder, and lists as the kernel's root line.
 */
class ExtractMatchesKernelTest {

    /** An image of any format and the kernel's listing of it. */
    record Listed(String name, Path image, Path expected, long offset, List<Path> devices) {
        @Override
        public String toString() {
            return name;
        }

        FileSystemImage open() throws Exception {
            return ImageFiles.open(image, offset, devices);
        }

        List<String> expectedLines() throws java.io.IOException {
            return Files.readAllLines(expected, StandardCharsets.UTF_8);
        }
    }

    /**
     * Every EROFS fixture, then every ext2/3/4 mini fixture, and those of the full ext4 corpus (when
     * it is there) whose kind has no mini image (extracting the whole corpus would add a minute to
     * the suite for features the mini images already cover).
     */
    static Stream<Listed> images() throws java.io.IOException {
        List<Listed> all = new ArrayList<>();
        Fixture.all().forEach(f -> all.add(new Listed(f.name(), f.image(), f.expected(), f.offset(), f.devices())));
        Path mini = Path.of("src/test/resources/fixtures-ext4");
        Path full = Path.of(System.getProperty("fixtures.ext4.dir", "../shared/fixtures-ext4"));
        for (Path dir : List.of(mini, full)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path img : files.filter(p -> p.toString().endsWith(".img")).sorted().toList()) {
                    String name = img.getFileName().toString().replaceFirst("\\.img$", "");
                    if (dir == full && Files.exists(mini.resolve("mini-" + name + ".img"))) {
                        continue;
                    }
                    all.add(new Listed(name, img, dir.resolve(name + ".expected.jsonl"), 0, List.of()));
                }
            }
        }
        // The APEX and CAPEX files beside a listing of their payload: extracted as they are, no --offset.
        Path apexDir = Path.of(System.getProperty("apex.dir", "../shared/apex"));
        if (Files.isDirectory(apexDir)) {
            try (Stream<Path> files = Files.list(apexDir)) {
                for (Path apex : files.filter(p -> p.toString().matches(".*\\.c?apex")).sorted().toList()) {
                    String name = apex.getFileName().toString();
                    Path expected = apexDir.resolve(name.substring(0, name.lastIndexOf('.')) + ".expected.jsonl");
                    if (Files.exists(expected)) {
                        all.add(new Listed(name, apex, expected, 0, List.of()));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theExtractedTreeListsAsTheKernelListsTheImage(Listed fixture, @TempDir Path temp) throws Exception {
        TreeListing.requireUtf8FileNames();
        Libc libc = Libc.load();
        assertNotNull(libc, "libc is needed to read extended attributes back");
        boolean root = libc.geteuid() == 0;

        Path dest = temp.resolve("dest");
        Files.createDirectory(dest, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        ManifestEntry destinationBefore = TreeListing.entry(dest, new byte[] {'/'});

        ExtractionReport report;
        try (FileSystemImage image = fixture.open()) {
            report = new Extractor(image, dest).extract(List.of(image.root()));
        }

        List<String> expected = new ArrayList<>(fixture.expectedLines());
        assertTrue(expected.get(0).contains("\"path\": \"/\","), "the kernel's listing starts with the root");
        expected.set(0, line(destinationBefore));
        List<String> actual = TreeListing.of(dest).stream().map(ExtractMatchesKernelTest::line).toList();
        removeSymlinks(dest);

        if (!root) {
            expected = comparableWithoutRoot(expected);
            actual = comparableWithoutRoot(actual);
        }
        List<String> diff = ListingDiff.differences(expected, actual, 20);
        assertTrue(diff.isEmpty(), () -> fixture + " extracted into " + dest + ":\n" + String.join("\n", diff));
        assertEquals(expected, actual);

        if (root) {
            assertTrue(report.skipped().isEmpty(), () -> "as root nothing may be skipped, but:\n"
                    + report.skipped().stream().map(Object::toString).collect(Collectors.joining("\n")));
            assertEquals(fixture.expectedLines().size(), report.entries(), "entries written, the root included");
        } else {
            for (ExtractionReport.Skipped s : report.skipped()) {
                assertTrue(s.reason().startsWith("owners (uid/gid) not set")
                                || s.reason().startsWith("device files can only be created by root")
                                || (s.reason().startsWith("xattr ") && !s.reason().startsWith("xattr user.")),
                        () -> "skipped for a reason other than missing privileges: " + s);
            }
        }
    }

    /** The root line differs by image, not by size: the small ones are enough. */
    static Stream<Fixture> miniImages() {
        return Fixture.mini();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void aDestinationTheExtractionMakesTakesTheRootsMtimeModeAndXattrs(Fixture fixture, @TempDir Path temp)
            throws Exception {
        TreeListing.requireUtf8FileNames();
        Libc libc = Libc.load();
        assertNotNull(libc, "libc is needed to read extended attributes back");
        Path dest = temp.resolve("made/here");

        java.time.Instant rootMtime;
        try (ErofsImage image = fixture.open()) {
            rootMtime = image.root().inode().mtimeInstant();
            new Extractor(image, dest).extract(List.of(image.root()));
        }
        // Listings leave out directory mtimes (the kernel's has none); fsck.erofs sets the root's.
        assertEquals(rootMtime, Files.getLastModifiedTime(dest, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant());

        List<String> expected = fixture.expectedLines();
        List<String> actual = TreeListing.of(dest).stream().map(ExtractMatchesKernelTest::line).toList();
        removeSymlinks(dest);
        if (libc.geteuid() != 0) {
            expected = comparableWithoutRoot(expected);
            actual = comparableWithoutRoot(actual);
        }
        assertEquals(expected.get(0), actual.get(0), "the root line");
        assertEquals(expected, actual);
    }

    /**
     * A new file takes the group of a setgid folder it is made in, and folders made in it become
     * setgid too: owners must still be the image's. (Extraction leaves out fchown where a new file
     * is already owned right; here it may not.) Root only: others cannot give files away.
     */
    @org.junit.jupiter.api.Test
    void intoASetgidFolderOfAnotherGroupTheOwnersAreStillTheImages(@TempDir Path temp) throws Exception {
        TreeListing.requireUtf8FileNames();
        Libc libc = Libc.load();
        org.junit.jupiter.api.Assumptions.assumeTrue(libc != null && libc.geteuid() == 0,
                "only root can give the extracted files to the image's owners");
        Fixture fixture = Fixture.mini("plain");
        Path dest = temp.resolve("dest");
        Files.createDirectory(dest);
        Files.setAttribute(dest, "unix:gid", 1);
        Files.setAttribute(dest, "unix:mode", 02770);
        ManifestEntry destinationBefore = TreeListing.entry(dest, new byte[] {'/'});

        try (ErofsImage image = fixture.open()) {
            new Extractor(image, dest).extract(List.of(image.root()));
        }

        List<String> expected = new ArrayList<>(fixture.expectedLines());
        expected.set(0, line(destinationBefore));
        List<String> actual = TreeListing.of(dest).stream().map(ExtractMatchesKernelTest::line).toList();
        removeSymlinks(dest);
        List<String> diff = ListingDiff.differences(expected, actual, 20);
        assertTrue(diff.isEmpty(), () -> "extracted into a setgid folder of gid 1:\n" + String.join("\n", diff));
    }

    /** The fixtures hold symlinks to /etc/shadow and the like: removed here, JUnit's clean-up warns about each. */
    private static void removeSymlinks(Path folder) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isSymbolicLink).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String line(ManifestEntry e) {
        byte[] json = e.toJsonLine();
        return new String(json, 0, json.length - 1, StandardCharsets.UTF_8);
    }

    private static final Pattern OWNER = Pattern.compile("\"(uid|gid)\": \\d+");
    private static final Pattern DEVICE = Pattern.compile("\"type\": \"(chr|blk)\"");
    private static final Pattern XATTRS = Pattern.compile(", \"xattrs\": \\{(.*)\\}\\}$");
    private static final Pattern XATTR = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\": \"([0-9a-f]*)\"");

    /** A listing line as far as an extraction without root privileges can reproduce it (see the class comment). */
    private static List<String> comparableWithoutRoot(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (DEVICE.matcher(l).find()) {
                continue;
            }
            String s = OWNER.matcher(l).replaceAll("\"$1\": \"(not compared)\"");
            Matcher m = XATTRS.matcher(s);
            if (m.find()) {
                List<String> kept = new ArrayList<>();
                Matcher x = XATTR.matcher(m.group(1));
                while (x.find()) {
                    if (x.group(1).startsWith("user.")) {
                        kept.add(x.group());
                    }
                }
                s = s.substring(0, m.start()) + (kept.isEmpty() ? "" : ", \"xattrs\": {" + String.join(", ", kept) + "}") + "}";
            }
            out.add(s);
        }
        return out;
    }
}

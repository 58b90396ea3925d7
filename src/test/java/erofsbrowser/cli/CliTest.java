package erofsbrowser.cli;

import erofsbrowser.Fixture;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Superblock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line, run in-process through {@link Cli#run} on the mini fixtures: what each command
 * prints, checked against the Linux kernel's listings of the images (and, where the kernel lists
 * nothing of the kind, against the reader's own API), and its exit status: 0 on success, 1 for a bad
 * or missing image, 2 for wrong usage.
 */
class CliTest {
    private static final Fixture PLAIN = Fixture.mini("plain");

    static Stream<Fixture> miniImages() {
        return Fixture.mini();
    }

    private static List<String> args(String command, Fixture fixture, String... more) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(fixture.cliImageArgs());
        args.addAll(List.of(more));
        return args;
    }

    // ---- manifest ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void manifestPrintsTheKernelsListingByteForByte(Fixture fixture) throws IOException {
        CliRun run = CliRun.of(args("manifest", fixture));
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals("", run.err(), run::describe);
        assertArrayEquals(Files.readAllBytes(fixture.expected()), run.out(), () -> fixture + ": manifest differs from "
                + fixture.expected());
    }

    // ---- info -------------------------------------------------------------------------------

    static Stream<Arguments> infoCases() {
        // block size and checksum from the mkfs options in shared/fixtures/README.md; features the options imply
        return Stream.of(
                Arguments.of("plain", 4096, "valid", List.of("sb_chksum")),
                Arguments.of("plain-label", 4096, "valid", List.of("sb_chksum")),
                Arguments.of("plain-b512", 512, "valid", List.of("sb_chksum")),
                Arguments.of("plain-b1024", 1024, "none", List.of()), // -Enosbcrc
                Arguments.of("chunked", 4096, "valid", List.of("chunked_file")),
                Arguments.of("chunked-blob", 4096, "valid", List.of("chunked_file", "device_table")),
                Arguments.of("xattr-prefixes", 4096, "valid", List.of("xattr_prefixes")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("infoCases")
    void infoNamesTheBlockSizeTheFeaturesAndTheChecksumStatus(String name, int blockSize, String checksum,
            List<String> impliedFeatures) throws Exception {
        Fixture fixture = Fixture.mini(name);
        CliRun run = CliRun.of(args("info", fixture));
        assertEquals(Cli.OK, run.status(), run::describe);
        Map<String, String> info = fields(run.outLines());

        assertEquals(Integer.toString(blockSize), info.get("block size"), run::describe);
        assertTrue(info.get("checksum").startsWith(checksum + " "), run::describe);

        Set<String> shown = new TreeSet<>(List.of(info.get("features").split(" ")));
        assertTrue(shown.containsAll(impliedFeatures), () -> "features " + shown + " lack some of " + impliedFeatures);
        assertEquals(checksum.equals("valid"), shown.contains("sb_chksum"), "sb_chksum shown exactly when a checksum is kept");
        try (ErofsImage image = fixture.open()) {
            Superblock sb = image.superblock();
            Set<String> declared = sb.features().stream().map(Feature::formatName).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(declared, shown, "every feature the superblock declares, by name, and no other");
            if (checksum.equals("valid")) {
                assertEquals(String.format("valid (crc32c 0x%08x)", sb.checksum()), info.get("checksum"));
            }
        }
    }

    @Test
    void infoReportsAChecksumThatNoLongerMatches(@TempDir Path temp) throws Exception {
        byte[] bytes = Files.readAllBytes(Fixture.mini("plain-label").image());
        bytes[Superblock.OFFSET + 64] ^= 0x20; // volume label "erofs-fixture" -> "Erofs-fixture"
        Path copy = Files.write(temp.resolve("relabelled.erofs"), bytes);

        CliRun run = CliRun.of("info", copy);
        assertEquals(Cli.OK, run.status(), "a checksum mismatch is reported, not refused (the kernel mounts such images)");
        Map<String, String> info = fields(run.outLines());
        assertTrue(info.get("checksum").startsWith("MISMATCH"), run::describe);
        assertEquals("Erofs-fixture", info.get("volume name"));
    }

    /** "key:   value" lines of info, by key. */
    private static Map<String, String> fields(List<String> lines) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                map.putIfAbsent(l.substring(0, colon), l.substring(colon + 1).trim());
            }
        }
        return map;
    }

    // ---- ls ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void lsListsTheNamesInTheRootInNameOrder(Fixture fixture) throws IOException {
        List<String> expected = new ArrayList<>();
        for (Line l : Line.all(fixture)) {
            if (l.path().lastIndexOf('/') == 0 && !l.path().equals("/")) {
                expected.add(l.path().substring(1));
            }
        }
        CliRun run = CliRun.of(args("ls", fixture));
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals(expected, run.outLines());
        assertTrue(expected.size() > 10, "the mini tree's root holds about twenty entries");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void lsRecursivePrintsEveryPathOfTheImageButTheRootOnce(Fixture fixture) throws IOException {
        Set<String> expected = new HashSet<>();
        for (Line l : Line.all(fixture)) {
            expected.add(l.path());
        }
        assertTrue(expected.remove("/"));
        CliRun run = CliRun.of(args("ls", fixture, "-R"));
        assertEquals(Cli.OK, run.status(), run::describe);
        List<String> printed = run.outLines();
        assertEquals(expected, new HashSet<>(printed));
        assertEquals(expected.size(), printed.size(), "no path printed twice");
    }

    @Test
    void lsLongShowsModeStringsLinkCountsAndDeviceNumbers() throws IOException {
        Map<String, Line> byPath = Line.byPath(PLAIN);
        List<String> lines = new ArrayList<>();
        for (String dir : List.of("/", "/perm", "/special")) {
            CliRun run = CliRun.of("ls", "-l", PLAIN.image(), dir);
            assertEquals(Cli.OK, run.status(), run::describe);
            for (String l : run.outLines()) {
                lines.add(l);
                String name = l.contains(" -> ") ? l.substring(0, l.indexOf(" -> ")) : l;
                name = name.substring(name.lastIndexOf(' ') + 1);
                Line e = byPath.get(dir.equals("/") ? "/" + name : dir + "/" + name);
                assertNotNull(e, "ls -l printed an entry the kernel does not list: " + l);
                assertTrue(l.startsWith(e.lsMode() + " "), () -> "expected " + e.lsMode() + " for " + e.path() + ": " + l);
                if (e.rdev() != null) {
                    assertTrue(l.contains(" " + e.rdev()[0] + ", " + e.rdev()[1] + " "), () -> "device numbers missing: " + l);
                }
                if (e.nlink() != null) {
                    assertTrue(l.matches("\\S+ +" + e.nlink() + " .*"), () -> "link count " + e.nlink() + " missing: " + l);
                }
            }
        }
        // The cases named in the fixtures' README, spelled out:
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("-rwsr-xr-x ") && l.endsWith(" setuid")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("---------- ") && l.endsWith(" noperm")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("crw-r--r-- ") && l.contains(" 1, 3 ") && l.endsWith(" null-chr")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("brw-r----- ") && l.contains(" 8, 0 ") && l.endsWith(" sda-blk")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lrwxrwxrwx ") && l.endsWith(" link-short -> hello.txt")),
                lines::toString);
    }

    // ---- stat -------------------------------------------------------------------------------

    static Stream<Fixture> statImages() {
        return Stream.of(PLAIN, Fixture.mini("plain-compact"), Fixture.mini("plain-b512"));
    }

    private static final Pattern INODE_AT = Pattern.compile("(?m)^inode: +byte offset (\\d+), (\\d+) bytes");
    private static final Pattern NID = Pattern.compile("(?m)^nid: +(\\d+)$");

    @ParameterizedTest(name = "{0}")
    @MethodSource("statImages")
    void statPrintsWhereEachInodeLives(Fixture fixture) throws Exception {
        try (ErofsImage image = fixture.open()) {
            long metaStart = image.superblock().metaOffset();
            for (Line l : Line.all(fixture)) {
                CliRun run = CliRun.of(args("stat", fixture, l.path()));
                assertEquals(Cli.OK, run.status(), run::describe);
                Matcher at = INODE_AT.matcher(run.outText());
                Matcher nid = NID.matcher(run.outText());
                assertTrue(at.find() && nid.find(), run::describe);
                long offset = Long.parseLong(at.group(1));
                assertEquals(image.lookup(l.path()).inode().offset(), offset, l.path());
                assertEquals(metaStart + 32 * Long.parseLong(nid.group(1)), offset,
                        l.path() + ": an inode lives at meta_blkaddr * block size + 32 * nid");
                assertTrue(run.outText().contains("\ntype:        " + l.type() + "\n"), run::describe);
            }
        }
    }

    // ---- cat --------------------------------------------------------------------------------

    @Test
    void catWritesEveryRegularFileExactlyAsTheKernelReadsIt() throws Exception {
        int files = 0;
        for (Line l : Line.all(PLAIN)) {
            if (!l.type().equals("file")) {
                continue;
            }
            CliRun run = CliRun.of("cat", PLAIN.image(), l.path());
            assertEquals(Cli.OK, run.status(), run::describe);
            assertEquals("", run.err());
            assertEquals(l.size(), run.out().length, l.path());
            assertEquals(l.sha256(), sha256(run.out()), l.path());
            files++;
        }
        assertTrue(files > 300, "the mini tree holds over 300 regular files");
    }

    @Test
    void catOfADirectoryOrAnAbsentPathFails() {
        CliRun dir = CliRun.of("cat", PLAIN.image(), "/perm");
        assertEquals(Cli.BAD_IMAGE, dir.status(), dir::describe);
        assertEquals(0, dir.out().length);
        assertEquals(1, dir.errLines().size(), dir::describe);
        CliRun absent = CliRun.of("cat", PLAIN.image(), "/no/such/file");
        assertEquals(Cli.BAD_IMAGE, absent.status(), absent::describe);
        assertEquals(1, absent.errLines().size(), absent::describe);
    }

    // ---- check ------------------------------------------------------------------------------

    /**
     * What check must have read, from the kernel's listing: every entry, and each regular file
     * once (the listing gives no inode numbers: a file with n links is one of n listed alike).
     */
    private static String checkSummary(Fixture fixture) throws IOException {
        List<Line> lines = Line.all(fixture);
        Map<String, Integer> linked = new LinkedHashMap<>(); // same content and link count: one group
        long files = 0;
        long bytes = 0;
        for (Line l : lines) {
            if (!l.type().equals("file")) {
                continue;
            }
            if (l.nlink() == null) {
                files++;
                bytes += l.size();
            } else {
                String key = l.sha256() + " " + l.size() + " " + l.nlink();
                int seen = linked.merge(key, 1, Integer::sum);
                if (seen % l.nlink() == 1) { // the first of its group
                    files++;
                    bytes += l.size();
                }
            }
        }
        return "ok: " + lines.size() + " entries, " + files + " files, " + bytes + " bytes of file data read\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void checkReadsEveryEntryAndEachFileOnce(Fixture fixture) throws IOException {
        CliRun run = CliRun.of(args("check", fixture));
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals("", run.err(), run::describe);
        assertEquals(checkSummary(fixture), run.outText());
    }

    @Test
    void checkSaysTheSameOnOneThreadOrMany() throws IOException {
        for (String name : List.of("lz4hc-fragments", "plain", "multi-algo")) {
            Fixture fixture = Fixture.mini(name);
            String expected = checkSummary(fixture);
            for (String threads : List.of("1", "2", "7")) {
                CliRun run = CliRun.of(args("check", fixture, "--threads", threads));
                assertEquals(Cli.OK, run.status(), run::describe);
                assertEquals(expected, run.outText(), () -> name + " with " + threads + " threads");
            }
        }
    }

    // ---- usage errors -----------------------------------------------------------------------

    static Stream<Arguments> usageErrors() {
        String image = PLAIN.image().toString();
        return Stream.of(
                Arguments.of("unknown long option", List.of("ls", "--frobnicate", image)),
                Arguments.of("unknown short option", List.of("ls", "-x", image)),
                Arguments.of("option of another command", List.of("manifest", "-R", image)),
                Arguments.of("no image", List.of("info")),
                Arguments.of("cat without PATH", List.of("cat", image)),
                Arguments.of("stat without PATH", List.of("stat", image)),
                Arguments.of("extract without DEST", List.of("extract", image)),
                Arguments.of("--offset without a number", List.of("info", "--offset", "lots", image)),
                Arguments.of("--offset without its value", List.of("info", image, "--offset")),
                Arguments.of("--threads on a command without threads", List.of("ls", "--threads", "2", image)),
                Arguments.of("a flag given a value", List.of("info", "--json=yes", image)),
                Arguments.of("an operand too many", List.of("ls", image, "/", "/etc")),
                Arguments.of("--overwrite with --skip-existing",
                        List.of("extract", "--overwrite", "--skip-existing", image, "dest")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void wrongUsageExitsWithStatus2AndAUsageLine(String what, List<String> args) {
        CliRun run = CliRun.of(args);
        assertEquals(Cli.USAGE, run.status(), run::describe);
        assertEquals(0, run.out().length, "nothing on standard output");
        List<String> err = run.errLines();
        assertTrue(err.stream().anyMatch(l -> l.startsWith("usage: erofs-browser ")), run::describe);
        assertTrue(err.get(0).startsWith("erofs-browser " + args.get(0) + ": "), "first the problem, then the usage: " + err);
        assertEquals("Try 'erofs-browser " + args.get(0) + " --help' for more information.", err.get(err.size() - 1));
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run::describe);
    }

    @Test
    void usageOfACommandShowsThatCommandsUsage() {
        CliRun run = CliRun.of("cat", PLAIN.image().toString());
        assertEquals(List.of("erofs-browser cat: missing PATH",
                "usage: erofs-browser cat [--offset BYTES] [--device FILE]... IMAGE PATH",
                "Try 'erofs-browser cat --help' for more information."), run.errLines());
        CliRun unknown = CliRun.of("ls", "--frobnicate", PLAIN.image().toString());
        assertTrue(unknown.errLines().get(0).contains("--frobnicate"), unknown::describe);
        assertTrue(unknown.errLines().contains(
                "usage: erofs-browser ls [-l] [-R] [--json] [--strict] [--offset BYTES] [--device FILE]... IMAGE [PATH]"),
                unknown::describe);
    }

    // ---- missing image ----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("commandsOnAnImage")
    void aMissingImageFileExitsWithStatus1AndOneLine(String command, @TempDir Path temp) {
        Path absent = temp.resolve("absent.erofs");
        List<String> args = new ArrayList<>(List.of(command, absent.toString()));
        if (command.equals("cat") || command.equals("stat")) {
            args.add("/hello.txt");
        } else if (command.equals("extract")) {
            args.add(temp.resolve("dest").toString());
        }
        CliRun run = CliRun.of(args);
        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        assertEquals(1, run.errLines().size(), run::describe);
        assertTrue(run.err().contains(absent.toString()), "names the file: " + run.err());
        assertFalse(run.err().contains("Exception"), run::describe);
        assertEquals(0, run.out().length);
        assertFalse(Files.exists(temp.resolve("dest")), "nothing extracted from an image that is not there");
    }

    static Stream<String> commandsOnAnImage() {
        return Stream.of("info", "ls", "stat", "cat", "manifest", "extract");
    }

    // ---- extract ----------------------------------------------------------------------------

    /**
     * An image stored at an offset inside a larger file: mini-offset (compressed, 64 KiB in), and
     * mini-plain copied 64 KiB into a file by the test (so the offset handling is checked on
     * uncompressed data too).
     */
    static Stream<Arguments> imagesAtAnOffset() {
        return Stream.of(Arguments.of("mini-offset", false), Arguments.of("mini-plain behind 65536 zero bytes", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imagesAtAnOffset")
    void extractWithOffsetWritesEveryEntryOfTheImage(String name, boolean padPlain, @TempDir Path temp) throws Exception {
        assertEquals("UTF-8", System.getProperty("sun.jnu.encoding"),
                "the images hold non-ASCII names, which Java can only create with a UTF-8 locale (LANG=C.UTF-8)");
        Fixture fixture = padPlain ? PLAIN : Fixture.mini("offset");
        Path image = fixture.image();
        if (padPlain) {
            image = temp.resolve("padded.erofs");
            byte[] plain = Files.readAllBytes(PLAIN.image());
            byte[] padded = new byte[65536 + plain.length];
            System.arraycopy(plain, 0, padded, 65536, plain.length);
            Files.write(image, padded);
        } else {
            assertEquals(65536, fixture.offset());
        }
        Path dest = temp.resolve("dest");

        CliRun run = CliRun.of("extract", "--offset", "65536", image, dest);
        assertEquals(Cli.OK, run.status(), run::describe);
        assertTrue(run.outText().startsWith("extracted "), run::describe);

        boolean root = (Integer) Files.getAttribute(temp, "unix:uid") == 0; // a new folder belongs to the effective uid
        Set<String> expectedPaths = new TreeSet<>();
        for (Line l : Line.all(fixture)) {
            if (root || l.rdev() == null) {
                expectedPaths.add(l.path());
            }
            Path p = l.path().equals("/") ? dest : dest.resolve(l.path().substring(1));
            if (l.type().equals("file")) {
                assertEquals(l.sha256(), erofsbrowser.extract.TreeListing.sha256(p), l.path());
            }
        }
        Set<String> extracted = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dest)) {
            walk.forEach(p -> extracted.add(p.equals(dest) ? "/" : "/" + dest.relativize(p).toString()));
        }
        assertEquals(expectedPaths, extracted);
        // and without --offset the same file is no EROFS image
        CliRun wrong = CliRun.of("extract", image, temp.resolve("dest2"));
        assertEquals(Cli.BAD_IMAGE, wrong.status(), wrong::describe);
        assertTrue(wrong.err().contains("not an image this program reads: no EROFS superblock magic"), wrong::describe);
        removeSymlinks(dest);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** The fixtures hold symlinks to /etc/shadow and the like: removed here, JUnit's clean-up warns about each. */
    private static void removeSymlinks(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isSymbolicLink).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** One line of a kernel listing ({@code NAME.expected.jsonl}), the fields these tests need. */
    record Line(String path, String type, int mode, Long size, String sha256, Long nlink, int[] rdev) {
        private static final Pattern PATH = Pattern.compile("\"path\": \"((?:[^\"\\\\]|\\\\.)*)\"");
        private static final Pattern TYPE = Pattern.compile("\"type\": \"(\\w+)\"");
        private static final Pattern MODE = Pattern.compile("\"mode\": \"0o([0-7]+)\"");
        private static final Pattern SIZE = Pattern.compile("\"size\": (\\d+)");
        private static final Pattern SHA = Pattern.compile("\"sha256\": \"([0-9a-f]{64})\"");
        private static final Pattern NLINK = Pattern.compile("\"nlink\": (\\d+)");
        private static final Pattern RDEV = Pattern.compile("\"rdev\": \\[(\\d+), (\\d+)\\]");

        static List<Line> all(Fixture fixture) throws IOException {
            List<Line> list = new ArrayList<>();
            for (String json : fixture.expectedLines()) {
                list.add(parse(json));
            }
            return list;
        }

        static Map<String, Line> byPath(Fixture fixture) throws IOException {
            Map<String, Line> map = new LinkedHashMap<>();
            for (Line l : all(fixture)) {
                map.put(l.path(), l);
            }
            return map;
        }

        static Line parse(String json) {
            Matcher path = PATH.matcher(json);
            Matcher type = TYPE.matcher(json);
            Matcher mode = MODE.matcher(json);
            if (!path.find() || !type.find() || !mode.find()) {
                throw new IllegalArgumentException("not a listing line: " + json);
            }
            Matcher size = SIZE.matcher(json);
            Matcher sha = SHA.matcher(json);
            Matcher nlink = NLINK.matcher(json);
            Matcher rdev = RDEV.matcher(json);
            return new Line(erofsbrowser.ListingDiff.unescape(path.group(1)), type.group(1), Integer.parseInt(mode.group(1), 8),
                    size.find() ? Long.valueOf(size.group(1)) : null,
                    sha.find() ? sha.group(1) : null,
                    nlink.find() ? Long.valueOf(nlink.group(1)) : null,
                    rdev.find() ? new int[] {Integer.parseInt(rdev.group(1)), Integer.parseInt(rdev.group(2))} : null);
        }

        /** The first ten characters of {@code ls -l}, as coreutils writes them. */
        String lsMode() {
            char kind = switch (type) {
                case "file" -> '-';
                case "dir" -> 'd';
                case "symlink" -> 'l';
                case "chr" -> 'c';
                case "blk" -> 'b';
                case "fifo" -> 'p';
                case "sock" -> 's';
                default -> throw new IllegalStateException(type);
            };
            StringBuilder sb = new StringBuilder().append(kind);
            int[] specialBits = {04000, 02000, 01000};
            for (int who = 0; who < 3; who++) {
                int bits = (mode >> (6 - 3 * who)) & 7;
                boolean special = (mode & specialBits[who]) != 0;
                sb.append((bits & 4) != 0 ? 'r' : '-');
                sb.append((bits & 2) != 0 ? 'w' : '-');
                boolean x = (bits & 1) != 0;
                char specialChar = who == 2 ? 't' : 's';
                sb.append(special ? (x ? specialChar : Character.toUpperCase(specialChar)) : (x ? 'x' : '-'));
            }
            return sb.toString();
        }
    }
}

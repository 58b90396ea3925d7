package erofsbrowser.cli;

import erofsbrowser.Fixture;
import erofsbrowser.erofs.ErofsImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --json} of info, ls, stat and check: every output parses as strict JSON, has exactly
 * the keys {@link JsonKeys} documents (the man page's list), and says what the Linux kernel's
 * listing of the image says; names that are not UTF-8 come out as valid JSON with their exact bytes.
 */
class JsonOutputTest {
    private static final Fixture PLAIN = Fixture.mini("plain");

    static Stream<Fixture> miniImages() {
        return Fixture.mini();
    }

    private static List<String> args(String command, Fixture fixture, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--json"));
        args.addAll(fixture.cliImageArgs());
        args.addAll(List.of(more));
        return args;
    }

    private static Set<String> documented(String command) {
        return JsonKeys.of(command).stream().map(JsonKeys.Key::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The keys of {@code value} but the _hex ones, which come only with names that are not UTF-8. */
    private static Set<String> keysOf(Object value) {
        Set<String> keys = StrictJson.keyPaths(value);
        keys.removeIf(k -> k.endsWith("_hex") && !k.endsWith("value_hex"));
        return keys;
    }

    private static long number(Map<String, Object> o, String key) {
        return ((BigDecimal) o.get(key)).longValueExact();
    }

    // ---- ls --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void lsJsonHasALinePerEntryThatAgreesWithTheKernelsListing(Fixture fixture) throws IOException {
        CliRun run = CliRun.of(args("ls", fixture, "-R"));
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals("", run.err());

        Map<String, Map<String, Object>> kernel = new HashMap<>();
        for (String line : fixture.expectedLines()) {
            Map<String, Object> e = StrictJson.object(line);
            kernel.put((String) e.get("path"), e);
        }
        List<String> lines = run.outLines();
        assertEquals(kernel.size() - 1, lines.size(), "every entry but the root, once");
        for (String line : lines) {
            Map<String, Object> e = StrictJson.object(line);
            assertEquals(documented("ls"), keysOf(e), line);
            Map<String, Object> k = kernel.get((String) e.get("path"));
            String where = fixture + " " + e.get("path");
            assertTrue(k != null, where + " is not in the kernel's listing");
            assertEquals(k.get("type"), e.get("type"), where);
            assertEquals(k.get("mode"), e.get("mode"), where);
            assertEquals(k.get("uid"), e.get("uid"), where);
            assertEquals(k.get("gid"), e.get("gid"), where);
            String path = (String) e.get("path");
            assertEquals(path.substring(path.lastIndexOf('/') + 1), e.get("name"), where);
            switch ((String) e.get("type")) {
                case "file" -> {
                    assertEquals(k.get("size"), e.get("size"), where);
                    assertEquals(k.get("mtime"), e.get("mtime"), where);
                    assertEquals(k.containsKey("nlink") ? k.get("nlink") : BigDecimal.ONE, e.get("nlink"), where);
                }
                case "symlink" -> assertEquals(k.get("target"),
                        HexFormat.of().formatHex(((String) e.get("target")).getBytes(StandardCharsets.UTF_8)), where);
                case "chr", "blk" -> assertEquals(k.get("rdev"), e.get("rdev"), where);
                default -> {
                }
            }
            if (!e.get("type").equals("symlink")) {
                assertNull(e.get("target"), where);
            }
        }
    }

    @Test
    void lsJsonOfADirectoryListsItsEntriesByName() {
        CliRun run = CliRun.of(args("ls", PLAIN, "/special"));
        assertEquals(Cli.OK, run.status(), run::describe);
        List<Object> names = run.outLines().stream().map(l -> StrictJson.object(l).get("name")).toList();
        assertEquals(List.of("fifo", "null-chr", "sda-blk"), names);
    }

    // ---- info, stat, check -------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("miniImages")
    void infoJsonHasEveryDocumentedKeyAndNoOther(Fixture fixture) throws Exception {
        CliRun run = CliRun.of(args("info", fixture));
        assertEquals(Cli.OK, run.status(), run::describe);
        assertEquals(1, run.outLines().size(), "one object, on one line");
        Map<String, Object> info = StrictJson.object(run.outText());
        Set<String> keys = keysOf(info);
        Set<String> documented = documented("info");
        assertTrue(documented.containsAll(keys), () -> "undocumented: " + minus(keys, documented));
        Set<String> topLevel = documented.stream().filter(k -> !k.contains(".") && !k.contains("[]"))
                .collect(Collectors.toSet());
        assertTrue(keys.containsAll(topLevel), () -> "missing: " + minus(topLevel, keys));
        try (ErofsImage image = ErofsImage.open(fixture.image(), fixture.offset(), fixture.devices())) {
            assertEquals(image.superblock().blockSize(), number(info, "block_size"));
            assertEquals(image.superblock().uuidString(), info.get("uuid"));
        }
        assertEquals(fixture.expectedLines().size(), number(info, "entries"), "the kernel lists as many entries");
    }

    @Test
    void infoJsonOfAnImageWithDevicesAndCompressionHasTheirKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (String name : List.of("chunked-blob", "multi-algo", "lz4hc-big-pcluster")) {
            CliRun run = CliRun.of(args("info", Fixture.mini(name)));
            assertEquals(Cli.OK, run.status(), run::describe);
            keys.addAll(keysOf(StrictJson.parse(run.outText())));
        }
        assertTrue(keys.containsAll(List.of("devices[].device", "devices[].tag", "compression[].algorithm",
                "compression[].max_pcluster_blocks", "compression[].dict_size")), keys::toString);
    }

    @Test
    void statJsonHasEveryDocumentedKeyAcrossFilesLinksDevicesAndXattrs() {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> documented = documented("stat");
        for (String[] target : new String[][] {{"plain", "/xattr/plain"}, {"plain", "/link-short"},
                {"plain", "/special/null-chr"}, {"plain", "/"}, {"plain", "/xattr/shared0"},
                {"lz4hc-big-pcluster", "/text-70k.txt"}, {"plain", "/sparse.bin"}}) {
            CliRun run = CliRun.of(args("stat", Fixture.mini(target[0]), target[1]));
            assertEquals(Cli.OK, run.status(), run::describe);
            Map<String, Object> stat = StrictJson.object(run.outText());
            Set<String> keys = keysOf(stat);
            assertTrue(documented.containsAll(keys), () -> "undocumented: " + minus(keys, documented));
            assertEquals(target[1], stat.get("path"));
            seen.addAll(keys);
        }
        assertEquals(documented, seen, "every documented key turns up");
    }

    @Test
    void statJsonGivesXattrValuesAsTextWhereTheyAreTextAndAlwaysAsHex() {
        CliRun run = CliRun.of(args("stat", PLAIN, "/xattr/shared0"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> xattrs = (List<Map<String, Object>>) StrictJson.object(run.outText()).get("xattrs");
        Map<String, Object> selinux = xattrs.stream().filter(x -> x.get("name").equals("security.selinux")).findFirst()
                .orElseThrow();
        String hex = (String) selinux.get("value_hex");
        String text = new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8).replace("\0", "");
        assertEquals(text, selinux.get("value"));
        assertTrue(text.startsWith("u:object_r:"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "lz4", "lzma", "chunked-blob"})
    void checkJsonSaysOkWithTheCounts(String name) {
        Fixture fixture = Fixture.mini(name);
        CliRun run = CliRun.of(args("check", fixture));
        assertEquals(Cli.OK, run.status(), run::describe);
        Map<String, Object> check = StrictJson.object(run.outText());
        assertEquals(documented("check"), keysOf(check));
        assertEquals(Boolean.TRUE, check.get("ok"));
        assertNull(check.get("problem"));
        CliRun text = CliRun.of(fixture.cliImageArgs().stream().collect(Collectors.toCollection(
                () -> new ArrayList<>(List.of("check")))));
        assertEquals("ok: " + check.get("entries") + " entries, " + check.get("files") + " files, " + check.get("bytes")
                + " bytes of file data read", text.outText().strip());
    }

    @Test
    void checkJsonOfABadImageSaysWhatAndWhereAndExitsWith1(@TempDir Path temp) throws Exception {
        byte[] bytes = Files.readAllBytes(PLAIN.image());
        Path damaged = temp.resolve("damaged.erofs");
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun run = CliRun.of("check", "--json", "--strict", damaged.toString());
        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        Map<String, Object> check = StrictJson.object(run.outText());
        assertEquals(documented("check"), keysOf(check));
        assertEquals(Boolean.FALSE, check.get("ok"));
        assertNull(check.get("entries"));
        assertTrue(run.err().contains((String) check.get("problem")), "the same problem as on standard error");
        assertTrue(run.err().contains("at byte offset " + check.get("offset")), run::describe);
    }

    // ---- names that are not UTF-8 ----------------------------------------------------------

    @Test
    void aNameThatIsNotUtf8IsValidJsonWithItsExactBytesBeside(@TempDir Path temp) throws Exception {
        byte[] bytes = Files.readAllBytes(PLAIN.image());
        long nameAt;
        try (ErofsImage image = ErofsImage.open(PLAIN.image())) {
            nameAt = image.lookup("/bigdir/f299").dirent().nameRange().offset();
        }
        bytes[(int) nameAt + 3] = (byte) 0xFF; // f299 -> f29\xff: still last in its directory's name order
        Path image = temp.resolve("latin.erofs");
        Files.write(image, bytes);

        CliRun run = CliRun.of("ls", "--json", image, "/bigdir");
        assertEquals(Cli.OK, run.status(), run::describe);
        Map<String, Object> last = StrictJson.object(run.outLines().get(run.outLines().size() - 1));
        assertEquals("f29\uFFFD", last.get("name"));
        assertEquals("663239ff", last.get("name_hex"));
        assertEquals("/bigdir/f29\uFFFD", last.get("path"));
        assertEquals(HexFormat.of().formatHex("/bigdir/f29".getBytes(StandardCharsets.US_ASCII)) + "ff",
                last.get("path_hex"));
        Map<String, Object> before = StrictJson.object(run.outLines().get(run.outLines().size() - 2));
        assertTrue(!before.containsKey("name_hex") && !before.containsKey("path_hex"), "only where a name is not UTF-8");
    }

    @Test
    void jsonTextEscapesQuotesBackslashesAndControlCharactersAndKeepsTheRest() {
        String tricky = "a\"b\\c\nd\te\u0001f\u007fg naïve 日本 😀";
        Json j = new Json().beginObject().key("s").value(tricky).bytes("b", tricky.getBytes(StandardCharsets.UTF_8))
                .key("n").unsigned(-1L).key("list").beginArray().value(1).nullValue().value(true).endArray().endObject();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        j.writeLine(out);
        String line = bytes.toString(StandardCharsets.UTF_8);
        Map<String, Object> parsed = StrictJson.object(line);
        assertEquals(tricky, parsed.get("s"));
        assertEquals(tricky, parsed.get("b"));
        assertEquals(new BigDecimal("18446744073709551615"), parsed.get("n"), "unsigned 64 bits");
        assertEquals(java.util.Arrays.asList(BigDecimal.ONE, null, Boolean.TRUE), parsed.get("list"));
        assertTrue(line.contains("naïve 日本 😀"), "text as UTF-8, not \\u escapes: " + line);
        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, "one line");
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new LinkedHashSet<>(a);
        d.removeAll(b);
        return d;
    }
}

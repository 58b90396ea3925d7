package erofsbrowser.cli;

import erofsbrowser.Fixture;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stat --fields} and {@code info --fields}: the structure pane's field trees from the
 * command line, as text and as JSON whose nodes carry name, offset (in the file), size, raw
 * bytes, value, meaning, problems and children.
 */
class FieldsOutputTest {
    private static final Set<String> NODE_KEYS = Set.of("name", "offset", "size", "raw", "value", "meaning", "problems", "children");

    @Test
    void statFieldsJsonIsNodesWithTheDocumentedKeysAndTheFilesOwnBytes() throws Exception {
        Fixture offset = Fixture.mini("offset"); // starts 65536 bytes into its file: offsets must count from the file
        List<String> args = new ArrayList<>(List.of("stat", "--fields", "--json"));
        args.addAll(offset.cliImageArgs());
        args.add("/hello.txt");
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), run.err());
        Map<String, Object> top = StrictJson.object(new String(run.out(), StandardCharsets.UTF_8));
        assertEquals(Set.of("structures"), top.keySet());
        byte[] file = Files.readAllBytes(offset.image());
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object s : (List<?>) top.get("structures")) {
            collect(s, all);
        }
        assertTrue(all.size() > 20, "every field is a node: " + all.size());
        boolean sawSize = false;
        for (Map<String, Object> node : all) {
            assertEquals(NODE_KEYS, node.keySet(), "the keys of " + node.get("name"));
            long at = ((Number) node.get("offset")).longValue();
            int size = ((Number) node.get("size")).intValue();
            String raw = (String) node.get("raw");
            assertEquals(HexFormat.of().formatHex(file, (int) at, (int) at + size), raw, node.get("name") + ": raw is the file's bytes at its offset");
            if ("i_size".equals(node.get("name"))) {
                assertEquals("13", node.get("value"), "the decoded value");
                sawSize = true;
            }
        }
        assertTrue(sawSize, "the inode's i_size is among the fields");
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Map<String, Object>> into) {
        Map<String, Object> n = (Map<String, Object>) node;
        into.add(n);
        for (Object c : (List<?>) n.get("children")) {
            collect(c, into);
        }
    }

    @Test
    void infoFieldsNamesEverySuperblockFieldOneALine() {
        CliRun run = CliRun.of("info", "--fields", Fixture.mini("plain").image());
        assertEquals(0, run.status(), run.err());
        String text = new String(run.out(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("erofs_super_block"), text.lines().findFirst().orElse(""));
        for (String field : List.of("magic = 3774210530", "checksum", "feature_compat", "blkszbits = 12", "root_nid",
                "inos", "meta_blkaddr", "uuid", "volume_name", "feature_incompat", "build_time")) {
            assertTrue(text.contains("\n  " + field), field + " is listed");
        }
        assertTrue(text.contains("[4 bytes at 0x400]  EROFS_SUPER_MAGIC_V1"), "with its bytes and meaning");
    }

    @Test
    void fieldsIsInEachCommandsHelp() {
        for (String command : List.of("stat", "info")) {
            CliRun run = CliRun.of(command, "--help");
            assertTrue(new String(run.out(), StandardCharsets.UTF_8).contains("--fields"), command + " --help lists --fields");
        }
    }
}

package erofsbrowser.erofs;

import erofsbrowser.Fixture;
import erofsbrowser.image.Field;
import erofsbrowser.image.FieldTrees;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every on-disk structure of every mini image, dissected into fields: each field lies exactly on
 * its bytes (no gap, no overlap, its value encodes back to them), and what the fields say of each
 * entry is what the Linux kernel listed for it.
 */
class FieldTreeTest {

    static Stream<Fixture> images() {
        return Fixture.mini();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void everyStructureIsCoveredByItsFieldsAndEncodesBackToItsBytes(Fixture fixture) throws Exception {
        List<String> problems = new ArrayList<>();
        int[] structures = {0};
        try (ErofsImage image = fixture.open()) {
            for (Field f : image.imageStructures()) {
                problems.addAll(FieldTrees.check(f, image.primary(), "image"));
                structures[0]++;
            }
            image.walk(image.root(), node -> {
                for (Field f : image.structures(node)) {
                    try {
                        problems.addAll(FieldTrees.check(f, image.primary(), node.pathString()));
                    } catch (Exception e) {
                        throw new AssertionError(node.pathString() + " " + f.name(), e);
                    }
                    structures[0]++;
                }
            });
        }
        assertTrue(problems.isEmpty(), () -> fixture + ": " + problems.size() + " problems, first:\n"
                + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
        // A metabox image keeps its inodes inside the (compressed) metabox: only what lies plainly
        // in the image has fields tied to its bytes.
        assertTrue(structures[0] > (fixture.baseName().equals("metabox") ? 10 : 300), "structures dissected: " + structures[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theFieldsOfEachEntrySayWhatTheKernelListed(Fixture fixture) throws Exception {
        Map<String, String> expected = new TreeMap<>();
        for (String line : fixture.expectedLines()) {
            expected.put(pathOf(line), line);
        }
        int checked = 0;
        try (ErofsImage image = fixture.open()) {
            List<Node> nodes = new ArrayList<>();
            image.walk(image.root(), nodes::add);
            for (Node node : nodes) {
                Entry e = (Entry) node;
                if (e.inode().inMetabox()) {
                    continue; // its inode is not plainly in the image: no fields to read
                }
                List<Field> fields = image.structures(node);
                Field inode = fields.stream().filter(f -> f.name().startsWith("erofs_inode_")).findFirst().orElseThrow();
                String line = expected.get(node.pathString());
                assertFieldSays(line, "mode", "\"0o" + Long.toOctalString(value(inode, "i_mode") & 07777) + "\"", node);
                assertFieldSays(line, "uid", Long.toString(value(inode, "i_uid")), node);
                assertFieldSays(line, "gid", Long.toString(value(inode, "i_gid")), node);
                if (line.contains("\"size\":")) {
                    assertFieldSays(line, "size", Long.toString(value(inode, "i_size")), node);
                }
                if (line.contains("\"mtime\":")) {
                    long mtime = inode.name().endsWith("extended") ? value(inode, "i_mtime")
                            : image.superblock().epoch() + value(inode, "i_mtime");
                    assertFieldSays(line, "mtime", Long.toString(mtime), node);
                }
                if (line.contains("\"nlink\":")) {
                    long nlink = inode.name().endsWith("extended") ? value(inode, "i_nlink") : value(inode, "i_nb");
                    assertFieldSays(line, "nlink", Long.toString(nlink), node);
                }
                assertEquals(xattrsOf(line), xattrsFromFields(fields), node.pathString() + ": xattrs in the fields");
                checked++;
            }
        }
        assertTrue(checked > (fixture.baseName().equals("metabox") ? -1 : 100), "entries checked: " + checked);
    }

    private static long value(Field structure, String name) {
        Field f = structure.child(name);
        assertFalse(f == null, structure.name() + " has no " + name);
        return ((FieldValue.Unsigned) f.value()).value();
    }

    private static void assertFieldSays(String line, String key, String value, Node node) {
        assertTrue(line.contains("\"" + key + "\": " + value + ",") || line.contains("\"" + key + "\": " + value + "}"),
                node.pathString() + ": the fields say " + key + " " + value + ", the kernel listed " + line);
    }

    /** The xattrs of a listing line as "name=hex" strings (the listing's own serialisation). */
    private static List<String> xattrsOf(String line) {
        List<String> list = new ArrayList<>();
        int at = line.indexOf("\"xattrs\": {");
        if (at < 0) {
            return list;
        }
        String body = line.substring(at + 11, line.indexOf('}', at));
        for (String pair : body.split(", \"")) {
            String[] kv = pair.replace("\"", "").split(": ");
            list.add(kv[0] + "=" + kv[1]);
        }
        list.sort(null);
        return list;
    }

    /** The xattrs the dissected entries name, inline and shared: each entry's full name and its value. */
    private static List<String> xattrsFromFields(List<Field> fields) {
        List<String> list = new ArrayList<>();
        for (Field structure : fields) {
            for (Field f : FieldTrees.flatten(structure)) {
                if (f.name().startsWith("erofs_xattr_entry") && !f.meaning().startsWith("ignored")) {
                    String name = f.meaning().substring(0, f.meaning().indexOf(" = "));
                    byte[] value = ((FieldValue.Bytes) f.child("value").value()).bytes();
                    list.add(jsonUnescaped(name) + "=" + HexFormat.of().formatHex(value));
                }
            }
        }
        list.sort(null);
        return list;
    }

    private static String jsonUnescaped(String name) {
        return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String pathOf(String line) {
        int at = line.indexOf("\"path\": \"") + 9;
        StringBuilder sb = new StringBuilder();
        for (int i = at; line.charAt(i) != '"'; i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                char n = line.charAt(++i);
                if (n == 'u') {
                    sb.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                    i += 4;
                } else {
                    sb.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        default -> n;
                    });
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

}

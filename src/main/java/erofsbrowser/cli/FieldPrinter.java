package erofsbrowser.cli;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Problem;

import java.io.PrintStream;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code --fields}: structures as their field trees, what the app's structure pane shows. As text,
 * one field a line, indented by depth; as JSON, one object of nested nodes, each with its name,
 * offset (in the file, so a byte offset a hex editor of IMAGE finds), size, raw bytes as hex,
 * decoded value, meaning, problems and children.
 */
final class FieldPrinter {
    /** Structures larger than this have "raw": null (a large index array would print megabytes). */
    static final int RAW_LIMIT = 64 << 10;

    private final ImageSource source;

    FieldPrinter(ImageSource source) {
        this.source = source;
    }

    void text(List<Field> structures, PrintStream out) {
        for (Field f : structures) {
            text(f, 0, out);
        }
    }

    private void text(Field f, int depth, PrintStream out) {
        StringBuilder sb = new StringBuilder();
        sb.append("  ".repeat(depth)).append(f.name());
        if (f.value() != null) {
            sb.append(" = ").append(valueText(f));
        }
        sb.append("  [").append(f.size()).append(f.size() == 1 ? " byte" : " bytes").append(" at 0x")
                .append(Long.toHexString(source.fileOffset() + f.offset())).append(']');
        if (!f.meaning().isEmpty()) {
            sb.append("  ").append(f.meaning());
        }
        for (Problem p : f.problems()) {
            sb.append("  !").append(p.severity().name().toLowerCase()).append(": ").append(p.message());
        }
        out.println(sb);
        for (Field c : f.children()) {
            text(c, depth + 1, out);
        }
    }

    private static String valueText(Field f) {
        if (f.value() instanceof FieldValue.Bytes b && b.bytes().length > 32) {
            return HexFormat.of().formatHex(b.bytes(), 0, 32) + "… (" + b.bytes().length + " bytes)";
        }
        return f.valueText();
    }

    /** {@code {"structures": [node, ...]}} on one line. */
    void json(List<Field> structures, PrintStream out) throws ImageException {
        Json j = new Json().beginObject().key("structures").beginArray();
        for (Field f : structures) {
            node(f, j);
        }
        j.endArray().endObject().writeLine(out);
    }

    private void node(Field f, Json j) throws ImageException {
        j.beginObject();
        j.key("name").value(f.name());
        j.key("offset").value(source.fileOffset() + f.offset());
        j.key("size").value(f.size());
        j.key("raw");
        if (f.size() <= RAW_LIMIT && f.end() <= source.length()) {
            j.value(HexFormat.of().formatHex(source.read(f.offset(), (int) f.size())));
        } else {
            j.nullValue();
        }
        j.key("value").value(f.value() == null ? null : f.valueText());
        j.key("meaning").value(f.meaning());
        j.key("problems").beginArray();
        for (Problem p : f.problems()) {
            j.value(p.severity().name().toLowerCase() + ": " + p.message());
        }
        j.endArray();
        j.key("children").beginArray();
        for (Field c : f.children()) {
            node(c, j);
        }
        j.endArray();
        j.endObject();
    }
}

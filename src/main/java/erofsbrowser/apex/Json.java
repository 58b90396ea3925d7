package erofsbrowser.apex;

import erofsbrowser.image.ImageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small JSON reader (RFC 8259) for {@code apex_manifest.json}: objects, arrays, strings, numbers,
 * true, false, null. Nesting is bounded, so hostile input cannot exhaust the stack; a fault is an
 * {@link ImageException} at its byte.
 */
final class Json {
    static final int MAX_DEPTH = 64;

    /** A JSON value. */
    sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
    }

    /** An object; {@code offset} is where its text starts in the image, for errors about its members. */
    record Obj(Map<String, Value> members, long offset) implements Value {
        String string(String key) throws ImageException {
            Value v = members.get(key);
            if (v == null) {
                return "";
            }
            if (v instanceof Str s) {
                return s.text();
            }
            throw new ImageException("\"" + key + "\" is not a string", offset);
        }

        long integer(String key) throws ImageException {
            Value v = members.get(key);
            if (v == null) {
                return 0;
            }
            try {
                // apexer's JSON (protobuf's JSON mapping) may write int64 values as strings.
                return Long.parseLong(v instanceof Num n ? n.text() : v instanceof Str s ? s.text() : "?");
            } catch (NumberFormatException e) {
                throw new ImageException("\"" + key + "\" is not a whole number", offset);
            }
        }

        boolean bool(String key) throws ImageException {
            Value v = members.get(key);
            if (v == null) {
                return false;
            }
            if (v instanceof Bool b) {
                return b.value();
            }
            throw new ImageException("\"" + key + "\" is not true or false", offset);
        }

        List<String> strings(String key) throws ImageException {
            Value v = members.get(key);
            if (v == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (v instanceof Arr a) {
                for (Value e : a.items()) {
                    if (!(e instanceof Str s)) {
                        throw new ImageException("\"" + key + "\" holds something other than strings", offset);
                    }
                    out.add(s.text());
                }
                return out;
            }
            throw new ImageException("\"" + key + "\" is not an array", offset);
        }

        Optional<Obj> object(String key) throws ImageException {
            Value v = members.get(key);
            if (v == null) {
                return Optional.empty();
            }
            if (v instanceof Obj o) {
                return Optional.of(o);
            }
            throw new ImageException("\"" + key + "\" is not an object", offset);
        }
    }

    record Arr(List<Value> items) implements Value {
    }

    record Str(String text) implements Value {
    }

    /** A number as written. */
    record Num(String text) implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    record Null() implements Value {
    }

    private final String text;
    private final long base;
    private int at;

    private Json(String text, long base) {
        this.text = text;
        this.base = base;
    }

    /** The JSON value in {@code utf8}, which lies at image offset {@code base}. */
    static Value parse(byte[] utf8, long base) throws ImageException {
        Json p = new Json(new String(utf8, StandardCharsets.UTF_8), base);
        p.skipSpace();
        Value v = p.value(0);
        p.skipSpace();
        if (p.at != p.text.length()) {
            throw p.error("text after the JSON value");
        }
        return v;
    }

    private Value value(int depth) throws ImageException {
        if (depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH);
        }
        if (at >= text.length()) {
            throw error("JSON cut short");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return new Str(string());
            case 't':
                return literal("true", new Bool(true));
            case 'f':
                return literal("false", new Bool(false));
            case 'n':
                return literal("null", new Null());
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected '" + Printable.of(String.valueOf(c)) + "' in JSON");
        }
    }

    private Obj object(int depth) throws ImageException {
        Map<String, Value> members = new LinkedHashMap<>();
        long start = base + at;
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return new Obj(members, start);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("a JSON object member must start with a string");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            members.put(key, value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return new Obj(members, start);
            }
        }
    }

    private Arr array(int depth) throws ImageException {
        List<Value> items = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return new Arr(items);
        }
        while (true) {
            skipSpace();
            items.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return new Arr(items);
            }
        }
    }

    private String string() throws ImageException {
        StringBuilder sb = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length()) {
                throw error("JSON string not closed");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("JSON string not closed");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (text.length() - at < 4) {
                        throw error("JSON \\u escape cut short");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad JSON \\u escape");
                    }
                    at += 4;
                }
                default -> throw error("bad JSON escape \\" + Printable.of(String.valueOf(e)));
            }
        }
    }

    private Num number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        return new Num(text.substring(start, at));
    }

    private Value literal(String word, Value v) throws ImageException {
        if (!text.startsWith(word, at)) {
            throw error("unexpected text in JSON");
        }
        at += word.length();
        return v;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void expect(char c) throws ImageException {
        if (peek() != c) {
            throw error("'" + c + "' expected in JSON");
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    /** An error at the current character (its index in the text: its byte for ASCII JSON). */
    private ImageException error(String what) {
        return new ImageException(what, base + at);
    }
}

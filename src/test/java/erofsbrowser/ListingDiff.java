package erofsbrowser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares two listings line by line and names every entry that differs, is missing or is extra. */
public final class ListingDiff {
    private static final Pattern PATH = Pattern.compile("\"path\": \"((?:[^\"\\\\]|\\\\.)*)\"");

    private ListingDiff() {
    }

    /** Empty when equal; otherwise one message per differing entry (at most {@code limit}). */
    public static List<String> differences(List<String> expected, List<String> actual, int limit) {
        Map<String, String> want = byPath(expected);
        Map<String, String> got = byPath(actual);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : want.entrySet()) {
            String line = got.get(e.getKey());
            if (line == null) {
                out.add("missing " + e.getKey() + "\n   expected " + e.getValue());
            } else if (!line.equals(e.getValue())) {
                out.add("differs " + e.getKey() + "\n   expected " + e.getValue() + "\n   actual   " + line);
            }
        }
        for (Map.Entry<String, String> e : got.entrySet()) {
            if (!want.containsKey(e.getKey())) {
                out.add("extra   " + e.getKey() + "\n   actual   " + e.getValue());
            }
        }
        if (out.isEmpty() && !expected.equals(actual)) {
            out.add("same entries, but in a different order");
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    private static Map<String, String> byPath(List<String> lines) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String l : lines) {
            Matcher m = PATH.matcher(l);
            map.put(m.find() ? m.group(1) : l, l);
        }
        return map;
    }

    /** Undoes JSON string escapes (the listings' path values). */
    public static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }
}

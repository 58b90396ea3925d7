package erofsbrowser.apex;

import erofsbrowser.image.ImageException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code canned_fs_config} table, as mkfs tools read it: {@code path uid gid mode
 * [capabilities=0x...]} per line, the path relative to the filesystem's root (with or without a
 * leading slash), the mode in octal.
 */
final class CannedFsConfig {
    /** What one line says of a path. */
    record Entry(String path, long uid, long gid, int mode, long capabilities, int line) {
    }

    private final Map<String, Entry> byPath;

    private CannedFsConfig(Map<String, Entry> byPath) {
        this.byPath = Collections.unmodifiableMap(byPath);
    }

    static CannedFsConfig parse(String text) throws ImageException {
        Map<String, Entry> byPath = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            if (w.length < 4) {
                throw new ImageException("canned_fs_config line " + (i + 1) + " is not \"path uid gid mode\": "
                        + Printable.of(line), 0);
            }
            try {
                long caps = 0;
                for (int k = 4; k < w.length; k++) {
                    if (w[k].startsWith("capabilities=")) {
                        caps = Long.parseUnsignedLong(w[k].substring("capabilities=".length()).replaceFirst("^0[xX]", ""), 16);
                    }
                }
                byPath.put(normal(w[0]), new Entry(w[0], Long.parseLong(w[1]), Long.parseLong(w[2]),
                        Integer.parseInt(w[3], 8), caps, i + 1));
            } catch (NumberFormatException e) {
                throw new ImageException("canned_fs_config line " + (i + 1) + " has a bad number: " + Printable.of(line), 0);
            }
        }
        return new CannedFsConfig(byPath);
    }

    /** A path without its leading slashes: the root is "". */
    static String normal(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }

    Entry lookup(String path) {
        return byPath.get(normal(path));
    }

    Map<String, Entry> entries() {
        return byPath;
    }
}

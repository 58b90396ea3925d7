package erofsbrowser.apex;

import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An SELinux {@code file_contexts} table ({@code regex [type] context} per line), looked up as
 * libselinux's {@code label_file} backend does: specifications without regex metacharacters win
 * over the others, and among each kind the last matching line wins. Each regex is matched against
 * the whole path, and a match that backtracks without end (hostile input) is cut off.
 */
final class FileContexts {
    /** Characters a regex may read per match before it is cut off as too costly. */
    static final int MAX_STEPS = 1_000_000;

    /** One line of the table. */
    record Spec(String regex, Pattern pattern, FileType type, String context, boolean exact, int line) {
    }

    private final List<Spec> specs;

    private FileContexts(List<Spec> specs) {
        this.specs = List.copyOf(specs);
    }

    static FileContexts parse(String text) throws ImageException {
        List<Spec> specs = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length != 2 && words.length != 3) {
                throw new ImageException("file_contexts line " + (i + 1) + " is not \"regex [type] context\": "
                        + Printable.of(line), 0);
            }
            FileType type = null;
            if (words.length == 3) {
                type = typeOf(words[1]);
                if (type == null) {
                    throw new ImageException("file_contexts line " + (i + 1) + ": unknown file type " + Printable.of(words[1]), 0);
                }
            }
            try {
                specs.add(new Spec(words[0], Pattern.compile("^(?:" + words[0] + ")$"), type, words[words.length - 1],
                        !hasMetaChars(words[0]), i + 1));
            } catch (PatternSyntaxException e) {
                throw new ImageException("file_contexts line " + (i + 1) + ": bad regex " + Printable.of(words[0]), 0);
            }
        }
        return new FileContexts(specs);
    }

    /** The context for {@code path}, or empty when no line matches (or the line says {@code <<none>>}). */
    Optional<Spec> lookup(String path, FileType type) throws ImageException {
        for (boolean exact : new boolean[] {true, false}) {
            for (int i = specs.size() - 1; i >= 0; i--) {
                Spec s = specs.get(i);
                if (s.exact() == exact && (s.type() == null || s.type() == type) && matches(s, path)) {
                    return s.context().equals("<<none>>") ? Optional.empty() : Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Spec s, String path) throws ImageException {
        try {
            return s.pattern().matcher(new BoundedText(path)).matches();
        } catch (BoundedText.TooCostly e) {
            throw new ImageException("file_contexts line " + s.line() + ": its regex takes too long on " + Printable.of(path), 0);
        }
    }

    /** libselinux's {@code spec_hasMetaChars}: an escaped character is no metacharacter. */
    private static boolean hasMetaChars(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (".^$?*+|[({".indexOf(c) >= 0) {
                return true;
            }
            if (c == '\\') {
                i++;
            }
        }
        return false;
    }

    private static FileType typeOf(String word) {
        return switch (word) {
            case "--" -> FileType.FILE;
            case "-d" -> FileType.DIR;
            case "-l" -> FileType.SYMLINK;
            case "-c" -> FileType.CHR;
            case "-b" -> FileType.BLK;
            case "-p" -> FileType.FIFO;
            case "-s" -> FileType.SOCK;
            default -> null;
        };
    }

    /** A path that stops a regex reading it too many times: java.util.regex backtracks without bound. */
    private static final class BoundedText implements CharSequence {
        static final class TooCostly extends RuntimeException {
            TooCostly() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private int steps;

        BoundedText(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) {
                throw new TooCostly();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

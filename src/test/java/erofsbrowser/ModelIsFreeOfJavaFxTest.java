package erofsbrowser;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything but the desktop app is plain Java: the model, every format's reader, the command line
 * and extraction run without a display. Packages added later are covered as they come.
 */
class ModelIsFreeOfJavaFxTest {
    private static final Path SOURCES = Path.of("src/main/java/erofsbrowser");
    private static final Path CLASSES = Path.of("target/classes/erofsbrowser");

    @Test
    void noSourceFileOutsideTheAppMentionsJavaFx() throws Exception {
        List<Path> sources = filesOutsideTheApp(SOURCES, ".java");
        assertTrue(sources.size() > 50, "the model and the readers are found: " + sources.size());
        for (Path p : sources) {
            String text = Files.readString(p);
            assertFalse(text.matches("(?s).*\\bjavafx\\.[a-z].*"), p + " uses javafx");
        }
    }

    @Test
    void noClassOutsideTheAppRefersToJavaFx() throws Exception {
        List<Path> classes = filesOutsideTheApp(CLASSES, ".class");
        assertTrue(classes.size() > 50, "the compiled model and readers are found: " + classes.size());
        for (Path p : classes) {
            String bytes = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains("javafx/"), p + " refers to a JavaFX class");
        }
    }

    /** Files under the packages other than {@code app}, and {@code Main} (which only names the app's class). */
    private static List<Path> filesOutsideTheApp(Path top, String suffix) throws Exception {
        try (Stream<Path> files = Files.walk(top)) {
            return files.filter(p -> p.toString().endsWith(suffix))
                    .filter(p -> !top.relativize(p).startsWith("app"))
                    .filter(p -> top.relativize(p).getNameCount() > 1)
                    .toList();
        }
    }
}

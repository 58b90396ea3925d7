package erofsbrowser.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader core is plain Java: the command line, benchmarks and tests use it without a display. */
class CoreIsFreeOfJavaFxTest {

    @Test
    void noSourceFileOfTheCoreMentionsJavaFx() throws Exception {
        Path core = Path.of("src/main/java/erofsbrowser/core");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(core)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(sources.isEmpty());
        for (Path p : sources) {
            String text = Files.readString(p);
            assertFalse(text.matches("(?s).*\\bjavafx\\.[a-z].*"), p + " uses javafx");
        }
    }

    @Test
    void theCoreLoadsWithoutJavaFxClasses() throws Exception {
        Path classes = Path.of("target/classes/erofsbrowser/core");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String bytes = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("javafx/"), p + " refers to a JavaFX class");
            }
        }
        assertTrue(Files.isDirectory(classes));
    }
}

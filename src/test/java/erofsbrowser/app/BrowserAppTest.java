package erofsbrowser.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link BrowserApp} without a window. */
class BrowserAppTest {
    @Test
    void theBundledSampleIsCopiedOutAsSampleErofs() throws Exception {
        Path sample = new BrowserApp(Preferences.userRoot().node("erofsbrowser-test")).sampleImage();

        assertEquals("sample.erofs", sample.getFileName().toString(), "the name the window shows");
        assertArrayEquals(Files.readAllBytes(Path.of("resources/sample.erofs")), Files.readAllBytes(sample));
    }
}

package erofsbrowser.app;

import erofsbrowser.Versions;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help &gt; About, chosen from the menu as a person would: the app's version and those it runs on. */
@ExtendWith(ApplicationExtension.class)
class AboutDialogTest {
    @RegisterExtension
    final WindowFixture browser = WindowFixture.withPreferences("erofsbrowser-test");

    @Start
    void start(Stage stage) {
        browser.start(stage);
    }

    private static String label(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Label.class).getText();
    }

    @Test
    void aboutShowsTheVersionOfTheBuildTheJavaRuntimeJavaFxAndTheLibraries(FxRobot robot) throws Exception {
        robot.clickOn("Help").clickOn("About EROFS Browser");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#about-erofs-browser").tryQuery().isPresent());

        String pomVersion = Files.readString(Path.of("pom.xml")).replaceAll("(?s).*?<artifactId>erofs-browser</artifactId>\\s*"
                + "<version>([^<]+)</version>.*", "$1");
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertEquals("EROFS Browser " + pomVersion, pane.getHeaderText());
        assertEquals(pomVersion, label(robot, "about-erofs-browser"));
        String java = label(robot, "about-java-runtime");
        assertTrue(java.startsWith(Runtime.version() + " (" + System.getProperty("java.vendor") + ", "), java);
        assertEquals(System.getProperty("javafx.runtime.version"), label(robot, "about-javafx"), "the running JavaFX");
        Versions built = Versions.ofThisBuild();
        assertEquals(built.libraries().get("lz4-java"), label(robot, "about-lz4-java"));
        assertEquals(built.libraries().get("zstd-jni"), label(robot, "about-zstd-jni"));
        assertEquals(built.libraries().get("XZ for Java"), label(robot, "about-xz-for-java"));
        assertEquals(built.libraries().get("JNA"), label(robot, "about-jna"));
        assertTrue(label(robot, "about-jna").matches("\\d+\\.\\d+\\.\\d+"), "a version the build filled in");

        robot.clickOn("OK");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#about-erofs-browser").tryQuery().isEmpty(), "OK closes it");
    }
}

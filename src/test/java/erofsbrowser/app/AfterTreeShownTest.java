package erofsbrowser.app;

import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scans of an opening wait for the frame that shows the tree, and then run once. */
@ExtendWith(ApplicationExtension.class)
class AfterTreeShownTest {
    private Stage stage;

    /** A stage of its own: the primary one is the next test class's main window, its size kept. */
    @Start
    void start(Stage primary) {
        stage = new Stage();
        stage.setScene(new Scene(new StackPane(), 200, 100));
        stage.show();
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.close()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theActionWaitsWhileTheTreeIsNotShownAndRunsOnceAfterItIs() throws Exception {
        AtomicBoolean shown = new AtomicBoolean(false);
        AtomicInteger runs = new AtomicInteger();
        WaitForAsyncUtils.asyncFx(() -> AfterTreeShown.run(stage.getScene(), shown::get, runs::incrementAndGet)).get();
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.asyncFx(() -> stage.getScene().getRoot().requestLayout()).get();
            WaitForAsyncUtils.sleep(50, TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(0, runs.get(), "not before the tree shows");

        shown.set(true);
        WaitForAsyncUtils.asyncFx(() -> stage.getScene().getRoot().requestLayout()).get();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> runs.get() > 0);
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.asyncFx(() -> stage.getScene().getRoot().requestLayout()).get();
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(1, runs.get(), "once");
    }

    @Test
    void withNoSceneTheActionRunsAtOnce() {
        AtomicBoolean ran = new AtomicBoolean();
        AfterTreeShown.run(null, () -> false, () -> ran.set(true));
        assertTrue(ran.get());
    }
}

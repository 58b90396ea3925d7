package erofsbrowser.app.hex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the view over the bundled sample image's superblock, in both themes, to
 * target/hexview.png and target/hexview-dark.png: the cheapest way for a person to look at it.
 */
@ExtendWith(ApplicationExtension.class)
class HexViewSnapshotTest {

    private HexView view;

    @Start
    void start(Stage stage) {
        view = new HexView();
        stage.setScene(new Scene(new StackPane(view), 760, 420));
        stage.show();
    }

    @AfterEach
    void dispose() throws Exception {
        onFx(() -> {
            view.dispose();
            return null;
        });
    }

    @Test
    void lightTheme(FxRobot robot) throws Exception {
        render(robot, false, Path.of("target", "hexview.png"));
    }

    @Test
    void darkTheme(FxRobot robot) throws Exception {
        render(robot, true, Path.of("target", "hexview-dark.png"));
    }

    private void render(FxRobot robot, boolean dark, Path file) throws Exception {
        byte[] image = sampleImage();
        onFx(() -> {
            view.setDarkTheme(dark);
            view.setSource(ByteSource.of(image));
            view.setHighlights(List.of(
                    new Highlight(0x400, 128, Color.DODGERBLUE, "superblock"),
                    new Highlight(0x400, 4, Color.ORANGE, "magic"),
                    new Highlight(0x404, 4, Color.MEDIUMSEAGREEN, "checksum"),
                    new Highlight(0x40c, 1, Color.MEDIUMPURPLE, "blkszbits"),
                    new Highlight(0x430, 16, Color.CRIMSON, "uuid")));
            view.select(0x410, 8);
            view.scrollTo(0x3a0);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> onFx(() -> !view.rowText(view.firstVisibleRow()).contains("\u00b7")));
        Bounds hovered = onFx(() -> view.cellBounds(0x445)).orElseThrow();
        robot.moveTo(onFx(() -> view.localToScreen(new Point2D(hovered.getCenterX(), hovered.getCenterY()))));
        WaitForAsyncUtils.waitForFxEvents();

        WritableImage snapshot = WaitForAsyncUtils.asyncFx(() -> view.snapshot(null, null)).get(10, TimeUnit.SECONDS);
        erofsbrowser.app.Screenshots.writePng(snapshot, file);
        assertEquals(760, (int) snapshot.getWidth());
    }

    /** The bundled sample image, or a stand-in with a superblock magic when it is not on the class path. */
    private static byte[] sampleImage() throws Exception {
        try (InputStream in = HexViewSnapshotTest.class.getResourceAsStream("/erofsbrowser/sample.erofs")) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        byte[] stand = new byte[8192];
        stand[0x400] = (byte) 0xe2;
        stand[0x401] = (byte) 0xe1;
        stand[0x402] = (byte) 0xf5;
        stand[0x403] = (byte) 0xe0;
        return stand;
    }

    private static <T> T onFx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
    }
}

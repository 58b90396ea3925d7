package erofsbrowser.app;

import erofsbrowser.Fixture;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableRow;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static erofsbrowser.app.WindowFixture.onFx;
import static erofsbrowser.app.WindowFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both themes, read from what is drawn: every screen and dialog is snapshotted (to
 * target/screenshots, to look at), the selected row's text and the placeholders' text stand out
 * from their backgrounds (WCAG contrast, from the rendered pixels), and each dialog takes the
 * window's theme.
 */
@ExtendWith(ApplicationExtension.class)
class ThemesTest {
    private static final Fixture PLAIN = Fixture.mini("plain");
    private static final Path SHOTS = Path.of("target/screenshots");

    @RegisterExtension
    final WindowFixture browser = WindowFixture.withPreferences("erofsbrowser-test");
    private MainWindowController window;

    @Start
    void start(Stage stage) {
        window = browser.start(stage);
    }

    /** The dialogs a test leaves open, failed or not, are closed too; the fixture closes the app's windows after. */
    @AfterEach
    void closeDialogs() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w instanceof Stage s && s != window.stage()) {
                    s.close();
                }
            }
        }).get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "dark theme: {0}")
    @ValueSource(booleans = {false, true})
    void everyScreenAndDialogIsReadableInBothThemes(boolean dark, FxRobot robot) throws Exception {
        String theme = dark ? "dark" : "light";
        browser.open(PLAIN.image());
        WaitForAsyncUtils.asyncFx(() -> window.selectImageNodeForTests(dark)).get();
        waitFor(() -> onFx(() -> window.selection().view().get()) != null, "the image's details");

        TreeTableRow<?> selected = robot.from(window.treePane().tree()).lookup(".tree-table-row-cell")
                .match((TreeTableRow<?> r) -> r.isSelected()).queryAs(TreeTableRow.class);
        WaitForAsyncUtils.asyncFx(() -> robot.from(window.stage().getScene().getRoot()).lookup("#offsetField").query().requestFocus()).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertReadable("the selected row's name, another pane focused (" + theme + ")", selected,
                textNamed(selected, "mini-plain.erofs"), 4.5);
        WaitForAsyncUtils.asyncFx(() -> window.treePane().tree().requestFocus()).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertReadable("the selected row's name, focused (" + theme + ")", selected, textNamed(selected, "mini-plain.erofs"), 4.5);
        TextField offset = robot.from(window.stage().getScene().getRoot()).lookup("#offsetField").queryAs(TextField.class);
        assertReadable("the offset field's placeholder (" + theme + ")", offset, textNamed(offset, offset.getPromptText()), 3.0);
        snapshot(window.stage().getScene(), "window-" + theme);

        // Each dialog, as the menus open them: it takes the window's theme.
        Map<String, Runnable> dialogs = new HashMap<>();
        dialogs.put("about", () -> AboutDialog.create(window.stage()).show());
        dialogs.put("preferences", () -> PreferencesDialog.show(window.stage(), browser.preferences()));
        dialogs.put("open", () -> OpenImageDialog.show(window.stage(), List.of()));
        dialogs.put("error", () -> new Dialogs(window.stage()).error("Cannot open missing.erofs",
                new java.nio.file.NoSuchFileException("missing.erofs")));
        for (Map.Entry<String, Runnable> d : dialogs.entrySet()) {
            Platform.runLater(d.getValue());
            waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "the " + d.getKey() + " dialog opens");
            DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(onFx(() -> pane.getScene().getRoot().getStyleClass().contains("dark")) == dark,
                    "the " + d.getKey() + " dialog takes the " + theme + " theme");
            Color background = dominant(onFx(() -> pane.snapshot(null, null)));
            assertTrue(dark == background.getBrightness() < 0.5, "the " + d.getKey() + " dialog is drawn "
                    + theme + ": background " + background);
            javafx.scene.text.Text content = onFx(() -> pane.lookupAll(".text").stream()
                    .filter(n -> n instanceof javafx.scene.text.Text t && !t.getText().isBlank())
                    .map(n -> (javafx.scene.text.Text) n).findFirst().orElseThrow());
            assertReadable("the " + d.getKey() + " dialog's text (" + theme + ")", pane, content, 4.5);
            snapshot(pane.getScene(), "dialog-" + d.getKey() + "-" + theme);
            WaitForAsyncUtils.asyncFx(() -> ((Stage) pane.getScene().getWindow()).close()).get();
            waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isEmpty(), "the " + d.getKey() + " dialog closes");
        }
    }

    private static void snapshot(Scene scene, String name) throws Exception {
        WritableImage image = onFx(() -> scene.snapshot(null));
        Screenshots.writePng(image, SHOTS.resolve(name + ".png"));
    }

    /** The text node inside {@code node} that shows {@code text}, as drawn. */
    private static javafx.scene.text.Text textNamed(Node node, String text) {
        return onFx(() -> node.lookupAll(".text").stream()
                .filter(n -> n instanceof javafx.scene.text.Text t && t.getText().equals(text) && t.isVisible())
                .map(n -> (javafx.scene.text.Text) n).findFirst()
                .orElseThrow(() -> new AssertionError("no text \"" + text + "\" drawn in " + node)));
    }

    /** The colour {@code text} is drawn in, against the background {@code area} is drawn on (its most frequent colour). */
    private static void assertReadable(String what, Node area, javafx.scene.text.Text text, double minimum) {
        Color background = dominant(onFx(() -> area.snapshot(null, null)));
        Color fill = onFx(() -> (Color) text.getFill());
        double ratio = contrast(background, fill);
        assertTrue(ratio >= minimum, what + ": contrast " + String.format("%.2f", ratio) + " (" + fill + " on "
                + background + "), at least " + minimum + " wanted");
    }

    /** The most frequent colour of the image: its background. */
    private static Color dominant(WritableImage image) {
        Map<Integer, Integer> counts = new HashMap<>();
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                counts.merge(pixels.getArgb(x, y), 1, Integer::sum);
            }
        }
        int argb = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF);
    }

    /** WCAG 2 contrast ratio. */
    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double channel) {
        return channel <= 0.03928 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }
}

package erofsbrowser.app;

import erofsbrowser.Fixture;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static erofsbrowser.app.WindowFixture.onFx;
import static erofsbrowser.app.WindowFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every table's column headers read whole in a window of the default size: none cut to "Algorit…". */
@ExtendWith(ApplicationExtension.class)
class ColumnHeadersTest {
    @RegisterExtension
    final WindowFixture browser = WindowFixture.withPreferences("erofsbrowser-test-headers");
    private MainWindowController window;

    @Start
    void start(Stage stage) {
        window = browser.start(stage);
    }

    @Test
    void theHeadersOfTheTreeTheStructureTreeAndTheDataLayoutAreNotCut() throws Exception {
        browser.open(Fixture.mini("lz4hc-ztailpacking").image());
        String path = "/bigdir/f000";
        WaitForAsyncUtils.asyncFx(() -> window.reveal(path.getBytes(StandardCharsets.UTF_8))).get();
        waitFor(() -> onFx(() -> window.selection().view().get() != null
                && window.selection().view().get().title().equals(path)), "the details of " + path);
        onFx(() -> {
            window.stage().getScene().getRoot().lookupAll(".titled-pane").forEach(n -> ((TitledPane) n).setExpanded(true));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        List<String> headers = onFx(() -> {
            List<String> seen = new ArrayList<>();
            for (Node header : window.stage().getScene().getRoot().lookupAll(".column-header")) {
                Label label = (Label) header.lookup(".label");
                if (label == null || label.getText() == null || label.getText().isEmpty() || !header.isVisible()
                        || header.getLayoutBounds().getWidth() <= 0) {
                    continue;
                }
                Text shown = (Text) label.lookup(".text");
                assertEquals(label.getText(), shown.getText(), "a column header shows its whole name");
                seen.add(label.getText());
            }
            return seen;
        });
        assertTrue(headers.containsAll(List.of("Name", "Size", "Stored", "Field", "Value", "Meaning", "Offset", "File range", "Image range", "Compression")), headers::toString);
    }
}

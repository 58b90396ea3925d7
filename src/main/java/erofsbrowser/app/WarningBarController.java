package erofsbrowser.app;

import javafx.fxml.FXML;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

import java.util.ArrayList;
import java.util.List;

/**
 * The yellow bar under the toolbar: the open image's own warnings (a superblock checksum that
 * does not match) and how many faults were found in it so far, with a way to the Problems pane.
 */
public final class WarningBarController {
    @FXML private HBox bar;
    @FXML private Label warningLabel;
    @FXML private Hyperlink showProblemsLink;

    private final List<String> warnings = new ArrayList<>();
    private Runnable showProblems = () -> { };
    private int faults;

    /** {@code problemsShower} opens the Problems pane. */
    void attach(SharedSelection selection, Runnable problemsShower) {
        this.showProblems = problemsShower;
        selection.problems().count().addListener((obs, old, n) -> {
            faults = n.intValue();
            update();
        });
        selection.session().addListener((obs, old, s) -> {
            warnings.clear();
            faults = 0;
            if (s != null) {
                warnings.addAll(s.image().warnings());
            }
            update();
        });
    }

    /** Adds a warning about the open image. */
    void warn(String text) {
        warnings.add(text);
        update();
    }

    private void update() {
        List<String> lines = new ArrayList<>(warnings);
        if (faults > 0) {
            lines.add((faults == 1 ? "1 fault" : String.format("%,d faults", faults))
                    + " found in this image: what could not be read is marked in the tree, and everything else is shown.");
        }
        warningLabel.setText(String.join("\n", lines));
        showProblemsLink.setVisible(faults > 0);
        showProblemsLink.setManaged(faults > 0);
        bar.setVisible(!lines.isEmpty());
        bar.setManaged(!lines.isEmpty());
    }

    @FXML
    private void showProblems() {
        showProblems.run();
    }

    @FXML
    private void dismiss() {
        bar.setVisible(false);
        bar.setManaged(false);
    }

    /** The bar's text, for tests. */
    String text() {
        return bar.isVisible() ? warningLabel.getText() : "";
    }
}

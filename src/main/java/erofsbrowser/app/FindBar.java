package erofsbrowser.app;

import javafx.animation.PauseTransition;
import javafx.concurrent.Task;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Find by name, above the tree: typing searches the whole image in the background (a pause
 * after the last key), the results go to a list above the tree (exact names first), choosing one
 * reveals it, and Esc or the close button gives the whole tree back.
 */
final class FindBar {
    private final TextField field;
    private final Button closeButton;
    private final SplitPane split;
    private final VBox resultsBox;
    private final Label heading;
    private final ListView<String> results;
    private final BackgroundTasks tasks;
    private final Supplier<ImageSession> session;
    private final SharedSelection selection;
    private final Runnable focusTree;
    private final PauseTransition delay = new PauseTransition(Duration.millis(250));
    private Task<?> task;

    FindBar(TextField field, Button closeButton, SplitPane split, VBox resultsBox, Label heading, ListView<String> results,
            BackgroundTasks tasks, Supplier<ImageSession> session, SharedSelection selection, Consumer<String> reveal,
            Runnable focusTree) {
        this.field = field;
        this.closeButton = closeButton;
        this.split = split;
        this.resultsBox = resultsBox;
        this.heading = heading;
        this.results = results;
        this.tasks = tasks;
        this.session = session;
        this.selection = selection;
        this.focusTree = focusTree;
        delay.setOnFinished(e -> start(field.getText()));
        field.textProperty().addListener((obs, old, text) -> delay.playFromStart());
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close();
            } else if (e.getCode() == KeyCode.DOWN && !results.getItems().isEmpty()) {
                results.requestFocus();
                results.getSelectionModel().selectFirst();
            }
        });
        results.getSelectionModel().selectedItemProperty().addListener((obs, old, path) -> {
            if (path != null) {
                reveal.accept(path);
            }
        });
        results.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close();
            }
        });
    }

    /** Clears the search and gives the whole tree back. */
    void close() {
        field.clear();
        stop();
        focusTree.run();
    }

    void focus() {
        field.requestFocus();
        field.selectAll();
    }

    /** Ends the search under way and hides its results. */
    void stop() {
        if (task != null) {
            task.cancel(true);
            task = null;
        }
        results.getItems().clear();
        split.getItems().remove(resultsBox);
        closeButton.setDisable(true);
    }

    private void start(String text) {
        stop();
        ImageSession s = session.get();
        if (text == null || text.isBlank() || s == null) {
            return;
        }
        if (s.root() == null) {
            selection.fail("Nothing to find: the file cannot be read as an image");
            return;
        }
        split.getItems().add(0, resultsBox);
        split.setDividerPositions(0.35);
        closeButton.setDisable(false);
        heading.setText("Finding \"" + text + "\"…");
        FindByName find = new FindByName(s, text, results.getItems());
        task = find;
        find.setOnSucceeded(e -> {
            if (find == task) {
                int n = find.getValue();
                heading.setText(n == 0 ? "No entry's name contains \"" + text + "\""
                        : (n == 1 ? "1 entry" : String.format("%,d entries", n)) + " named like \"" + text
                        + "\": exact names first, then names that start with it");
            }
        });
        find.setOnFailed(e -> {
            if (find == task) {
                heading.setText("Find stopped: " + find.getException().getMessage());
            }
        });
        tasks.runListed(find);
    }

    List<String> results() {
        return List.copyOf(results.getItems());
    }

    boolean resultsShown() {
        return split.getItems().contains(resultsBox);
    }
}

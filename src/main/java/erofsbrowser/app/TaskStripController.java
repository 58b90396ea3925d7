package erofsbrowser.app;

import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The task strip: one row per long task (opening, indexing, find, verify, extraction) with progress and cancel. */
public final class TaskStripController {
    @FXML private VBox strip;

    void attach(BackgroundTasks tasks) {
        tasks.running().addListener((ListChangeListener<Task<?>>) c -> {
            strip.getChildren().clear();
            for (Task<?> t : tasks.running()) {
                Label title = new Label();
                title.textProperty().bind(t.titleProperty());
                Label message = new Label();
                message.textProperty().bind(t.messageProperty());
                message.setMaxWidth(420);
                ProgressBar bar = new ProgressBar();
                bar.progressProperty().bind(t.progressProperty());
                bar.setPrefWidth(180);
                Button cancel = new Button(null, new FontIcon("mdi2c-close"));
                cancel.getStyleClass().add("tool-button");
                cancel.setOnAction(e -> t.cancel(true));
                cancel.setId("cancelTask");
                Region gap = new Region();
                HBox.setHgrow(gap, Priority.ALWAYS);
                HBox row = new HBox(title, message, gap, bar, cancel);
                row.getStyleClass().add("task-row");
                strip.getChildren().add(row);
            }
        });
    }
}

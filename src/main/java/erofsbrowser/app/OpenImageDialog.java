package erofsbrowser.app;

import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * File > Open: an image file (typed, picked, or recent) and the byte offset where the image
 * starts inside it (0 for a plain image). Whether it is EROFS is decided by its superblock, not
 * its name.
 */
final class OpenImageDialog {
    private OpenImageDialog() {
    }

    static Optional<ImageRequest> show(Window owner, List<Path> recent) {
        Dialog<ImageRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Open image");
        dialog.setHeaderText("Open an image: EROFS, ext2/3/4, or an APEX");
        ButtonType open = new ButtonType("Open", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(open, ButtonType.CANCEL);

        ComboBox<String> file = new ComboBox<>();
        file.setEditable(true);
        file.setPrefWidth(420);
        recent.forEach(p -> file.getItems().add(p.toString()));
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open EROFS image");
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("EROFS images", "*.erofs", "*.img", "*.apex", "*.capex", "*.blob"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File picked = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (picked != null) {
                file.getEditor().setText(picked.getPath());
            }
        });
        TextField offset = new TextField("0");
        offset.setPromptText("bytes, decimal or 0x hex");
        Label error = new Label();
        error.getStyleClass().add("dialog-error");

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("File"), file, browse);
        grid.addRow(1, new Label("Image starts at byte"), offset);
        grid.add(error, 1, 2, 2, 1);
        GridPane.setHgrow(file, Priority.ALWAYS);
        dialog.getDialogPane().setContent(grid);

        Button openButton = (Button) dialog.getDialogPane().lookupButton(open);
        openButton.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (parseOffset(offset.getText()) < 0 || file.getEditor().getText().isBlank()) {
                error.setText("Give a file and an offset (a whole number, e.g. 0, 1048576 or 0x100000).");
                e.consume();
            }
        });
        dialog.setResultConverter(b -> b == open
                ? new ImageRequest(Path.of(file.getEditor().getText().trim()), parseOffset(offset.getText()))
                : null);
        return dialog.showAndWait();
    }

    /** The offset typed, or -1 when it is not a whole non-negative number. */
    static long parseOffset(String text) {
        String t = text.trim().replace("_", "");
        try {
            long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            return v >= 0 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

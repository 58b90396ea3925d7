package erofsbrowser.app;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;

import java.util.concurrent.CancellationException;

/**
 * The window's messages: one dialog per failure, saying what could not be done and why in plain
 * words (the cause's class name is no reason), and short notes for finished work.
 */
final class Dialogs {
    private final Stage owner;
    private boolean closed;

    Dialogs(Stage owner) {
        this.owner = owner;
    }

    /** After the window closes nothing more is shown. */
    void close() {
        closed = true;
    }

    void error(String title, Throwable error) {
        error(title, error, null);
    }

    /** An error, and what had been done before it ({@code afterwards}, may be null). */
    void error(String title, Throwable error, String afterwards) {
        if (closed || error instanceof CancellationException) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.ERROR, message(error) + (afterwards == null ? "" : "\n\n" + afterwards),
                ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle("EROFS Browser");
        alert.setHeaderText(title);
        alert.getDialogPane().setMinWidth(520);
        alert.show();
    }

    void info(String title, String text) {
        if (closed) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle("EROFS Browser");
        alert.setHeaderText(title);
        alert.show();
    }

    /** What went wrong, in words: file errors by their reason, others by their message. */
    static String message(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e == null ? "unknown error" : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

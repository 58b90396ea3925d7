package erofsbrowser.app;

import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.function.BooleanSupplier;

/**
 * The window's theme, light or dark, on every window it owns too: each dialog and report a main
 * window opens (errors, preferences, open, about, a verification report) takes the window's
 * stylesheet and theme as it is shown, so none stays light in the dark theme. Native file choosers
 * follow the desktop's own theme.
 */
final class Theme {
    private final Stage owner;
    private final Parent ownerRoot;
    private final BooleanSupplier dark;
    private final ListChangeListener<Window> windowsShown = c -> {
        while (c.next()) {
            for (Window w : c.getAddedSubList()) {
                if (ownedByUs(w) && w.getScene() != null) {
                    style(w.getScene());
                }
            }
        }
    };

    /**
     * Themes the main window {@code owner} (whose scene's root is {@code ownerRoot}) and its dialogs
     * after {@code dark} (read as each is shown); call {@link #close} when the window closes.
     */
    Theme(Stage owner, Parent ownerRoot, BooleanSupplier dark) {
        this.owner = owner;
        this.ownerRoot = ownerRoot;
        this.dark = dark;
        Window.getWindows().addListener(windowsShown);
    }

    /** Applies the current theme to the main window's scene, and to every window of it already open. */
    void apply() {
        setDark(ownerRoot, dark.getAsBoolean());
        for (Window w : Window.getWindows()) {
            if (w != owner && ownedByUs(w) && w.getScene() != null) {
                style(w.getScene());
            }
        }
    }

    private void style(Scene scene) {
        if (owner.getScene() != null) {
            for (String sheet : owner.getScene().getStylesheets()) {
                if (!scene.getStylesheets().contains(sheet)) {
                    scene.getStylesheets().add(sheet);
                }
            }
        }
        Parent root = scene.getRoot();
        if (!root.getStyleClass().contains("main-window")) {
            root.getStyleClass().add("main-window"); // the theme's colours are looked up from this class
        }
        setDark(root, dark.getAsBoolean());
    }

    private static void setDark(Parent root, boolean on) {
        root.getStyleClass().remove("dark");
        if (on) {
            root.getStyleClass().add("dark");
        }
    }

    private boolean ownedByUs(Window w) {
        Window o = w instanceof Stage s ? s.getOwner() : w instanceof javafx.stage.PopupWindow p ? p.getOwnerWindow() : null;
        while (o != null) {
            if (o == owner) {
                return true;
            }
            o = o instanceof Stage s ? s.getOwner() : o instanceof javafx.stage.PopupWindow p ? p.getOwnerWindow() : null;
        }
        return false;
    }

    /** Stops theming (the window closed). */
    void close() {
        Window.getWindows().removeListener(windowsShown);
    }
}

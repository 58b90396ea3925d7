package erofsbrowser.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The recently opened images, kept between runs in the user's preferences. */
final class RecentFiles {
    private static final int MAX = 10;
    private static final String KEY = "recent.";

    private final Preferences prefs;

    RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    List<Path> list() {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String p = prefs.get(KEY + i, null);
            if (p != null) {
                paths.add(Path.of(p));
            }
        }
        return paths;
    }

    void add(Path file) {
        List<Path> paths = list();
        Path absolute = file.toAbsolutePath().normalize();
        paths.remove(absolute);
        paths.add(0, absolute);
        for (int i = 0; i < MAX; i++) {
            if (i < paths.size()) {
                prefs.put(KEY + i, paths.get(i).toString());
            } else {
                prefs.remove(KEY + i);
            }
        }
    }

    /** Fills {@code menu} with the recent files, each opening with {@code open}; disabled when there are none. */
    void fill(javafx.scene.control.Menu menu, java.util.function.Consumer<Path> open) {
        menu.getItems().clear();
        for (Path p : list()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(p.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> open.accept(p));
            menu.getItems().add(item);
        }
        menu.setDisable(menu.getItems().isEmpty());
    }
}

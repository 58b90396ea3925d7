package erofsbrowser.app;

import erofsbrowser.Versions;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Help &gt; About: what the app is, and the versions of the app, the Java runtime, JavaFX and the
 * libraries, from the same source as {@code erofs --version} (the build's version.properties),
 * so that a bug report can say exactly what ran.
 */
final class AboutDialog {
    private AboutDialog() {
    }

    /**
     * What is shown, in order: the app, the Java runtime (version, vendor, virtual machine), then
     * each library; JavaFX as the running toolkit reports itself, which may differ from the
     * version the app was built with (a system JavaFX, say).
     */
    static Map<String, String> versions() {
        Versions v = Versions.ofThisBuild();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("EROFS Browser", v.program());
        rows.put("Java runtime", Versions.javaVersion() + " (" + Versions.javaVendorAndVm() + ")");
        String runningFx = System.getProperty("javafx.runtime.version");
        v.libraries().forEach((name, version) ->
                rows.put(name, name.equals("JavaFX") && runningFx != null ? runningFx : version));
        return rows;
    }

    /** The dialog, over {@code owner}; each version's label has the id {@code about-NAME} (lower case, dashes). */
    static Alert create(Stage owner) {
        Map<String, String> versions = versions();
        Alert alert = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle("About EROFS Browser");
        alert.setHeaderText("EROFS Browser " + versions.get("EROFS Browser"));
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(4);
        grid.add(new Label("Opens EROFS filesystem images as plain files and shows everything inside them.\n"
                + "No root, no mount, no erofs-utils needed. The command line: erofs --help."), 0, 0, 2, 1);
        int row = 1;
        for (Map.Entry<String, String> e : versions.entrySet()) {
            Label value = new Label(e.getValue());
            value.setId("about-" + e.getKey().toLowerCase(Locale.ROOT).replace(' ', '-'));
            grid.addRow(row++, new Label(e.getKey()), value);
        }
        alert.getDialogPane().setContent(grid);
        return alert;
    }
}

package erofsbrowser.packaging;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The portable bundle: unpacked in any folder (here one with a space in its path), it runs from
 * there; ./register makes it known to the current user's desktop alone (XDG_DATA_HOME), and
 * ./unregister leaves that folder as it found it.
 */
class PortableBundleTest {
    @TempDir
    Path scratch;
    private Path bundle;
    private Map<String, String> user;
    private Path data;

    @BeforeEach
    void unpack() throws Exception {
        Path folder = Files.createDirectories(scratch.resolve("my apps"));
        Command.run("tar", "-C", folder.toString(), "-xzf", BuiltPackages.get().bundle().toString()).succeeded();
        try (Stream<Path> unpacked = Files.list(folder)) {
            bundle = unpacked.findFirst().orElseThrow();
        }
        data = scratch.resolve("home/.local/share");
        user = new HashMap<>(Map.of("HOME", scratch.resolve("home").toString(), "XDG_DATA_HOME", data.toString(),
                "DBUS_SESSION_BUS_ADDRESS", "disabled:"));
        user.put("DISPLAY", null);
    }

    @Test
    void theCommandLineRunsFromTheFolderItIsUnpackedIn() throws Exception {
        Command ls = Command.run(user, bundle.resolve("bin/erofs").toString(), "ls", Path.of("resources/sample.erofs").toAbsolutePath().toString());
        assertEquals(0, ls.status(), ls::describe);
        assertTrue(ls.outLines().contains("bigdir"), ls::describe);
    }

    /** Every path under {@code dir} with the content of each file. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.toList()) {
                files.put(dir.relativize(f).toString(), Files.isRegularFile(f) ? new String(Files.readAllBytes(f),
                        java.nio.charset.StandardCharsets.ISO_8859_1) : "(folder)");
            }
        }
        return files;
    }

    @Test
    void registerMakesItTheUsersAppForTheTypesAndUnregisterLeavesTheUsersFilesAsTheyWere() throws Exception {
        // The user's own desktop data before: another application and a MIME type of their own.
        Files.createDirectories(data.resolve("applications"));
        Files.writeString(data.resolve("applications/notes.desktop"),
                "[Desktop Entry]\nType=Application\nName=Notes\nExec=true %f\nMimeType=text/x-notes;\n");
        Files.createDirectories(data.resolve("mime/packages"));
        Files.writeString(data.resolve("mime/packages/notes.xml"), "<?xml version=\"1.0\"?>\n"
                + "<mime-info xmlns=\"http://www.freedesktop.org/standards/shared-mime-info\"><mime-type type=\"text/x-notes\">"
                + "<comment>Notes</comment><glob pattern=\"*.notes\"/></mime-type></mime-info>\n");
        Command.run("update-mime-database", data.resolve("mime").toString()).succeeded();
        Command.run("update-desktop-database", data.resolve("applications").toString()).succeeded();
        Map<String, String> before = snapshot(data);

        Command register = Command.run(user, bundle.resolve("register").toString());
        assertEquals(0, register.status(), register::describe);

        Path desktopFile = data.resolve("applications/erofs-browser.desktop");
        Command validate = Command.run("desktop-file-validate", desktopFile.toString());
        assertEquals("", validate.out() + validate.err(), "the registered desktop file validates");
        List<String> desktop = Files.readAllLines(desktopFile);
        assertTrue(desktop.contains("Exec=\"" + bundle.toRealPath().resolve("bin/erofs-browser") + "\" %F"), desktop::toString);
        assertTrue(Files.readString(data.resolve("applications/mimeinfo.cache"))
                .contains("application/x-erofs=erofs-browser.desktop;"));
        for (String icon : List.of("16x16", "32x32", "48x48", "64x64", "128x128", "256x256")) {
            assertTrue(Files.isRegularFile(data.resolve("icons/hicolor/" + icon + "/apps/erofs-browser.png")), icon);
        }
        assertTrue(Files.isRegularFile(data.resolve("icons/hicolor/scalable/apps/erofs-browser.svg")));
        Path image = Files.copy(Path.of("resources/sample.erofs"), scratch.resolve("system.img"));
        Command type = Command.run(user, "gio", "info", "-a", "standard::content-type", image.toString()).succeeded();
        assertTrue(type.out().contains("application/x-erofs"), type::describe);
        assertEquals(bundle.resolve("lib").toRealPath().toString(), Files.readString(bundle.resolve("lib/cli.jsa.path")).strip());
        assertFalse(Files.exists(bundle.resolve("lib/window.jsa.path")),
                "in a folder with a space in its path, no window archive: JDK 17 cannot dump a module path that needs escaping");
        assertTrue(register.err().contains("the command line's archive only"), register::describe);
        Command sharing = Command.run(Command.with(user, "JAVA_TOOL_OPTIONS", "-Xshare:on -Xlog:cds"),
                bundle.resolve("bin/erofs").toString(), "info", image.toString());
        assertEquals(0, sharing.status(), sharing::describe);
        assertTrue(sharing.out().contains("Opened archive " + bundle.toRealPath().resolve("lib/cli.jsa")),
                () -> "register made the class-data archives for this folder\n" + sharing.describe());

        Command unregister = Command.run(user, bundle.resolve("unregister").toString());
        assertEquals(0, unregister.status(), unregister::describe);

        assertEquals(before.keySet(), snapshot(data).keySet(), "the same files as before register");
        assertEquals(before.get("applications/notes.desktop"), snapshot(data).get("applications/notes.desktop"));
        assertFalse(Files.readString(data.resolve("applications/mimeinfo.cache")).contains("erofs"));
        assertFalse(Files.exists(bundle.resolve("lib/cli.jsa")) || Files.exists(bundle.resolve("lib/window.jsa")),
                "nor the archives");
    }

    @Test
    void unregisterLeavesAloneTheRegistrationOfAnotherFolder() throws Exception {
        Command.run(user, bundle.resolve("register").toString()).succeeded();
        Path other = Files.createDirectories(scratch.resolve("other copy"));
        Command.run("cp", "-a", bundle.toString(), other.toString()).succeeded();
        Path otherBundle = other.resolve(bundle.getFileName());

        Command unregister = Command.run(user, otherBundle.resolve("unregister").toString());

        assertEquals(0, unregister.status(), unregister::describe);
        assertTrue(Files.readString(data.resolve("applications/erofs-browser.desktop")).contains(bundle.toRealPath().toString()));
    }
}

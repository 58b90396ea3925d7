package erofsbrowser.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * A user's desktop session in a scratch folder: home, XDG data, config, cache and runtime folders
 * of its own (so that nothing reaches the real user's settings, MIME database or running app),
 * drawing on {@code display}.
 */
record UserSession(Path home, Path dataHome, Path runtimeDir, String display) {

    static UserSession in(Path folder, String display) throws IOException {
        Path home = Files.createDirectories(folder.resolve("home"));
        Path runtime = folder.resolve("runtime");
        Files.createDirectory(runtime, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new UserSession(home, Files.createDirectories(folder.resolve("data")), runtime, display);
    }

    /** The environment of a program started in this session; {@code binFolder} leads PATH when not null. */
    Map<String, String> environment(Path binFolder) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", dataHome.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        env.put("DISPLAY", display);
        env.put("WAYLAND_DISPLAY", null);
        env.put("DBUS_SESSION_BUS_ADDRESS", "disabled:");
        // Java takes its home from the password database, not HOME: its settings and temporary
        // folders are pointed here too (the launchers' java takes JDK_JAVA_OPTIONS, and says so).
        env.put("JDK_JAVA_OPTIONS", "-Duser.home=" + home + " -Djava.io.tmpdir=" + home);
        if (binFolder != null) {
            env.put("PATH", binFolder + ":" + System.getenv("PATH"));
        }
        return env;
    }

    /**
     * Installs the desktop file and the MIME description for this user, as the packages do for
     * everyone, and updates the MIME and desktop databases.
     */
    void installDesktopIntegration(Path desktopFile, Path mimeXml) throws IOException, InterruptedException {
        Path applications = Files.createDirectories(dataHome.resolve("applications"));
        Files.copy(desktopFile, applications.resolve("erofs-browser.desktop"));
        Path packages = Files.createDirectories(dataHome.resolve("mime/packages"));
        Files.copy(mimeXml, packages.resolve("erofs-browser.xml"));
        Command.run("update-mime-database", dataHome.resolve("mime").toString()).succeeded();
        Command.run("update-desktop-database", applications.toString()).succeeded();
    }
}

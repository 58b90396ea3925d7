package erofsbrowser.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The .deb: what it holds, and what installing and removing it does, in a root folder of the
 * test's own (dpkg --root, with the maintainer scripts run outside a chroot on $DPKG_ROOT) laid
 * out like a desktop system's: shared-mime-info's MIME database, a desktop file of another
 * application, the hicolor icon theme.
 */
class DebPackageTest {
    private static final String APP = "opt/erofs-browser/";
    private static final List<String> ICONS = List.of("16x16", "32x32", "48x48", "64x64", "128x128", "256x256");

    private static Path deb;

    @BeforeAll
    static void build() {
        deb = BuiltPackages.get().deb();
    }

    /** Path (without the leading ./) to link target, or to "" for files and folders, as dpkg-deb -c lists them. */
    private static Map<String, String> contents() throws Exception {
        Map<String, String> entries = new TreeMap<>();
        for (String line : Command.run("dpkg-deb", "-c", deb.toString()).succeeded().outLines()) {
            String[] columns = line.split("\\s+", 6);
            String name = columns[5];
            String target = "";
            int arrow = name.indexOf(" -> ");
            if (arrow >= 0) {
                target = name.substring(arrow + 4);
                name = name.substring(0, arrow);
            }
            entries.put(name.replaceFirst("^\\./", ""), target);
        }
        return entries;
    }

    @Test
    void theDebHoldsTheAppItsRuntimeItsCommandsAndItsDesktopIntegration() throws Exception {
        Map<String, String> entries = contents();
        List<String> expected = new ArrayList<>(List.of(
                APP + "bin/erofs-browser", APP + "bin/erofs", APP + "lib/runtime/bin/java",
                APP + "lib/runtime/lib/server/libjvm.so", APP + "lib/runtime/lib/modules",
                APP + "lib/runtime/lib/server/classes.jsa", APP + "lib/app/erofs-browser.jar",
                APP + "lib/app/libglassgtk3.so", APP + "lib/cli.classlist", APP + "lib/window.classlist",
                APP + "lib/make-class-data-archive",
                "usr/share/applications/erofs-browser.desktop", "usr/share/mime/packages/erofs-browser.xml",
                "usr/share/man/man1/erofs.1.gz", "usr/share/bash-completion/completions/erofs",
                "usr/share/doc/erofs-browser/copyright",
                "usr/share/icons/hicolor/scalable/apps/erofs-browser.svg"));
        for (String size : ICONS) {
            expected.add("usr/share/icons/hicolor/" + size + "/apps/erofs-browser.png");
        }
        for (String path : expected) {
            assertTrue(entries.containsKey(path), () -> path + " is missing from the .deb");
        }
        assertEquals("../../opt/erofs-browser/bin/erofs", entries.get("usr/bin/erofs"), "erofs on the PATH");
        assertEquals("../../opt/erofs-browser/bin/erofs-browser", entries.get("usr/bin/erofs-browser"));
        assertEquals("erofs.1.gz", entries.get("usr/share/man/man1/erofs-browser.1.gz"));
        assertEquals("erofs", entries.get("usr/share/bash-completion/completions/erofs-browser"));
        assertTrue(entries.keySet().stream().noneMatch(p -> p.endsWith(".jsa") && p.startsWith(APP + "lib/") && !p.contains("runtime")),
                "no class-data archive of the app: one only works in the folder it is made in, so postinst makes them");
    }

    @Test
    void theDesktopFileValidatesAndTheFilesAreTheProjectsOwn(@TempDir Path dir) throws Exception {
        Command.run("dpkg-deb", "-x", deb.toString(), dir.toString()).succeeded();
        Path desktop = dir.resolve("usr/share/applications/erofs-browser.desktop");

        Command validate = Command.run("desktop-file-validate", desktop.toString());
        assertEquals(0, validate.status(), validate::describe);
        assertEquals("", validate.out() + validate.err(), "not even a hint");
        assertArrayEquals(Files.readAllBytes(Path.of("resources/erofs-browser.desktop")), Files.readAllBytes(desktop));
        assertArrayEquals(Files.readAllBytes(Path.of("resources/erofs-browser-mime.xml")),
                Files.readAllBytes(dir.resolve("usr/share/mime/packages/erofs-browser.xml")));
        for (String size : ICONS) {
            assertArrayEquals(Files.readAllBytes(Path.of("icons/erofs-browser-" + size.split("x")[0] + ".png")),
                    Files.readAllBytes(dir.resolve("usr/share/icons/hicolor/" + size + "/apps/erofs-browser.png")));
        }
    }

    @Test
    void theManPageAndTheCompletionAreTheCommandLinesOwn(@TempDir Path dir) throws Exception {
        Command.run("dpkg-deb", "-x", deb.toString(), dir.toString()).succeeded();
        String manPage;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("usr/share/man/man1/erofs.1.gz")))) {
            manPage = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String java = dir.resolve(APP + "lib/runtime/bin/java").toString();
        String jar = dir.resolve(APP + "lib/app/erofs-browser.jar").toString();
        assertEquals(Command.run(java, "-cp", jar, "erofsbrowser.cli.ManPage").succeeded().out(), manPage);

        Path completion = dir.resolve("usr/share/bash-completion/completions/erofs");
        Command.run("bash", "-n", completion.toString()).succeeded();
        assertTrue(Files.readString(completion).lines().anyMatch(l -> l.matches("complete .*\\berofs\\b.*")),
                "it completes the erofs command");
    }

    /** Every path under {@code root} but dpkg's own records, with each regular file's size. */
    private static Map<String, Long> tree(Path root) throws IOException {
        Map<String, Long> tree = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.toList()) {
                String path = root.relativize(f).toString();
                if (!path.startsWith("var/lib/dpkg") && !path.startsWith("var/log")) {
                    tree.put(path, Files.isRegularFile(f) ? Files.size(f) : -1L);
                }
            }
        }
        return tree;
    }

    /** A root folder as a desktop system has it, before the package: the MIME, desktop and icon databases made. */
    private static Path desktopSystem(Path root) throws Exception {
        for (String d : List.of("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/log", "usr/share/mime/packages",
                "usr/share/applications", "usr/share/icons/hicolor")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        Files.createFile(root.resolve("var/lib/dpkg/available"));
        Files.copy(Path.of("/usr/share/mime/packages/freedesktop.org.xml"), root.resolve("usr/share/mime/packages/freedesktop.org.xml"));
        Files.copy(Path.of("/usr/share/icons/hicolor/index.theme"), root.resolve("usr/share/icons/hicolor/index.theme"));
        Files.writeString(root.resolve("usr/share/applications/viewer.desktop"),
                "[Desktop Entry]\nType=Application\nName=Viewer\nExec=true %F\nIcon=viewer\nMimeType=application/zip;\n");
        Path viewerIcon = Files.createDirectories(root.resolve("usr/share/icons/hicolor/16x16/apps")).resolve("viewer.png");
        Files.copy(Path.of("icons/erofs-browser-16.png"), viewerIcon);
        Command.run("update-mime-database", root.resolve("usr/share/mime").toString()).succeeded();
        Command.run("update-desktop-database", root.resolve("usr/share/applications").toString()).succeeded();
        Command.run("gtk-update-icon-cache", "-q", "-f", root.resolve("usr/share/icons/hicolor").toString()).succeeded();
        return root;
    }

    private static Command dpkg(Path root, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless",
                "--force-depends", "--force-not-root", "--log=/dev/null"));
        command.addAll(List.of(args));
        return Command.run(command.toArray(String[]::new));
    }

    @Test
    void installingItMakesTheArchiveAndUpdatesTheCachesAndPurgingItLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path root = desktopSystem(dir.resolve("root"));
        Map<String, Long> before = tree(root);

        Command install = dpkg(root, "--install", deb.toString());
        assertEquals(0, install.status(), install::describe);

        Path lib = root.resolve(APP + "lib");
        for (String archive : List.of("cli", "window")) {
            assertEquals(lib.toRealPath().toString(), Files.readString(lib.resolve(archive + ".jsa.path")).strip(),
                    () -> "postinst made " + archive + ".jsa where the app is installed");
        }
        Map<String, String> shared = new HashMap<>(Map.of("JAVA_TOOL_OPTIONS", "-Xshare:on -Xlog:class+load"));
        Command ls = Command.run(shared, root.resolve("usr/bin/erofs").toString(), "ls", "resources/sample.erofs");
        assertEquals(0, ls.status(), ls::describe);
        assertTrue(ls.out().contains("erofsbrowser.Main source: shared objects file"),
                () -> "the installed erofs takes the app's classes from the archive\n" + ls.describe());
        assertTrue(Files.readString(root.resolve("usr/share/mime/mime.cache"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("application/x-erofs"), "the MIME database knows the type");
        assertTrue(Files.readString(root.resolve("usr/share/applications/mimeinfo.cache"))
                .contains("application/x-erofs=erofs-browser.desktop;"), "the desktop database knows the app opens it");
        assertTrue(Files.readString(root.resolve("usr/share/icons/hicolor/icon-theme.cache"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("erofs-browser"), "the icon cache knows the icon");

        Command purge = dpkg(root, "--purge", "erofs-browser");
        assertEquals(0, purge.status(), purge::describe);

        Map<String, Long> after = tree(root);
        assertEquals(before.keySet(), after.keySet(), "the same files as before the package, no more, no less");
        assertFalse(Files.readString(root.resolve("usr/share/mime/mime.cache"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("application/x-erofs"));
        assertFalse(Files.readString(root.resolve("usr/share/applications/mimeinfo.cache")).contains("erofs-browser"));
        assertFalse(Files.readString(root.resolve("usr/share/icons/hicolor/icon-theme.cache"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("erofs-browser"));
    }
}

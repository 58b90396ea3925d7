package erofsbrowser.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What file managers make of files, with the packages' MIME description installed for the user
 * (a scratch XDG_DATA_HOME; the system's database, shared-mime-info, stays in XDG_DATA_DIRS):
 * GIO (GNOME's file manager; gio info) and xdg-mime (File::MimeInfo outside GNOME; GIO under it).
 * An EROFS image is application/x-erofs by its bytes, whatever its name, *.img included; an ext4
 * image or a zip named *.img stays a raw disk image. APEX and CAPEX packages have types of their own.
 */
class MimeTypesTest {
    private static final String EROFS = "application/x-erofs";
    private static final String APEX = "application/vnd.android.apex";
    private static final String CAPEX = "application/vnd.android.capex";
    private static final String RAW_DISK = "application/x-raw-disk-image";

    @TempDir
    static Path scratch;
    private static Path files;
    private static Map<String, String> desktop;

    @BeforeAll
    static void installTheTypesForTheUser() throws Exception {
        Path data = scratch.resolve("data");
        Files.createDirectories(data.resolve("mime/packages"));
        Files.copy(Path.of("resources/erofs-browser-mime.xml"), data.resolve("mime/packages/erofs-browser.xml"));
        Command.run("update-mime-database", data.resolve("mime").toString()).succeeded();
        desktop = new HashMap<>(Map.of("XDG_DATA_HOME", data.toString(), "HOME", scratch.toString()));
        desktop.put("XDG_DATA_DIRS", "/usr/local/share:/usr/share");
        // No desktop named anywhere xdg-mime looks for one: it then asks File::MimeInfo (mimetype).
        for (String name : new String[] {"XDG_CURRENT_DESKTOP", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID",
                "MATE_DESKTOP_SESSION_ID", "DESKTOP_SESSION", "DISPLAY", "WAYLAND_DISPLAY"}) {
            desktop.put(name, null);
        }
        desktop.put("DBUS_SESSION_BUS_ADDRESS", "disabled:");

        files = Files.createDirectories(scratch.resolve("files"));
        for (String name : new String[] {"system.img", "apex_payload.img", "system", "x.erofs"}) {
            Files.copy(Path.of("resources/sample.erofs"), files.resolve(name));
        }
        Command.run("/sbin/mke2fs", "-q", "-F", "-t", "ext4", files.resolve("x.img").toString(), "1M").succeeded();
        zip(files.resolve("x.zip"), "README.md", "pom.xml");
        Files.copy(files.resolve("x.zip"), files.resolve("zip.img"));
        apex(files.resolve("com.example.apex"));
        capex(files.resolve("com.example.capex"), files.resolve("com.example.apex"));
        Files.copy(files.resolve("com.example.apex"), files.resolve("apex-without-a-name"));
    }

    /** An APEX as apexer lays it out: apex_manifest.pb first, apex_payload.img stored (uncompressed). */
    private static void apex(Path apex) throws IOException {
        try (OutputStream file = Files.newOutputStream(apex); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("apex_manifest.pb"));
            zip.write("\n\u0011com.example.erofs\u0010\u0001".getBytes(StandardCharsets.ISO_8859_1));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("apex_pubkey"));
            zip.write(new byte[32]);
            zip.closeEntry();
            byte[] payload = Files.readAllBytes(Path.of("resources/sample.erofs"));
            ZipEntry stored = new ZipEntry("apex_payload.img");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(payload.length);
            CRC32 crc = new CRC32();
            crc.update(payload);
            stored.setCrc(crc.getValue());
            zip.putNextEntry(stored);
            zip.write(payload);
            zip.closeEntry();
        }
    }

    /** A compressed APEX: the APEX deflated as original_apex, first. */
    private static void capex(Path capex, Path apex) throws IOException {
        try (OutputStream file = Files.newOutputStream(capex); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("original_apex"));
            zip.write(Files.readAllBytes(apex));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("apex_manifest.pb"));
            zip.write(new byte[8]);
            zip.closeEntry();
        }
    }

    private static void zip(Path zipFile, String... entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (String e : entries) {
                zip.putNextEntry(new ZipEntry(e));
                zip.write(Files.readAllBytes(Path.of(e)));
                zip.closeEntry();
            }
        }
    }

    private static String gio(Path file) throws Exception {
        Command info = Command.run(desktop, "gio", "info", "-a", "standard::content-type", file.toString()).succeeded();
        return info.outLines().stream().filter(l -> l.contains("standard::content-type:"))
                .map(l -> l.substring(l.indexOf(':', l.indexOf("content-type")) + 1).strip()).findFirst().orElse("");
    }

    private static String xdgMime(Path file, String currentDesktop) throws Exception {
        Map<String, String> env = Command.with(desktop, "XDG_CURRENT_DESKTOP", currentDesktop);
        return Command.run(env, "xdg-mime", "query", "filetype", file.toString()).succeeded().out().strip();
    }

    /** The type GIO, xdg-mime outside GNOME and xdg-mime under GNOME give {@code name}, all three the same. */
    private static void assertType(String expected, String name) throws Exception {
        Path file = files.resolve(name);
        assertEquals(expected, gio(file), () -> "GIO's type of " + name);
        assertEquals(expected, xdgMime(file, null), () -> "xdg-mime's type of " + name + " (File::MimeInfo)");
        assertEquals(expected, xdgMime(file, "GNOME"), () -> "xdg-mime's type of " + name + " under GNOME");
    }

    @Test
    void anErofsImageNamedLikeAnyDiskImageIsErofs() throws Exception {
        assertType(EROFS, "system.img");
        assertType(EROFS, "apex_payload.img");
    }

    @Test
    void anErofsImageWithNoExtensionIsErofs() throws Exception {
        assertType(EROFS, "system");
    }

    @Test
    void aFileNamedErofsIsErofs() throws Exception {
        assertType(EROFS, "x.erofs");
    }

    @Test
    void anExt4ImageAndAZipNamedImgStayRawDiskImages() throws Exception {
        assertType(RAW_DISK, "x.img");
        assertType(RAW_DISK, "zip.img");
        assertType("application/zip", "x.zip");
    }

    @Test
    void apexAndCapexPackagesHaveTypesOfTheirOwn() throws Exception {
        assertType(APEX, "com.example.apex");
        assertType(CAPEX, "com.example.capex");
    }

    @Test
    void gioKnowsAnApexByItsFirstEntryWithoutTheName() throws Exception {
        assertEquals(APEX, gio(files.resolve("apex-without-a-name")));
    }

    @Test
    void realApexAndCapexFilesWhereTheSharedFixturesAre() throws Exception {
        Path shared = Path.of(System.getProperty("fixtures.dir", "../shared/fixtures")).resolveSibling("apex");
        if (!Files.isDirectory(shared)) {
            return; // a clone without ../shared: the APEX and CAPEX made above stand in
        }
        try (Stream<Path> apexFiles = Files.list(shared)) {
            for (Path f : apexFiles.filter(p -> p.toString().endsWith(".apex") || p.toString().endsWith(".capex")).toList()) {
                Path copy = Files.copy(f, files.resolve(f.getFileName()));
                assertType(f.toString().endsWith(".apex") ? APEX : CAPEX, copy.getFileName().toString());
            }
        }
    }
}

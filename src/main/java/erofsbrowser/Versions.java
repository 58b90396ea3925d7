package erofsbrowser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions {@code --version} and Help &gt; About show: the program's and its libraries', as
 * the build wrote them into {@code version.properties} (from the Maven project), and the Java
 * runtime's, as it reports itself.
 *
 * @param program   the program's version ("0.1.0")
 * @param libraries each library's name and version, in the order shown
 */
public record Versions(String program, Map<String, String> libraries) {
    private static final String RESOURCE = "/erofsbrowser/version.properties";

    /** The versions the build recorded. */
    public static Versions ofThisBuild() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: the build writes it (mvn package)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("lz4-java", p.getProperty("lz4-java"));
        libraries.put("zstd-jni", p.getProperty("zstd-jni"));
        libraries.put("XZ for Java", p.getProperty("xz"));
        libraries.put("JNA", p.getProperty("jna"));
        libraries.put("JavaFX", p.getProperty("javafx"));
        return new Versions(p.getProperty("version"), libraries);
    }

    /** "17.0.15+6-Debian-1deb12u1": the runtime's full version. */
    public static String javaVersion() {
        return Runtime.version().toString();
    }

    /** "Debian, OpenJDK 64-Bit Server VM": who made the runtime, and which virtual machine it is. */
    public static String javaVendorAndVm() {
        return System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name");
    }
}

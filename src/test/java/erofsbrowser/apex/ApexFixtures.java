package erofsbrowser.apex;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The APEX test files of {@code ../shared/apex} (a fresh clone in CI has {@code ../shared} beside
 * it; {@code -Dapex.dir=...} points elsewhere). A missing folder fails the tests that need it,
 * naming the folder: nothing is skipped.
 */
final class ApexFixtures {
    static final Path DIR = Path.of(System.getProperty("apex.dir", "../shared/apex"));

    static final String APEX = "com.example.erofs.apex";
    static final String CAPEX = "com.example.erofs.capex";
    static final String CORRUPT = "com.example.erofs-corrupt-block300.apex";
    static final String EXPECTED = "com.example.erofs.expected.jsonl";
    static final String SHIM = "com.android.apex.cts.shim.v1.apex";
    static final String CAS = "com.android.hardware.cas.apex";
    static final String MISALIGNED = "corrupted_b146895998.apex";

    private ApexFixtures() {
    }

    static Path file(String name) {
        assertTrue(Files.isDirectory(DIR), "the APEX test files are missing: expected the folder "
                + DIR.toAbsolutePath().normalize() + " (../shared/apex beside the project, or -Dapex.dir)");
        Path p = DIR.resolve(name);
        assertTrue(Files.isRegularFile(p), "the APEX test file " + p.toAbsolutePath().normalize() + " is missing");
        return p;
    }
}

package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.Outcome;
import erofsbrowser.image.FileSystemImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each entry of a payload is compared with the file_contexts and canned_fs_config the APEX was
 * built from. The example APEX's payload labels /lib64 and what is in it u:object_r:system_lib_file:s0,
 * everything else u:object_r:system_file:s0, all owned by root.
 */
class FsConfigCheckTest {
    static final String CONTEXTS = "(/.*)?    u:object_r:system_file:s0\n/lib64(/.*)?  u:object_r:system_lib_file:s0\n";

    static ApexFile apex;
    static FileSystemImage fs;
    static String config;

    @BeforeAll
    static void open() throws Exception {
        apex = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX));
        fs = apex.payload().orElseThrow().fileSystem().orElseThrow();
        List<String> lines = new ArrayList<>();
        fs.walk(fs.root(), n -> lines.add(n.pathString() + " " + n.uid() + " " + n.gid() + " "
                + Integer.toOctalString(n.permissions())));
        config = String.join("\n", lines) + "\n";
    }

    @AfterAll
    static void close() {
        apex.close();
    }

    static CheckResult check(String fileContexts, String cannedFsConfig) {
        return FsConfigCheck.check(fs, new ApexBuildInfo("", fileContexts, cannedFsConfig, "", "", "", false, "", "", "erofs"),
                () -> false);
    }

    @Test
    void aPayloadBuiltAsItsBuildInfoSaysPasses() {
        CheckResult r = check(CONTEXTS, config);
        assertEquals(Outcome.PASSED, r.outcome(), r.details().toString());
        assertEquals("all 39 entries are as file_contexts and canned_fs_config say", r.summary());
    }

    @Test
    void aLabelThatDiffersIsListedWithTheLineThatSaysOtherwise() {
        CheckResult r = check(CONTEXTS + "/bin/cat u:object_r:shell_exec:s0\n", "");
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals(List.of("/bin/cat: labelled u:object_r:system_file:s0, file_contexts line 3 (/bin/cat) says "
                + "u:object_r:shell_exec:s0"), r.details());
    }

    @Test
    void aLineWithoutRegexCharactersWinsOverEveryRegexLineAsInLibselinux() {
        CheckResult r = check("/bin/cat u:object_r:system_file:s0\n(/.*)? u:object_r:vendor_file:s0\n", "");
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals("38 of 39 entries differ from file_contexts", r.summary(), "all but /bin/cat get the later regex line's label");
        assertTrue(r.details().stream().noneMatch(d -> d.startsWith("/bin/cat:")));
    }

    @Test
    void aFileTypeLimitsALineToThatType() {
        CheckResult r = check(CONTEXTS + "/bin(/.*)? -d u:object_r:other:s0\n", "");
        assertEquals(List.of("/bin: labelled u:object_r:system_file:s0, file_contexts line 3 (/bin(/.*)?) says u:object_r:other:s0"),
                r.details(), "only the directory /bin, not the files in it");
    }

    @Test
    void anOwnerOrModeThatDiffersIsListed() {
        String changed = config.replace("/bin/cat 0 0 755", "/bin/cat 1000 0 700");
        CheckResult r = check("", changed);
        assertEquals(Outcome.FAILED, r.outcome());
        int line = List.of(config.split("\n")).indexOf("/bin/cat 0 0 755") + 1;
        assertEquals(List.of("/bin/cat: uid 0 (says 1000), mode 0755 (says 0700), canned_fs_config line " + line), r.details());
    }

    @Test
    void pathsTheConfigListsButThePayloadLacksAreNotedAsAWarning() {
        CheckResult r = check("", config + "/etc/missing 0 0 644\n");
        assertEquals(Outcome.WARNING, r.outcome());
        assertTrue(r.details().get(0).endsWith("lists /etc/missing, which the payload does not hold"), r.details().get(0));
    }

    @Test
    void aRegexThatBacktracksWithoutEndIsCutOff() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CheckResult r = check("(.*)(.*)(.*)(.*)(.*)(.*)(.*)(.*)z u:object_r:x:s0\n", "");
            assertEquals(Outcome.FAILED, r.outcome());
            assertTrue(r.summary().contains("its regex takes too long"), r.summary());
        });
    }

    @Test
    void aBadLineIsAFailureNamingIt() {
        assertEquals("file_contexts line 1: bad regex ((( (at byte offset 0)", check("((( u:x\n", "").summary());
        assertEquals("canned_fs_config line 1 has a bad number: /x a b c (at byte offset 0)", check("", "/x a b c\n").summary());
    }

}

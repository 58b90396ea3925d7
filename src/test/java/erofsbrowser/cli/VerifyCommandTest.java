package erofsbrowser.cli;

import erofsbrowser.DamagedImages;
import erofsbrowser.Fixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** verify: an APEX's checks with the owner of each bad block, then every file of any image read past faults. */
class VerifyCommandTest {
    private static final Path APEX = Path.of(System.getProperty("apex.dir", "../shared/apex"));

    private static Path apex(String name) {
        Path p = APEX.resolve(name);
        Assumptions.assumeTrue(Files.exists(p), "../shared/apex is absent");
        return p;
    }

    @Test
    void aSoundApexPassesEveryCheckAndReadsEveryFile() {
        CliRun run = CliRun.of("verify", apex("com.example.erofs.apex"));
        assertEquals(Cli.OK, run.status(), run::describe);
        assertTrue(run.outText().contains("PASSED  dm-verity hashtree"), run::describe);
        assertTrue(run.outText().strip().endsWith("bytes of file data read")
                && run.outText().contains("ok: every check passed; 39 entries"), run::describe);
    }

    @Test
    void aSoundCapexPassesWithItsOwnCheck() {
        CliRun run = CliRun.of("verify", apex("com.example.erofs.capex"));
        assertEquals(Cli.OK, run.status(), run::describe);
        assertTrue(run.outText().contains("CAPEX matches its original_apex"), run::describe);
        assertTrue(run.outText().contains("ok: every check passed; 39 entries"), run::describe);
    }

    @Test
    void aBadBlockIsNamedWithTheFileThatOwnsIt() {
        CliRun run = CliRun.of("verify", apex("com.example.erofs-corrupt-block300.apex"));
        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        assertTrue(run.outText().contains("data block 300 at payload bytes 1228800..1232896: pcluster of "
                + "/lib64/libboost_program_options.so.1.74.0"), run::describe);

        CliRun json = CliRun.of("verify", "--json", apex("com.example.erofs-corrupt-block300.apex").toString());
        assertEquals(Cli.BAD_IMAGE, json.status(), json::describe);
        Map<String, Object> report = StrictJson.object(json.outText());
        assertEquals(JsonKeys.VERIFY.stream().map(JsonKeys.Key::name).filter(k -> !k.contains(".")).sorted().toList(),
                report.keySet().stream().sorted().toList());
        assertEquals(Boolean.FALSE, report.get("ok"));
        assertTrue(json.outText().contains("\"owner\": \"pcluster of /lib64/libboost_program_options.so.1.74.0"), json::describe);
    }

    @Test
    void anApexWhosePayloadSuperblockIsDestroyedStillGetsItsChecksAndTheBadBlockIsFound(@TempDir Path dir) throws Exception {
        Path good = apex("com.example.erofs.apex");
        long payloadAt;
        try (erofsbrowser.apex.ApexFile file = erofsbrowser.apex.ApexFile.open(good)) {
            payloadAt = file.payload().orElseThrow().source().fileOffset();
        }
        byte[] b = Files.readAllBytes(good);
        java.util.Arrays.fill(b, (int) payloadAt + 1024, (int) payloadAt + 1024 + 128, (byte) 0); // the EROFS superblock
        Path damaged = Files.write(dir.resolve("no-superblock.apex"), b);

        CliRun run = CliRun.of("verify", damaged);

        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        assertTrue(run.outText().contains("PASSED  vbmeta hash and signature"), run::describe);
        assertTrue(run.outText().contains("FAILED  dm-verity hashtree") && run.outText().contains("data block 0 "),
                "the hashtree still finds the bad block: " + run.describe());
        assertTrue(run.err().contains("the APEX's payload cannot be read"), run::describe);

        CliRun json = CliRun.of("verify", "--json", damaged.toString());
        assertEquals(Boolean.FALSE, StrictJson.object(json.outText()).get("ok"), json::describe);
    }

    @Test
    void anImageWithFaultsNamesEachAndFails(@TempDir Path dir) throws Exception {
        DamagedImages.Damaged damaged = DamagedImages.hostileNames(dir);
        CliRun run = CliRun.of("verify", damaged.image());
        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        assertEquals(3, run.errLines().size(), run::describe);
        assertTrue(run.outText().startsWith("FAILED: "), run::describe);

        CliRun json = CliRun.of("verify", "--json", damaged.image().toString());
        assertEquals("", json.err(), "the faults are in the JSON");
        assertEquals(3, ((List<?>) StrictJson.object(json.outText()).get("faults")).size(), json::describe);
    }

    @Test
    void aSoundImageOfAnyFormatVerifies() {
        CliRun run = CliRun.of("verify", Fixture.mini("lz4").image());
        assertEquals(Cli.OK, run.status(), run::describe);
        assertTrue(run.outText().startsWith("ok: "), run::describe);
    }
}

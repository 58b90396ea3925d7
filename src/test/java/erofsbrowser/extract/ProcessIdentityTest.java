package erofsbrowser.extract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessIdentityTest {
    private static final String STATUS = """
            Name:\tjava
            Umask:\t0027
            State:\tR (running)
            Uid:\t1000\t1001\t1002\t1003
            Gid:\t100\t101\t102\t103
            Groups:\t100 27
            """;

    @Test
    void newFilesBelongToTheFilesystemUidAndGid() {
        ProcessIdentity id = ProcessIdentity.parse(STATUS);
        assertEquals(new ProcessIdentity(1003, 103, 0027), id);
        assertTrue(id.createsOwnedBy(1003, 103));
        assertFalse(id.createsOwnedBy(1000, 100), "the real ids are not what a new file gets");
    }

    @Test
    void aModeIsGivenAtCreationOnlyWhenTheUmaskTakesNothingFromIt() {
        ProcessIdentity id = ProcessIdentity.parse(STATUS);
        assertTrue(id.createsWithMode(0750));
        assertTrue(id.createsWithMode(0640));
        assertFalse(id.createsWithMode(0755), "umask 027 takes o+rx");
        assertFalse(id.createsWithMode(0660), "umask 027 takes g+w");
    }

    @Test
    void setuidSetgidAndStickyBitsAreAlwaysLeftToChmod() {
        ProcessIdentity id = ProcessIdentity.parse("Umask:\t0000\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
        assertTrue(id.createsWithMode(0777));
        assertFalse(id.createsWithMode(04755));
        assertFalse(id.createsWithMode(02755));
        assertFalse(id.createsWithMode(01777));
    }

    @Test
    void aStatusWithoutUmaskSaysNothing() {
        assertNull(ProcessIdentity.parse("Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"), "kernels before 4.7");
    }

    @Test
    void thisProcessIsKnownOnLinux() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/status")));
        assertNotNull(ProcessIdentity.current());
    }
}

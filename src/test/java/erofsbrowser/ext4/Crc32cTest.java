package erofsbrowser.ext4;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ext4's raw CRC32C, chained from any seed. */
class Crc32cTest {

    @Test
    void theRegisterOfTheStandardCheckValueIsItsInverse() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, ~Crc32c.update(~0, check, 0, check.length));
        assertEquals(0xE3069283, ~Crc32c.updateByTable(~0, check, 0, check.length));
    }

    @Test
    void fourForgedBytesLeadTheJdksCrcToAnyRegister() {
        Random r = new Random(15);
        for (int i = 0; i < 10_000; i++) {
            int state = r.nextInt();
            byte[] p = Crc32c.prefixFor(state);
            assertEquals(state, Crc32c.updateByTable(~0, p, 0, 4));
        }
    }

    @Test
    void theJdkPathAndTheTablesAgreeFromAnySeed() {
        Random r = new Random(4);
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[r.nextInt(5000)];
            r.nextBytes(b);
            int seed = r.nextInt();
            int off = b.length == 0 ? 0 : r.nextInt(b.length);
            int len = b.length - off;
            assertEquals(Crc32c.updateByTable(seed, b, off, len), Crc32c.update(seed, b, off, len));
        }
    }
}

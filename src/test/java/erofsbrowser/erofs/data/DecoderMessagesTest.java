package erofsbrowser.erofs.data;

import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.image.ImageException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A decoder's failure is said in words: what happened to the data, not the name of a Java class. */
class DecoderMessagesTest {

    @Test
    void aStreamThatStopsEarlySaysSo() {
        String why = Decompressor.why(new EOFException());
        assertTrue(why.startsWith("it ends early"), why);
        assertFalse(why.contains("Exception"), why);
    }

    @Test
    void aCutLzmaPclusterIsReportedAsEndingEarlyOrCorruptInWords() {
        // A MicroLZMA stream of 2 bytes cannot hold 4096 bytes of output.
        byte[] raw = {0x5d, 0x01};
        ImageException e = assertThrows(ImageException.class, () -> Decompressor.decode(CompressionAlgorithm.LZMA, raw, 0,
                raw.length, new byte[4096], 0, 4096, false, 1234, 5));
        assertTrue(e.problem().startsWith("lzma data is corrupt: "), e.problem());
        assertFalse(e.problem().contains("Exception"), "no class name: " + e.problem());
        assertEquals(1234, e.offset());
    }
}

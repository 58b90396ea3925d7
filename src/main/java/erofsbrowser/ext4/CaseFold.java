package erofsbrowser.ext4;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Name comparison in casefolded directories (casefold feature, EXT4_CASEFOLD_FL): the kernel
 * compares names by their UTF-8 NFD form with case folded ({@code utf8_casefold}, Unicode 12.1
 * tables); here Java's NFD and its lower-case mapping of the upper-case form stand for those
 * tables, which agree on all but a few characters. Names that are not valid UTF-8 compare as
 * bytes, as the kernel does outside strict mode.
 */
final class CaseFold {
    private CaseFold() {
    }

    /** The folded form of {@code name}, or null when it is not valid UTF-8. */
    static String key(byte[] b, int off, int len) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        String folded = Normalizer.normalize(s, Normalizer.Form.NFD).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFD);
    }
}

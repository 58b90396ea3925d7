package erofsbrowser.erofs;

import erofsbrowser.Fixture;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 of every regular file, as the kernel listed it in {@code NAME.expected.jsonl}:
 * just the "path" and "sha256" keys of each line, found with a regex (no JSON library needed).
 */
final class KernelDigests {
    private static final Pattern PATH = Pattern.compile("\"path\": \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SHA256 = Pattern.compile("\"sha256\": \"([0-9a-f]{64})\"");

    private KernelDigests() {
    }

    /** Path (as text) to lowercase hex digest, for the regular files of the fixture's listing. */
    static Map<String, String> of(Fixture fixture) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String line : fixture.expectedLines()) {
            Matcher sha = SHA256.matcher(line);
            if (!sha.find()) {
                continue;
            }
            Matcher path = PATH.matcher(line);
            if (!path.find()) {
                throw new IllegalStateException("listing line without a path: " + line);
            }
            digests.put(erofsbrowser.ListingDiff.unescape(path.group(1)), sha.group(1));
        }
        return digests;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

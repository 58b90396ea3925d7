package erofsbrowser.extract;

import erofsbrowser.image.Fault;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Entry names as file names of the destination: refused when they could lead outside it
 * ({@code .}, {@code ..}, a {@code /} or NUL), left out when this system cannot spell them.
 */
final class Names {
    private Names() {
    }

    /**
     * The entry's name as a path component, or null (reported to {@code tally}) when the target
     * cannot hold it. A name that could lead outside the destination is refused: an error, or
     * when the extraction goes on past faults, a fault of that entry alone.
     */
    static String safeName(Node node, Path destination, Tally tally) throws ImageException {
        byte[] raw = node.name();
        ImageException refused = refusal(node, raw);
        if (refused != null) {
            if (!tally.pastFaults()) {
                throw refused;
            }
            tally.fault(new Fault(raw, refused));
            tally.refused(node.pathString());
            return null;
        }
        String name = decode(raw);
        if (name == null) {
            tally.skip(node, "name is not valid UTF-8, which this system's file names need");
            return null;
        }
        try {
            destination.getFileSystem().getPath(name);
        } catch (java.nio.file.InvalidPathException e) {
            // Java encodes file names in the locale's charset: US-ASCII under LANG=C or no LANG at all.
            tally.skip(node, "name cannot be a file name here: Java encodes file names as "
                    + System.getProperty("sun.jnu.encoding") + " (run with a UTF-8 locale, such as LANG=C.UTF-8)");
            return null;
        }
        return name;
    }

    /** Why a name must not be a file name of the destination, or null when it may. */
    private static ImageException refusal(Node node, byte[] raw) {
        if (raw.length == 0 || (raw.length == 1 && raw[0] == '.') || (raw.length == 2 && raw[0] == '.' && raw[1] == '.')) {
            return new ImageException("refusing to extract an entry named \"" + new String(raw, StandardCharsets.UTF_8)
                    + "\"", node.location()).atPath(node.pathString());
        }
        for (byte b : raw) {
            if (b == '/' || b == 0) {
                return new ImageException("refusing to extract an entry whose name contains "
                        + (b == 0 ? "NUL" : "'/'"), node.location()).atPath(node.pathString());
            }
        }
        return null;
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    static String decode(byte[] raw) {
        if (isAscii(raw)) { // most names: no decoder to make
            return new String(raw, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}

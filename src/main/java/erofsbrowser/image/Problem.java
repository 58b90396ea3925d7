package erofsbrowser.image;

/**
 * Something wrong with a field or a structure, as Wireshark's expert info marks it: a reserved bit
 * set, a checksum that does not match, names out of order, an address beyond the image.
 *
 * @param severity how bad it is
 * @param message  what is wrong, in plain words
 */
public record Problem(Severity severity, String message) {

    public enum Severity {
        /** The image can still be read as the kernel would; a tool would mention it. */
        WARNING,
        /** The kernel would refuse this, or read it wrongly. */
        ERROR
    }

    public static Problem warning(String message) {
        return new Problem(Severity.WARNING, message);
    }

    public static Problem error(String message) {
        return new Problem(Severity.ERROR, message);
    }
}

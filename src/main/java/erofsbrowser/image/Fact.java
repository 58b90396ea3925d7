package erofsbrowser.image;

/**
 * One thing a filesystem's superblock says, by name, as {@code info} prints it: "block size" is
 * "4096". A filesystem gives its facts in the order a reader wants them; a name may repeat (one
 * "compression" line per algorithm).
 */
public record Fact(String name, String value) {
}

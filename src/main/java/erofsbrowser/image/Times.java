package erofsbrowser.image;

import java.time.Instant;

/**
 * Times read from an image, made safe to show: a damaged field can hold seconds past what
 * {@link Instant} represents (year one billion), which {@code Instant.ofEpochSecond} refuses
 * with an exception no reader may let out.
 */
public final class Times {
    /** The last second a calendar date can hold (year 999,999,999): formatting a later one fails too. */
    private static final long MAX_SECONDS = java.time.LocalDateTime.MAX.toEpochSecond(java.time.ZoneOffset.UTC);
    private static final long MIN_SECONDS = java.time.LocalDateTime.MIN.toEpochSecond(java.time.ZoneOffset.UTC);

    private Times() {
    }

    /** The instant, clamped to the times a calendar date holds (so that formatting it cannot fail either). */
    public static Instant instant(long seconds, long nanos) {
        if (seconds > MAX_SECONDS) {
            return Instant.ofEpochSecond(MAX_SECONDS);
        }
        if (seconds < MIN_SECONDS) {
            return Instant.ofEpochSecond(MIN_SECONDS);
        }
        return Instant.ofEpochSecond(seconds, Math.floorMod(nanos, 1_000_000_000L));
    }

    /** ISO-8601 text, or "out of range" with the seconds for a time no calendar holds. */
    public static String text(long seconds, long nanos) {
        if (seconds > MAX_SECONDS || seconds < MIN_SECONDS) {
            return "out of range (" + Long.toUnsignedString(seconds) + " s)";
        }
        return instant(seconds, nanos).toString();
    }
}

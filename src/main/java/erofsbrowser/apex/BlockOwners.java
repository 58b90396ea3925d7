package erofsbrowser.apex;

/**
 * Names what owns a run of payload bytes, for the blocks a verification finds bad: "data of /bin/sh
 * (file bytes 0..4096)", "inode of /etc (nid 42, compact, 32 bytes)". The caller gives it from
 * what it knows of the payload's filesystem (for EROFS, {@link ImageMapOwners}).
 */
@FunctionalInterface
public interface BlockOwners {
    /** What owns the {@code length} bytes at payload {@code offset}. */
    String describe(long offset, long length);

    /** Names blocks by number only, for payloads with no owner map. */
    BlockOwners BLOCK_NUMBERS = (offset, length) -> "payload block " + offset / length;
}

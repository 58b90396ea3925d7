package erofsbrowser.apex;

import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileSystemImage;

import java.util.Optional;

/**
 * Names what owns a run of payload bytes, for the blocks a verification finds bad: "data of /bin/sh
 * (file bytes 0..4096)", "inode of /etc (nid 42, compact, 32 bytes)". The caller gives it from
 * what it knows of the payload's filesystem: {@link #whenNeeded}.
 */
@FunctionalInterface
public interface BlockOwners {
    /** What owns the {@code length} bytes at payload {@code offset}. */
    String describe(long offset, long length);

    /** Names blocks by number only, for payloads with no owner map. */
    BlockOwners BLOCK_NUMBERS = (offset, length) -> "payload block " + offset / length;

    /**
     * Owners named from the map of the payload's filesystem, built when the first bad block asks
     * (mapping a large image takes a while, and a sound one never asks); block numbers when the
     * payload has no filesystem that could be read.
     */
    static BlockOwners whenNeeded(Optional<FileSystemImage> payloadFileSystem) {
        return payloadFileSystem.map(fs -> fs instanceof ErofsImage erofs ? ImageMapOwners.whenNeeded(erofs)
                : OwnerMapOwners.whenNeeded(fs)).orElse(BLOCK_NUMBERS);
    }
}

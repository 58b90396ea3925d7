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
    /** Makes the owners of a filesystem: walks it, which can fail. */
    @FunctionalInterface
    interface Builder {
        BlockOwners build() throws erofsbrowser.image.ImageException;
    }

    /**
     * Owners that {@code build} makes when the first bad block asks (walking a large image takes a
     * while, and a sound one never asks); when it fails, each block's owner says why it is unknown.
     */
    static BlockOwners lazily(Builder build) {
        return new BlockOwners() {
            private BlockOwners owners;

            @Override
            public synchronized String describe(long offset, long length) {
                if (owners == null) {
                    try {
                        owners = build.build();
                    } catch (erofsbrowser.image.ImageException e) {
                        String why = "owner unknown: the filesystem cannot be mapped: " + e.getMessage();
                        owners = (o, l) -> why;
                    }
                }
                return owners.describe(offset, length);
            }
        };
    }

    static BlockOwners whenNeeded(Optional<FileSystemImage> payloadFileSystem) {
        return payloadFileSystem.map(fs -> fs instanceof ErofsImage erofs ? ImageMapOwners.whenNeeded(erofs)
                : OwnerMapOwners.whenNeeded(fs)).orElse(BLOCK_NUMBERS);
    }
}

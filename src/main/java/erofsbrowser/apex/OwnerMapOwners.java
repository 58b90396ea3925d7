package erofsbrowser.apex;

import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Names the owners of a run of a payload's bytes from any filesystem's {@link ByteOwnerMap}: each
 * structure or data run the bytes belong to ("data of /lib/libc.so from byte 8192", "inode 12 of
 * /etc"), or "unused" where nothing lies. EROFS payloads have a richer namer, {@link ImageMapOwners}.
 */
public final class OwnerMapOwners implements BlockOwners {
    private final ByteOwnerMap map;

    public OwnerMapOwners(ByteOwnerMap map) {
        this.map = map;
    }

    /** Owners named from {@code image}'s map, built when the first bad block asks. */
    public static BlockOwners whenNeeded(FileSystemImage image) {
        return BlockOwners.lazily(() -> new OwnerMapOwners(image.buildOwnerMap(() -> false)));
    }

    @Override
    public String describe(long offset, long length) {
        List<String> names = new ArrayList<>();
        int more = 0;
        boolean unused = false;
        long end = offset + length;
        for (long at = offset; at < end; ) {
            ByteOwner owner;
            try {
                owner = map.at(at);
            } catch (ImageException e) {
                return "owner unknown: " + e.getMessage();
            }
            if (owner == null) {
                unused = true;   // bytes no structure reached: stepped over one at a time, at most a block
                at++;
                continue;
            }
            String name = owner.description();
            if (!names.contains(name)) {
                if (names.size() < ImageMapOwners.MAX_NAMED) {
                    names.add(name);
                } else {
                    more++;
                }
            }
            at = Math.max(at + 1, owner.range().end());
        }
        if (names.isEmpty()) {
            return "unused bytes (no structure of the filesystem lies there)";
        }
        return String.join("; ", names) + (unused ? "; unused bytes" : "") + (more > 0 ? "; and " + more + " more" : "");
    }
}

package erofsbrowser.apex;

import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.map.ImageMap;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.map.ImageRegion;
import erofsbrowser.image.ByteRange;

import java.util.ArrayList;
import java.util.List;

/**
 * Names the owners of a run of an EROFS payload's bytes from its {@link ImageMap}: every outermost
 * structure the run touches (a pcluster of a file with the file bytes it holds, an inode, a
 * directory block), or "unused" where no structure lies.
 */
public final class ImageMapOwners implements BlockOwners {
    /** At most this many owners are named per run; the rest are counted. */
    static final int MAX_NAMED = 6;

    private final ImageMap map;

    public ImageMapOwners(ImageMap map) {
        this.map = map;
    }

    /**
     * Owners named from the map of {@code image}, built when the first bad block asks (walking a
     * large image takes a while, and a sound one never asks).
     */
    public static BlockOwners whenNeeded(ErofsImage image) {
        return BlockOwners.lazily(() -> new ImageMapOwners(ImageMap.build(image, () -> false)));
    }

    @Override
    public String describe(long offset, long length) {
        ByteRange run = new ByteRange(offset, length);
        List<ImageRegion> touched = new ArrayList<>(map.regionsAt(offset));
        for (int i = firstStartingAtOrAfter(offset); i < map.size(); i++) {
            ImageRegion r = map.region(i);
            if (r.range().offset() >= run.end()) {
                break;
            }
            touched.add(r);
        }
        List<String> names = new ArrayList<>();
        int more = 0;
        // The superblock's fields are regions of their own: named once, as the superblock, so that
        // what else the run holds (the root inode, its directory, shared xattrs) is named too.
        List<String> superblockFields = new ArrayList<>();
        for (ImageRegion r : touched) {
            if (r.kind() == ImageRegion.Kind.SUPERBLOCK_FIELD) {
                superblockFields.add(r.description().substring(r.description().lastIndexOf(' ') + 1));
            }
        }
        if (!superblockFields.isEmpty()) {
            names.add("the superblock (" + (superblockFields.size() == 1 ? "field " + superblockFields.get(0)
                    : superblockFields.size() + " fields") + ")");
        }
        for (ImageRegion r : touched) {
            if (r.kind() == ImageRegion.Kind.SUPERBLOCK_FIELD || insideAnother(r, touched) || names.contains(r.description())) {
                continue;
            }
            if (names.size() < MAX_NAMED) {
                names.add(r.description());
            } else {
                more++;
            }
        }
        if (names.isEmpty()) {
            return "unused bytes (no structure of the filesystem lies there)";
        }
        return String.join("; ", names) + (more > 0 ? "; and " + more + " more" : "");
    }

    /** Whether {@code r} lies inside another region of {@code all} (a dirent in its directory block). */
    private static boolean insideAnother(ImageRegion r, List<ImageRegion> all) {
        for (ImageRegion o : all) {
            if (o != r && o.range().offset() <= r.range().offset() && o.range().end() >= r.range().end()
                    && o.range().length() > r.range().length()) {
                return true;
            }
        }
        return false;
    }

    /** The first region (in start order) that starts at or after {@code offset}. */
    private int firstStartingAtOrAfter(long offset) {
        int lo = 0;
        int hi = map.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (map.region(mid).range().offset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

package erofsbrowser.erofs;

import erofsbrowser.image.InodeSet;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts over the whole tree: entries by type, and how much the regular files take uncompressed
 * and as stored (compressed files: their compressed block count, as {@code du} would see them,
 * plus the packed inode that holds fragments). Hard links count once.
 */
public record ImageStatistics(Map<FileType, Long> entriesByType, long fileBytes, long storedBytes,
                              long compressedFiles) {

    public static ImageStatistics of(ErofsImage image) throws ImageException {
        return of(image, null);
    }

    /** As {@link #of(ErofsImage)}, counting what can be read past each fault, which goes to {@code faults} (null: the first is thrown). */
    public static ImageStatistics of(ErofsImage image, erofsbrowser.image.FileSystemImage.FaultVisitor faults)
            throws ImageException {
        Map<FileType, Long> counts = new EnumMap<>(FileType.class);
        long[] totals = new long[3];
        InodeSet seen = new InodeSet();
        ErofsImage.EntryVisitor count = e -> {
            Inode i = e.inode();
            counts.merge(i.type(), 1L, Long::sum);
            if (i.type() == FileType.FILE && seen.add(i.nid())) {
                totals[0] += i.size();
                totals[1] += i.storedBytes();
                if (i.layout().isCompressed()) {
                    totals[2]++;
                }
            }
        };
        if (faults == null) {
            image.walkEntries(image.root(), count);
        } else {
            image.walk(image.root(), node -> count.visit((Entry) node), faults);
        }
        // Fragments (file tails, or whole files) live in the packed inode, which no path names:
        // without its blocks an image of fragments would seem to store its files in nothing.
        long packedNid = image.superblock().packedNid();
        if (packedNid != 0) {
            totals[1] += image.inode(packedNid).storedBytes();
        }
        return new ImageStatistics(Map.copyOf(counts), totals[0], totals[1], totals[2]);
    }

    public long entries() {
        return entriesByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Uncompressed bytes per stored byte (1.0 for an uncompressed image). */
    public double ratio() {
        return storedBytes == 0 ? 1.0 : (double) fileBytes / storedBytes;
    }
}

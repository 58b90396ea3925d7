package erofsbrowser.ext4;

import erofsbrowser.image.Fact;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an ext2/3/4 superblock says, by name, for {@code info}, as {@code dumpe2fs -h} sums it up:
 * sizes and counts, UUID, volume name, times, state, features by their mke2fs names, and whether
 * the metadata checksum matches.
 */
final class SuperblockFacts {
    private static final int S_WTIME = 0x30;
    private static final int S_REV_LEVEL = 0x4C;
    private static final int S_VOLUME_NAME = 0x78;
    private static final int S_MKFS_TIME = 0x108;
    private static final int S_WTIME_HI = 0x274;
    private static final int S_MKFS_TIME_HI = 0x276;
    private static final int S_CHECKSUM = 0x3FC;

    private SuperblockFacts() {
    }

    static List<Fact> of(Superblock sb) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("block size", Integer.toString(sb.blockSize())));
        facts.add(new Fact("blocks", sb.blocksCount() + " (" + sb.blockOffset(sb.blocksCount()) + " bytes)"));
        facts.add(new Fact("inodes", sb.inodesCount() + " of " + sb.inodeSize() + " bytes"));
        facts.add(new Fact("block groups", sb.groupCount() + " (" + sb.blocksPerGroup() + " blocks, "
                + sb.inodesPerGroup() + " inodes each)"));
        facts.add(new Fact("revision", sb.u32(S_REV_LEVEL) == 0 ? "0 (good old: 128-byte inodes)" : sb.u32(S_REV_LEVEL) + " (dynamic)"));
        facts.add(new Fact("uuid", sb.uuid()));
        byte[] name = java.util.Arrays.copyOfRange(sb.raw(), S_VOLUME_NAME, S_VOLUME_NAME + 16);
        facts.add(new Fact("volume name", Ext4Text.cString(name)));
        facts.add(new Fact("created", time(sb, S_MKFS_TIME, S_MKFS_TIME_HI)));
        facts.add(new Fact("last written", time(sb, S_WTIME, S_WTIME_HI)));
        String state = SuperblockFields.state(sb.state());
        facts.add(new Fact("state", state.isEmpty() ? "not clean" : state));
        String features = java.util.stream.Stream.of(Ext4Feature.Word.values())
                .flatMap(w -> Ext4Feature.in(w, switch (w) {
                    case COMPAT -> sb.compat();
                    case INCOMPAT -> sb.incompat();
                    case RO_COMPAT -> sb.roCompat();
                }).stream())
                .map(Ext4Feature::featureName).collect(Collectors.joining(" "));
        facts.add(new Fact("features", features.isEmpty() ? "(none)" : features));
        facts.add(new Fact("journal", sb.journalInum() == 0 ? "none" : "inode " + sb.journalInum()));
        facts.add(new Fact("checksum", !sb.metadataCsum() ? "none (metadata_csum not set)"
                : sb.checksumMatches() ? String.format("valid (crc32c 0x%08x)", sb.u32(S_CHECKSUM))
                : String.format("MISMATCH: stored 0x%08x, computed 0x%08x", sb.u32(S_CHECKSUM), sb.computedChecksum())));
        return facts;
    }

    private static String time(Superblock sb, int at, int hiAt) {
        long seconds = sb.u32(at) | (long) sb.u8(hiAt) << 32;
        return seconds == 0 ? "never" : Ext4Text.time(seconds);
    }
}

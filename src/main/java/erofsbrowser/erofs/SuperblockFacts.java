package erofsbrowser.erofs;

import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.XattrPrefix;
import erofsbrowser.image.Fact;
import erofsbrowser.image.ImageException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an EROFS superblock says, by name, for {@code info}: block size and counts, the root's nid,
 * UUID, volume name, build time, the features by name, whether its checksum matches, then the
 * compression settings, extra devices and long xattr prefixes the image declares.
 */
final class SuperblockFacts {
    private SuperblockFacts() {
    }

    static List<Fact> of(ErofsImage image) throws ImageException {
        Superblock sb = image.superblock();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("block size", Integer.toString(sb.blockSize())));
        facts.add(new Fact("blocks", sb.blocks() + " (" + sb.blockOffset(sb.blocks()) + " bytes)"));
        facts.add(new Fact("inodes", Long.toString(sb.inodeCount())));
        facts.add(new Fact("root nid", Long.toUnsignedString(sb.rootNid())));
        facts.add(new Fact("meta_blkaddr", Long.toString(sb.metaBlkaddr())));
        facts.add(new Fact("xattr_blkaddr", Long.toString(sb.xattrBlkaddr())));
        if (sb.packedNid() != 0) {
            facts.add(new Fact("packed nid", Long.toString(sb.packedNid())));
        }
        if (sb.has(Feature.METABOX)) {
            facts.add(new Fact("metabox nid", Long.toString(sb.metaboxNid())));
        }
        facts.add(new Fact("uuid", sb.uuidString()));
        facts.add(new Fact("volume name", sb.volumeLabel()));
        facts.add(new Fact("created", sb.creationTime().toString()));
        facts.add(new Fact("compact mtime", "epoch " + sb.epoch() + " + i_mtime, " + Integer.toUnsignedLong(sb.fixedNsec()) + " ns"));
        String features = sb.features().stream().map(Feature::formatName).collect(Collectors.joining(" "));
        if (sb.unknownCompatBits() != 0) {
            features += String.format(" compat:0x%x", sb.unknownCompatBits());
        }
        facts.add(new Fact("features", features.isEmpty() ? "(none)" : features));
        facts.add(new Fact("checksum", switch (sb.checksumStatus()) {
            case ABSENT -> "none (sb_chksum not set)";
            case VALID -> String.format("valid (crc32c 0x%08x)", sb.checksum());
            case MISMATCH -> String.format("MISMATCH: stored 0x%08x, computed 0x%08x", sb.checksum(), sb.computedChecksum());
        }));
        if (sb.has(Feature.COMPR_CFGS) || sb.has(Feature.ZERO_PADDING) || sb.lz4MaxDistance() != 0) {
            facts.add(new Fact("algorithms", sb.declaredAlgorithms().stream()
                    .map(CompressionAlgorithm::formatName).collect(Collectors.joining(" "))));
        }
        for (CompressionConfig c : image.compressionConfigs()) {
            facts.add(new Fact("compression", describe(c)));
        }
        for (DeviceSlot d : image.deviceSlots()) {
            facts.add(new Fact("device " + (d.index() + 1), d.blocks() + " blocks, mapped at block " + d.uniaddr()
                    + ", tag \"" + d.tagText() + "\""));
        }
        for (XattrPrefix p : image.xattrPrefixes()) {
            facts.add(new Fact("xattr prefix " + p.index(), p.name()));
        }
        return facts;
    }

    private static String describe(CompressionConfig c) {
        if (c instanceof CompressionConfig.Lz4 l) {
            return "lz4, max distance " + l.maxDistance() + ", max pcluster " + l.maxPclusterBlocks() + " blocks";
        } else if (c instanceof CompressionConfig.Lzma l) {
            return "lzma, dictionary " + l.dictSize() + " bytes";
        } else if (c instanceof CompressionConfig.Deflate d) {
            return "deflate, window 2^" + d.windowBits();
        }
        CompressionConfig.Zstd z = (CompressionConfig.Zstd) c;
        return "zstd, window 2^" + (z.windowLog() + 10);
    }
}

package erofsbrowser.cli;

import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.ImageStatistics;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.XattrPrefix;

import java.io.PrintStream;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code info IMAGE}: the superblock, features by name, checksum status and counts. */
final class InfoCommand implements Cli.Command {
    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public String usage() {
        return "info IMAGE";
    }

    @Override
    public int run(ErofsImage image, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        Superblock sb = image.superblock();
        out.printf("image:            %s%n", image.primary());
        out.printf("image size:       %d bytes%n", image.primary().length());
        out.printf("block size:       %d%n", sb.blockSize());
        out.printf("blocks:           %d (%d bytes)%n", sb.blocks(), sb.blockOffset(sb.blocks()));
        out.printf("inodes:           %d%n", sb.inodeCount());
        out.printf("root nid:         %s%n", Long.toUnsignedString(sb.rootNid()));
        out.printf("meta_blkaddr:     %d%n", sb.metaBlkaddr());
        out.printf("xattr_blkaddr:    %d%n", sb.xattrBlkaddr());
        if (sb.packedNid() != 0) {
            out.printf("packed nid:       %d%n", sb.packedNid());
        }
        if (sb.has(Feature.METABOX)) {
            out.printf("metabox nid:      %d%n", sb.metaboxNid());
        }
        out.printf("uuid:             %s%n", sb.uuidString());
        out.printf("volume name:      %s%n", sb.volumeLabel());
        out.printf("created:          %s%n", sb.creationTime());
        out.printf("compact mtime:    epoch %d + i_mtime, %d ns%n", sb.epoch(), Integer.toUnsignedLong(sb.fixedNsec()));
        String features = sb.features().stream().map(Feature::formatName).collect(Collectors.joining(" "));
        if (sb.unknownCompatBits() != 0) {
            features += String.format(" compat:0x%x", sb.unknownCompatBits());
        }
        out.printf("features:         %s%n", features.isEmpty() ? "(none)" : features);
        out.printf("checksum:         %s%n", switch (sb.checksumStatus()) {
            case ABSENT -> "none (sb_chksum not set)";
            case VALID -> String.format("valid (crc32c 0x%08x)", sb.checksum());
            case MISMATCH -> String.format("MISMATCH: stored 0x%08x, computed 0x%08x", sb.checksum(), sb.computedChecksum());
        });
        if (sb.has(Feature.COMPR_CFGS) || sb.has(Feature.ZERO_PADDING) || sb.lz4MaxDistance() != 0) {
            out.printf("algorithms:       %s%n", sb.declaredAlgorithms().stream()
                    .map(CompressionAlgorithm::formatName).collect(Collectors.joining(" ")));
        }
        for (CompressionConfig c : image.compressionConfigs()) {
            out.printf("compression:      %s%n", describe(c));
        }
        for (DeviceSlot d : image.deviceSlots()) {
            out.printf("device %d:         %d blocks, mapped at block %d, tag \"%s\"%n",
                    d.index() + 1, d.blocks(), d.uniaddr(), d.tagText());
        }
        for (XattrPrefix p : image.xattrPrefixes()) {
            out.printf("xattr prefix %d:   %s%n", p.index(), p.name());
        }
        ImageStatistics stats = ImageStatistics.of(image);
        out.printf("entries:          %d (%s)%n", stats.entries(), stats.entriesByType().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", ")));
        out.printf("file data:        %d bytes, stored in %d bytes (ratio %.2f; %d compressed files)%n",
                stats.fileBytes(), stats.storedBytes(), stats.ratio(), stats.compressedFiles());
        return Cli.OK;
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

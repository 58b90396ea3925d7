package erofsbrowser.cli;

import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.ImageStatistics;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.XattrPrefix;

import erofsbrowser.image.FileType;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code info IMAGE}: the superblock, features by name, checksum status and counts. */
final class InfoCommand implements Cli.Command {
    private static final CommandSpec SPEC = new CommandSpec("info",
            "the superblock: block size, counts, features, checksum; what the image holds",
            List.of("Prints the superblock of IMAGE: block size, block and inode counts, the root's nid, UUID, "
                    + "volume name, build time, the features by name, and whether the superblock's checksum "
                    + "matches (a mismatch is reported, not refused: the kernel mounts such images). Then the "
                    + "compression settings, extra devices and long xattr prefixes the image declares, and "
                    + "what it holds: entries by type, bytes of file data and the bytes that store them.",
                    "With --json: one JSON object (keys under JSON OUTPUT in erofs(1)).",
                    "With --fields: the image's own structures (the superblock and the records after it) as "
                            + "field trees instead, every field with its offset in IMAGE, size, value and meaning."),
            CommonOptions.forImage(CommonOptions.JSON, CommonOptions.FIELDS, CommonOptions.STRICT),
            List.of(CommonOptions.IMAGE),
            CommonOptions.statuses("a fault was met counting the entries (each one line on standard error)"),
            List.of(new CommandSpec.Example("info system.img", "the superblock of an Android system image"),
                    new CommandSpec.Example("info --json system.img | jq .features", "its features, with jq"),
                    new CommandSpec.Example("info --fields system.img", "every field of the superblock, with its bytes")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(FileSystemImage any, Arguments args, PrintStream out, PrintStream err) throws ImageException {
        if (args.has(CommonOptions.FIELDS.longName())) {
            FieldPrinter fields = new FieldPrinter(any.source());
            if (args.has(CommonOptions.JSON.longName())) {
                fields.json(any.imageStructures(), out);
            } else {
                fields.text(any.imageStructures(), out);
            }
            return Cli.OK;
        }
        // The counts are of what can be read: a damaged image's faults go to standard error, one line each.
        FaultReport faults = new FaultReport(err, "info", args, any);
        if (!(any instanceof ErofsImage image)) { // every superblock fact by name is EROFS's; the rest from the model
            if (args.has(CommonOptions.JSON.longName())) {
                ImageInfo.json(any, args, faults).writeLine(out);
            } else {
                ImageInfo.print(any, args, out, faults);
            }
            return faults.status();
        }
        if (args.has(CommonOptions.JSON.longName())) {
            json(image, args, faults).writeLine(out);
            return faults.status();
        }
        out.printf("image:            %s%n", image.primary());
        out.printf("image size:       %d bytes%n", image.primary().length());
        ImageInfo.printFacts(image.facts(), out);
        ImageStatistics stats = ImageStatistics.of(image, faults.strict() ? null : faults);
        out.printf("entries:          %d (%s)%n", stats.entries(), stats.entriesByType().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", ")));
        out.printf("file data:        %d bytes, stored in %d bytes (ratio %.2f; %d compressed files)%n",
                stats.fileBytes(), stats.storedBytes(), stats.ratio(), stats.compressedFiles());
        return faults.status();
    }

    /**
     * {@code info} of a file that {@code error} stopped opening as an image, when something of it
     * can still be read: an APEX's zip, manifest and AVB parts; with --fields, an EROFS or ext4
     * superblock dissected as far as it goes (or an APEX's zip records). The error is its fault,
     * and the status 1. Null when nothing can be said beyond the error (no image at all).
     */
    static Integer ofBytes(java.nio.file.Path file, Arguments args, PrintStream out, PrintStream err, ImageException error)
            throws java.io.IOException, ImageException {
        FileSystemImage bytes = erofsbrowser.open.ImageFiles.openAsBytes(file, args.offset(), error);
        boolean recognised = !(bytes instanceof erofsbrowser.open.UnreadableImage u)
                || u.format() != erofsbrowser.open.ImageFiles.Format.UNKNOWN;
        if (!(bytes instanceof erofsbrowser.apex.ApexImage) && !(args.has(CommonOptions.FIELDS.longName()) && recognised)) {
            bytes.close();
            return null;
        }
        try (bytes) {
            if (new InfoCommand().run(bytes, args, out, err) == Cli.OK) { // --fields: the fault is not among them
                out.flush();
                err.println(Cli.program() + " info: " + args.image() + ": " + erofsbrowser.image.Printable.escape(error.getMessage()));
            }
            return Cli.BAD_IMAGE;
        }
    }

    /** The same facts as JSON; every key is always there (null or empty where the image has none). */
    private static Json json(ErofsImage image, Arguments args, FaultReport faults) throws ImageException {
        Superblock sb = image.superblock();
        Json j = new Json().beginObject();
        j.key("image").value(args.image());
        j.key("offset").value(args.offset());
        j.key("image_size").value(image.primary().length());
        j.key("block_size").value(sb.blockSize());
        j.key("blocks").value(sb.blocks());
        j.key("inodes").value(sb.inodeCount());
        j.key("root_nid").unsigned(sb.rootNid());
        j.key("meta_blkaddr").value(sb.metaBlkaddr());
        j.key("xattr_blkaddr").value(sb.xattrBlkaddr());
        j.key("packed_nid");
        if (sb.packedNid() != 0) {
            j.unsigned(sb.packedNid());
        } else {
            j.nullValue();
        }
        j.key("metabox_nid");
        if (sb.has(Feature.METABOX)) {
            j.unsigned(sb.metaboxNid());
        } else {
            j.nullValue();
        }
        j.key("uuid").value(sb.uuidString());
        j.bytes("volume_name", volumeName(sb));
        j.key("build_time").value(sb.creationTime().getEpochSecond());
        j.key("build_time_nsec").value(sb.creationTime().getNano());
        j.key("features").beginArray();
        for (Feature f : sb.features()) {
            j.value(f.formatName());
        }
        j.endArray();
        j.key("unknown_compat_bits").value(sb.unknownCompatBits());
        j.key("checksum").beginObject();
        j.key("status").value(sb.checksumStatus().name().toLowerCase(java.util.Locale.ROOT));
        j.key("stored").value(Integer.toUnsignedLong(sb.checksum()));
        j.key("computed");
        if (sb.checksumStatus() == Superblock.ChecksumStatus.ABSENT) {
            j.nullValue();
        } else {
            j.value(Integer.toUnsignedLong(sb.computedChecksum()));
        }
        j.endObject();
        j.key("algorithms").beginArray();
        for (CompressionAlgorithm a : sb.declaredAlgorithms()) {
            j.value(a.formatName());
        }
        j.endArray();
        j.key("compression").beginArray();
        for (CompressionConfig c : image.compressionConfigs()) {
            jsonConfig(j, c);
        }
        j.endArray();
        j.key("devices").beginArray();
        for (DeviceSlot d : image.deviceSlots()) {
            j.beginObject().key("device").value(d.index() + 1).key("blocks").value(d.blocks())
                    .key("mapped_blkaddr").value(d.uniaddr()).bytes("tag", tagBytes(d)).endObject();
        }
        j.endArray();
        j.key("xattr_prefixes").beginArray();
        for (XattrPrefix p : image.xattrPrefixes()) {
            j.beginObject().key("index").value(p.index()).key("name").value(p.name()).endObject();
        }
        j.endArray();
        ImageStatistics stats = ImageStatistics.of(image, faults.strict() ? null : faults);
        j.key("entries").value(stats.entries());
        j.key("entries_by_type").beginObject();
        for (FileType t : FileType.values()) {
            j.key(t.label()).value(stats.entriesByType().getOrDefault(t, 0L));
        }
        j.endObject();
        j.key("file_bytes").value(stats.fileBytes());
        j.key("stored_bytes").value(stats.storedBytes());
        j.key("compressed_files").value(stats.compressedFiles());
        return j.endObject();
    }

    private static byte[] volumeName(Superblock sb) {
        byte[] raw = sb.volumeName();
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return java.util.Arrays.copyOf(raw, n);
    }

    private static byte[] tagBytes(DeviceSlot d) {
        byte[] raw = d.tag();
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return java.util.Arrays.copyOf(raw, n);
    }

    private static void jsonConfig(Json j, CompressionConfig c) {
        j.beginObject().key("algorithm").value(c.algorithm().formatName());
        if (c instanceof CompressionConfig.Lz4 l) {
            j.key("max_distance").value(l.maxDistance()).key("max_pcluster_blocks").value(l.maxPclusterBlocks());
        } else if (c instanceof CompressionConfig.Lzma l) {
            j.key("dict_size").value(l.dictSize());
        } else if (c instanceof CompressionConfig.Deflate d) {
            j.key("window_bits").value(d.windowBits());
        } else if (c instanceof CompressionConfig.Zstd z) {
            j.key("window_log").value(z.windowLog() + 10);
        }
        j.endObject();
    }
}

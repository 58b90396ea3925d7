package erofsbrowser.app;

import erofsbrowser.erofs.ondisk.CompressionConfig;
import erofsbrowser.erofs.data.DataExtent;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.Entry;
import erofsbrowser.image.ImageException;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.image.FileType;
import erofsbrowser.erofs.ImageStatistics;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.erofs.ondisk.Xattr;
import erofsbrowser.erofs.ondisk.XattrArea;
import erofsbrowser.image.XattrValues;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Builds {@link Details} for an entry or for the image. Runs in background tasks only. */
final class DetailsBuilder {
    private DetailsBuilder() {
    }

    static Details forEntry(ErofsImage image, Entry entry) throws ImageException {
        Inode i = entry.inode();
        List<Details.Field> f = new ArrayList<>();
        List<Details.Region> regions = new ArrayList<>();
        String where = i.inMetabox() ? "metabox offset " : "byte offset ";
        f.add(new Details.Field("path", entry.pathString()));
        f.add(new Details.Field("nid", i.nidText()));
        f.add(new Details.Field("inode", where + i.range().offset() + " (" + i.range().length() + " bytes)"));
        f.add(new Details.Field("format", (i.extended() ? "extended" : "compact") + String.format(" (i_format 0x%04x)", i.format())));
        f.add(new Details.Field("layout", i.layout().name()));
        f.add(new Details.Field("type", i.type().label()));
        f.add(new Details.Field("mode", String.format("0%o  %c%s", i.permissions(), i.type().lsChar(),
                FileType.permissionString(i.mode()))));
        f.add(new Details.Field("uid / gid", i.uid() + " / " + i.gid()));
        f.add(new Details.Field("size", String.format("%,d bytes", i.size())));
        f.add(new Details.Field("nlink", Long.toString(i.nlink())));
        f.add(new Details.Field("mtime", String.format("%s  (%d.%09d)", i.mtimeInstant(), i.mtime(),
                Integer.toUnsignedLong(i.mtimeNsec()))));
        if (i.isDevice()) {
            f.add(new Details.Field("rdev", i.rdevMajor() + ", " + i.rdevMinor()));
        }
        f.add(new Details.Field("xattr area", i.xattrAreaSize() + " bytes"));
        if (i.dotOmitted()) {
            f.add(new Details.Field("dot omitted", "yes"));
        }
        if (i.type() == FileType.SYMLINK) {
            f.add(new Details.Field("target", new String(image.symlinkTarget(i), StandardCharsets.UTF_8)));
        }
        if (i.layout().isCompressed()) {
            long stored = i.storedBytes();
            f.add(new Details.Field("compressed", stored == 0 ? "in the packed inode (fragment)"
                    : String.format("%,d bytes in %d blocks, ratio %.2f", i.size(), i.blockAddress(),
                    (double) i.size() / stored)));
        }
        if (!i.inMetabox()) {
            regions.add(new Details.Region(i.range(), Details.RegionKind.INODE));
            if (i.xattrAreaSize() > 0) {
                regions.add(new Details.Region(i.xattrAreaRange(), Details.RegionKind.XATTRS));
            }
        }
        Dirent d = entry.dirent();
        if (d != null && d.range() != null) {
            f.add(new Details.Field("dirent", "byte offset " + d.range().offset() + ", name at " + d.nameRange().offset()));
            regions.add(new Details.Region(d.range(), Details.RegionKind.DIRENT));
            regions.add(new Details.Region(d.nameRange(), Details.RegionKind.NAME));
        }

        List<Details.XattrRow> xattrs = new ArrayList<>();
        XattrArea area = image.xattrArea(i);
        for (Xattr x : area.xattrs()) {
            xattrs.add(new Details.XattrRow(x.nameString(), valueText(x.value()), decode(x),
                    (x.isShared() ? "shared #" + x.sharedId() : "inline") + " @ " + x.range().offset()));
        }

        List<Details.ExtentRow> extents = new ArrayList<>();
        if (i.type() == FileType.FILE || i.type() == FileType.DIR || i.type() == FileType.SYMLINK) {
            for (DataExtent e : image.data(i).extents()) {
                extents.add(extentRow(e));
                if (e.storage() == DataExtent.Storage.INLINE && !i.inMetabox()) {
                    regions.add(new Details.Region(e.physical(), Details.RegionKind.INLINE));
                } else if (e.storage() == DataExtent.Storage.BLOCKS && e.device() == 0) {
                    regions.add(new Details.Region(e.physical(), Details.RegionKind.DATA));
                }
            }
        }
        return new Details(entry.pathString(), f, xattrs, extents, regions, i.inMetabox() ? -1 : i.range().offset());
    }

    static Details.ExtentRow extentRow(DataExtent e) {
        String physical = switch (e.storage()) {
            case HOLE -> "—";
            case FRAGMENT -> "packed " + e.physical().offset() + ".." + e.physical().end();
            default -> (e.device() == 0 ? "" : "dev " + e.device() + " ") + e.physical().offset() + ".." + e.physical().end();
        };
        String algorithm = e.algorithm() == null ? (e.storage() == DataExtent.Storage.HOLE ? "" : "none")
                : e.algorithm().formatName();
        String sizes = e.storage() == DataExtent.Storage.HOLE ? String.format("%,d", e.length())
                : String.format("%,d → %,d", e.physical().length(), e.length());
        String ratio = e.isCompressed() && e.physical().length() > 0
                ? String.format("%.2f", (double) e.length() / e.physical().length()) : "";
        String storage = e.storage().name().toLowerCase() + (e.partialReference() ? " (shared)" : "");
        return new Details.ExtentRow(e.logicalOffset() + ".." + e.logicalEnd(), physical, storage, algorithm, sizes,
                ratio, e.storage() == DataExtent.Storage.BLOCKS && e.device() == 0 ? e.physical() : null);
    }

    static Details forImage(ErofsImage image, ImageStatistics stats, String fileName, long offset) throws ImageException {
        Superblock sb = image.superblock();
        List<Details.Field> f = new ArrayList<>();
        f.add(new Details.Field("file", fileName + (offset != 0 ? " @ " + offset : "")));
        f.add(new Details.Field("image size", String.format("%,d bytes", image.primary().length())));
        f.add(new Details.Field("block size", Integer.toString(sb.blockSize())));
        f.add(new Details.Field("blocks", String.format("%,d", sb.blocks())));
        f.add(new Details.Field("inodes", String.format("%,d", sb.inodeCount())));
        f.add(new Details.Field("root nid", Long.toUnsignedString(sb.rootNid())));
        f.add(new Details.Field("uuid", sb.uuidString()));
        f.add(new Details.Field("volume name", sb.volumeLabel()));
        f.add(new Details.Field("build time", sb.creationTime().toString()));
        f.add(new Details.Field("features", sb.features().stream().map(Feature::formatName).collect(Collectors.joining(", "))));
        f.add(new Details.Field("checksum", switch (sb.checksumStatus()) {
            case ABSENT -> "none";
            case VALID -> String.format("valid (0x%08x)", sb.checksum());
            case MISMATCH -> String.format("MISMATCH: stored 0x%08x, computed 0x%08x", sb.checksum(), sb.computedChecksum());
        }));
        if (sb.has(Feature.COMPR_CFGS) || sb.has(Feature.ZERO_PADDING) || sb.lz4MaxDistance() != 0) {
            f.add(new Details.Field("algorithms", sb.declaredAlgorithms().stream()
                    .map(erofsbrowser.erofs.ondisk.CompressionAlgorithm::formatName).collect(Collectors.joining(", "))));
        }
        for (CompressionConfig c : image.compressionConfigs()) {
            f.add(new Details.Field("compression", c.algorithm().formatName() + " (config @ " + c.range().offset() + ")"));
        }
        for (DeviceSlot d : image.deviceSlots()) {
            f.add(new Details.Field("device " + (d.index() + 1), d.blocks() + " blocks at block " + d.uniaddr()));
        }
        f.add(new Details.Field("entries", String.format("%,d", stats.entries())));
        f.add(new Details.Field("file data", String.format("%,d bytes stored in %,d (ratio %.2f)", stats.fileBytes(),
                stats.storedBytes(), stats.ratio())));
        List<Details.Region> regions = List.of(new Details.Region(sb.range(), Details.RegionKind.SUPERBLOCK));
        return new Details(fileName, f, List.of(), List.of(), regions, sb.range().offset());
    }

    static String valueText(byte[] value) {
        return XattrValues.text(value);
    }

    static String decode(Xattr x) {
        return XattrValues.decode(x.nameString(), x.value());
    }
}

package erofsbrowser.open;

import erofsbrowser.apex.ApexFile;
import erofsbrowser.apex.ApexImage;
import erofsbrowser.apex.Progress;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.ext4.Ext4Image;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Opens an image file by what its bytes are, whatever its name: the one place that knows every
 * format the app, the command line and the benchmarks read.
 */
public final class ImageFiles {
    /** EROFS and ext4 both leave the first 1024 bytes to a boot loader; their superblocks start there. */
    private static final int SUPERBLOCK = 1024;
    private static final int EROFS_MAGIC = 0xE0F5E1E2;
    /** {@code s_magic}, 56 bytes into the ext4 superblock. */
    private static final int EXT4_MAGIC_AT = SUPERBLOCK + 56;
    private static final int EXT4_MAGIC = 0xEF53;
    /** f2fs's superblock magic, at byte 1024 too: Android's other read-only-able filesystem, not read here. */
    private static final int F2FS_MAGIC = 0xF2F52010;

    private ImageFiles() {
    }

    /** The formats told apart by their bytes. */
    public enum Format { EROFS, EXT4, ZIP, F2FS, UNKNOWN }

    /** A zip's local file header signature, "PK\3\4": the first bytes of an APEX or CAPEX. */
    private static final int ZIP_LOCAL_HEADER = 0x04034b50;

    /** What the image starting {@code offset} bytes into {@code source} is, by its magic numbers. */
    public static Format detect(ImageSource source) throws ImageException {
        if (source.length() >= 4 && source.buffer(0, 4).getInt(0) == ZIP_LOCAL_HEADER) {
            return Format.ZIP;
        }
        if (source.length() >= SUPERBLOCK + 4) {
            ByteBuffer b = source.buffer(SUPERBLOCK, (int) Math.min(64, source.length() - SUPERBLOCK));
            if (b.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == EROFS_MAGIC) {
                return Format.EROFS;
            }
            if (b.getInt(0) == F2FS_MAGIC) {
                return Format.F2FS;
            }
            if (b.limit() >= 58 && Short.toUnsignedInt(b.getShort(56)) == EXT4_MAGIC) {
                return Format.EXT4;
            }
        }
        return Format.UNKNOWN;
    }

    /**
     * Opens the image that starts {@code offset} bytes into {@code file}, with extra devices (EROFS
     * blobs) in device order.
     *
     * @throws ImageException when the bytes are no image this program reads, naming what they are not
     */
    public static FileSystemImage open(Path file, long offset, List<Path> devices) throws IOException, ImageException {
        return open(file, offset, devices, Progress.NONE, () -> false);
    }

    /**
     * As {@link #open(Path, long, List)}, telling {@code progress} how a long opening goes (a
     * CAPEX's inflation) and stopping it with a CancellationException once {@code cancelled}.
     */
    public static FileSystemImage open(Path file, long offset, List<Path> devices, Progress progress,
                                       BooleanSupplier cancelled) throws IOException, ImageException {
        Format format;
        try (ImageSource probe = ImageSource.open(file, offset)) {
            format = detect(probe);
        }
        return switch (format) {
            case EXT4 -> {
                if (!devices.isEmpty()) {
                    throw new ImageException("an ext4 image has no extra devices: --device applies to EROFS images", EXT4_MAGIC_AT);
                }
                ImageSource source = ImageSource.open(file, offset);
                try {
                    yield Ext4Image.open(source);
                } catch (ImageException | RuntimeException e) {
                    source.close();
                    throw e;
                }
            }
            case EROFS -> ErofsImage.open(file, offset, devices);
            case ZIP -> {
                if (offset != 0 || !devices.isEmpty()) {
                    throw new ImageException("an APEX is opened as it is: no --offset or --device", 0);
                }
                ApexFile apex = ApexFile.open(file, ApexFile.Options.standard().withProgress(progress, cancelled));
                try {
                    yield ApexImage.of(apex);
                } catch (IOException | ImageException | RuntimeException e) {
                    apex.close();
                    throw e;
                }
            }
            case F2FS -> throw new ImageException("an f2fs filesystem (superblock magic 10 20 f5 f2 at byte 1024), which "
                    + "this program does not read", SUPERBLOCK);
            case UNKNOWN -> throw unknown(file, offset);
        };
    }

    /**
     * The file that {@link #open} refused with {@code error}, as bytes: an APEX with its zip,
     * manifest and AVB parts when those can be read (its payload as far as it can be dissected),
     * else the bytes with the superblock dissected as far as it goes. It has no tree: its root and
     * entries answer with the error. {@code progress} and {@code cancelled} serve a CAPEX's
     * inflation, as in {@link #open(Path, long, List, Progress, BooleanSupplier)}.
     *
     * @throws IOException when the file itself cannot be read (missing, a folder)
     */
    public static FileSystemImage openAsBytes(Path file, long offset, ImageException error, Progress progress,
                                              BooleanSupplier cancelled) throws IOException {
        Format format = formatOf(file, offset);
        if (format == Format.ZIP && offset == 0) {
            ApexFile apex;
            try {
                apex = ApexFile.open(file, ApexFile.Options.standard().withProgress(progress, cancelled));
            } catch (ImageException | IOException e) {
                apex = null; // not even its zip can be read as an APEX's: its bytes below
            }
            if (apex != null) {
                return apexAsBytes(apex, error);
            }
        }
        return UnreadableImage.open(file, offset, error, format, true);
    }

    /** As {@link #openAsBytes(Path, long, ImageException, Progress, BooleanSupplier)}, with no progress to tell. */
    public static FileSystemImage openAsBytes(Path file, long offset, ImageException error) throws IOException {
        return openAsBytes(file, offset, error, Progress.NONE, () -> false);
    }

    /** An APEX whose filesystem cannot be read: its parts, and its payload's bytes (the file's, when it has none). */
    private static ApexImage apexAsBytes(ApexFile apex, ImageException error) throws IOException {
        FileSystemImage bytes = null;
        try {
            var payload = apex.payload();
            if (payload.isEmpty()) { // its zip records are the Zip part already: not dissected a second time
                bytes = UnreadableImage.open(apex.file(), 0, error, Format.ZIP, false);
                return ApexImage.withUnreadablePayload(apex, bytes, error);
            }
            long at = payload.get().source().fileOffset();
            // No error of its own: its filesystem opened, and what failed after (its root) is the payload's fault.
            ImageException inPayload = payload.get().fileSystemError().orElse(error.shifted(-at));
            Path holder = payload.get().source().file();
            bytes = UnreadableImage.open(holder, at, inPayload, formatOf(holder, at), true);
            return ApexImage.withUnreadablePayload(apex, bytes, inPayload);
        } catch (IOException | RuntimeException e) {
            if (bytes != null) {
                bytes.close();
            }
            apex.close();
            throw e;
        }
    }

    /** What the bytes from {@code offset} on are, UNKNOWN when they cannot be read. */
    static Format formatOf(Path file, long offset) throws IOException {
        try (ImageSource probe = ImageSource.open(file, offset)) {
            return detect(probe);
        } catch (ImageException e) {
            return Format.UNKNOWN;
        }
    }

    private static ImageException unknown(Path file, long offset) throws IOException {
        long size = java.nio.file.Files.size(file) - offset;
        return new ImageException(size < SUPERBLOCK + 64
                ? "not an image this program reads: " + Math.max(0, size) + " bytes is too short for a superblock"
                : "not an image this program reads: no EROFS superblock magic (e2 e1 f5 e0) at byte 1024, no ext4 "
                        + "magic (53 ef) at byte 1080, and not a zip (an APEX)", SUPERBLOCK);
    }
}

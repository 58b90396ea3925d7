package erofsbrowser.apex;

import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.ext4.Ext4Image;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which reader opens a payload of each {@link PayloadType}: EROFS's and ext4's as standard, others
 * plugged in with {@link #with}. Immutable.
 */
public final class PayloadReaders {
    /** Opens a filesystem over its bytes; the filesystem owns {@code source} and closes it. */
    @FunctionalInterface
    public interface Reader {
        FileSystemImage open(ImageSource source) throws ImageException;
    }

    /** EROFS's reader (a class, not a lambda: see {@link ApexFile}'s note on start-up). */
    private static final class Erofs implements Reader {
        @Override
        public FileSystemImage open(ImageSource source) throws ImageException {
            return ErofsImage.open(source, List.of());
        }
    }

    /** ext4's reader. */
    private static final class Ext4 implements Reader {
        @Override
        public FileSystemImage open(ImageSource source) throws ImageException {
            return Ext4Image.open(source);
        }
    }

    private final Map<PayloadType, Reader> readers;

    private PayloadReaders(Map<PayloadType, Reader> readers) {
        this.readers = readers;
    }

    /** The readers this project has: EROFS and ext4. */
    public static PayloadReaders standard() {
        Map<PayloadType, Reader> m = new EnumMap<>(PayloadType.class);
        m.put(PayloadType.EROFS, new Erofs());
        m.put(PayloadType.EXT4, new Ext4());
        return new PayloadReaders(m);
    }

    /** No reader at all: payloads are shown by their AVB parts only. */
    public static PayloadReaders none() {
        return new PayloadReaders(new EnumMap<>(PayloadType.class));
    }

    /** These readers, with {@code reader} for {@code type}. */
    public PayloadReaders with(PayloadType type, Reader reader) {
        Map<PayloadType, Reader> m = new EnumMap<>(PayloadType.class);
        m.putAll(readers);
        m.put(type, reader);
        return new PayloadReaders(m);
    }

    public Optional<Reader> reader(PayloadType type) {
        return Optional.ofNullable(readers.get(type));
    }
}

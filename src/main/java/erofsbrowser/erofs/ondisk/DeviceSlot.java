package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the device table ({@code struct erofs_deviceslot}): an extra device (blob) that
 * holds data of this image. Device id {@code index + 1} refers to it; with unified addressing its
 * blocks also appear at {@code uniaddr..uniaddr+blocks} of device 0.
 */
public record DeviceSlot(int index, ByteRange range, byte[] tag, long blocks, long uniaddr) {
    static final int SIZE = 128;

    @Override
    public byte[] tag() {
        return tag.clone();
    }

    /** The tag up to its first NUL: mkfs writes the blob's path or digest there. */
    public String tagText() {
        int n = 0;
        while (n < tag.length && tag[n] != 0) {
            n++;
        }
        return new String(tag, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static List<DeviceSlot> readAll(ImageSource source, Superblock sb) throws ImageException {
        List<DeviceSlot> slots = new ArrayList<>();
        if (!sb.has(Feature.DEVICE_TABLE) || sb.extraDevices() == 0) {
            return slots;
        }
        boolean bit48 = sb.has(Feature.BIT48);
        long pos = (long) sb.devtSlotoff() * SIZE;
        for (int k = 0; k < sb.extraDevices(); k++, pos += SIZE) {
            ByteBuffer b = source.buffer(pos, SIZE);
            byte[] tag = new byte[64];
            b.get(0, tag);
            long blocks = Integer.toUnsignedLong(b.getInt(64));
            long uniaddr = Integer.toUnsignedLong(b.getInt(68));
            if (bit48) {
                blocks |= (long) Short.toUnsignedInt(b.getShort(72)) << 32;
                uniaddr |= (long) Short.toUnsignedInt(b.getShort(74)) << 32;
            }
            slots.add(new DeviceSlot(k, new ByteRange(pos, SIZE), tag, blocks, uniaddr));
        }
        return slots;
    }
}

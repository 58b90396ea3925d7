package erofsbrowser.erofs;

import erofsbrowser.erofs.data.DataContext;
import erofsbrowser.erofs.data.FileData;
import erofsbrowser.erofs.io.BufferPool;
import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.erofs.io.PclusterCache;
import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.util.List;
import java.util.Set;

/**
 * Where an image's bytes come from: the primary image and its extra devices, the metabox for
 * metadata of nids with bit 63 set, the packed inode for fragments, and the caches all readers of
 * the image share. This is the view of the image its data paths get ({@link DataContext}).
 */
final class Storage implements DataContext {
    private final ImageSource primary;
    private final List<ImageSource> extraDevices;
    private final Superblock superblock;
    private final List<DeviceSlot> deviceSlots;
    private final int deviceIdMask;
    private final Set<CompressionAlgorithm> declaredAlgorithms;
    private final PclusterCache pclusterCache;
    private final BufferPool buffers = new BufferPool();
    private final MetadataReader primaryMetadata;
    private volatile MetadataReader metaboxMetadata;
    private volatile FileData packedData;

    Storage(ImageSource primary, List<ImageSource> extraDevices, Superblock superblock, long cacheBytes)
            throws ImageException {
        this.primary = primary;
        this.extraDevices = List.copyOf(extraDevices);
        this.superblock = superblock;
        this.deviceSlots = DeviceSlot.readAll(primary, superblock);
        this.deviceIdMask = Integer.highestOneBit(Math.max(1, superblock.extraDevices()) * 2 - 1) * 2 - 1;
        this.declaredAlgorithms = superblock.declaredAlgorithms();
        this.pclusterCache = new PclusterCache(cacheBytes);
        this.primaryMetadata = new MetadataReader() {
            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws ImageException {
                primary.readFully(position, dst, off, len);
            }

            @Override
            public boolean isMetabox() {
                return false;
            }
        };
    }

    ImageSource primary() {
        return primary;
    }

    @Override
    public Superblock superblock() {
        return superblock;
    }

    MetadataReader primaryMetadata() {
        return primaryMetadata;
    }

    /** The data of {@code inode}, read through its layout. */
    FileData data(Inode inode) throws ImageException {
        return FileData.of(this, inode);
    }

    @Override
    public MetadataReader metadata(Inode inode) throws ImageException {
        return inode.inMetabox() ? metabox() : primaryMetadata;
    }

    /** Metadata read from the metabox inode's data, for nids with bit 63 set. */
    MetadataReader metabox() throws ImageException {
        MetadataReader m = metaboxMetadata;
        if (m != null) {
            return m;
        }
        if (!superblock.has(Feature.METABOX)) {
            throw new ImageException("nid with the metabox bit set, but the image has no metabox", Superblock.OFFSET + 80);
        }
        Inode box = Inode.read(primaryMetadata, superblock, superblock.metaboxNid());
        if (box.type() != FileType.FILE) {
            throw new ImageException("metabox inode is not a regular file", box.offset(), box.nid());
        }
        m = fileReader(box, true);
        metaboxMetadata = m;
        return m;
    }

    /** Metadata read from the data of {@code inode} (the metabox, or the packed inode's prefix table). */
    MetadataReader fileReader(Inode inode, boolean metabox) throws ImageException {
        FileData data = data(inode);
        return new MetadataReader() {
            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws ImageException {
                if (data.read(position, dst, off, len) != len) {
                    throw new ImageException("metadata at offset " + position + " of nid " + inode.nidText()
                            + " lies past the end of its data (" + data.size() + " bytes)", inode.offset(), inode.nid());
                }
            }

            @Override
            public boolean isMetabox() {
                return metabox;
            }
        };
    }

    @Override
    public void readPhysical(int device, long offset, byte[] dst, int off, int len) throws ImageException {
        int dev = device;
        long pos = offset;
        if (dev == 0) {
            for (DeviceSlot slot : deviceSlots) {
                long start = superblock.blockOffset(slot.uniaddr());
                if (slot.uniaddr() != 0 && pos >= start && pos < start + superblock.blockOffset(slot.blocks())) {
                    dev = slot.index() + 1;
                    pos -= start;
                    break;
                }
            }
        }
        if (dev == 0) {
            if (pos < 0 || pos + len > primary.length() || pos + len < 0) {
                throw new ImageException("data at offset " + pos + "+" + len + " lies beyond the end of the image ("
                        + primary.length() + " bytes)", pos);
            }
            primary.readFully(pos, dst, off, len);
            return;
        }
        if (dev > extraDevices.size()) {
            throw new ImageException("data lies on extra device " + dev + ", which was not given (the image has "
                    + superblock.extraDevices() + " extra devices; pass each with --device)", offset);
        }
        ImageSource source = extraDevices.get(dev - 1);
        if (pos < 0 || pos + len > source.length() || pos + len < 0) {
            throw new ImageException("data at offset " + pos + "+" + len + " lies beyond the end of extra device "
                    + dev + " (" + source.length() + " bytes)", offset);
        }
        source.readFully(pos, dst, off, len);
    }

    @Override
    public int deviceIdMask() {
        return deviceIdMask;
    }

    @Override
    public int extraDeviceCount() {
        return superblock.extraDevices();
    }

    @Override
    public List<DeviceSlot> deviceSlots() {
        return deviceSlots;
    }

    @Override
    public Set<CompressionAlgorithm> declaredAlgorithms() {
        return declaredAlgorithms;
    }

    @Override
    public BufferPool buffers() {
        return buffers;
    }

    @Override
    public PclusterCache pclusterCache() {
        return pclusterCache;
    }

    @Override
    public FileData packedData() throws ImageException {
        FileData d = packedData;
        if (d == null) {
            if (superblock.packedNid() == 0) {
                throw new ImageException("a file refers to a fragment, but the image has no packed inode", Superblock.OFFSET + 96);
            }
            d = data(Inode.read(primaryMetadata, superblock, superblock.packedNid()));
            packedData = d;
        }
        return d;
    }

    void close() {
        extraDevices.forEach(ImageSource::close);
        primary.close();
    }
}

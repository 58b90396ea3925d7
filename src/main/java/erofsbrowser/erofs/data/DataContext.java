package erofsbrowser.erofs.data;

import erofsbrowser.erofs.io.BufferPool;
import erofsbrowser.erofs.io.MetadataReader;
import erofsbrowser.erofs.io.PclusterCache;
import erofsbrowser.erofs.ondisk.CompressionAlgorithm;
import erofsbrowser.erofs.ondisk.DeviceSlot;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.erofs.ondisk.Superblock;
import erofsbrowser.image.ImageException;

import java.util.List;
import java.util.Set;

/**
 * What the data paths need of the image they read: its geometry, where metadata and blocks are
 * read from, and the caches shared by all files. The image gives its data paths this view rather
 * than its own internals.
 */
public interface DataContext {
    Superblock superblock();

    /** Where {@code inode}'s metadata (inline data, indexes) is read from: the image or the metabox. */
    MetadataReader metadata(Inode inode) throws ImageException;

    /**
     * Reads bytes at {@code offset} of device {@code device} (0 = the image); offsets on device 0
     * inside a unified-address window of an extra device are redirected to that device.
     */
    void readPhysical(int device, long offset, byte[] dst, int off, int len) throws ImageException;

    int deviceIdMask();

    int extraDeviceCount();

    List<DeviceSlot> deviceSlots();

    Set<CompressionAlgorithm> declaredAlgorithms();

    BufferPool buffers();

    PclusterCache pclusterCache();

    /** The data of the hidden packed inode, which holds fragments (file tails) of other files. */
    FileData packedData() throws ImageException;
}

package erofsbrowser.erofs.data;

import erofsbrowser.erofs.ondisk.DataLayout;
import erofsbrowser.erofs.ondisk.Feature;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import java.util.ArrayList;
import java.util.List;

/**
 * FLAT_PLAIN and FLAT_INLINE data: contiguous blocks from the start block, and for FLAT_INLINE the
 * last partial block stored inline right after the inode and its xattrs.
 */
public final class FlatData implements FileData {
    private final DataContext image;
    private final Inode inode;
    private final long blockedBytes;
    private final boolean hole;

    public FlatData(DataContext image, Inode inode) throws ImageException {
        this.image = image;
        this.inode = inode;
        int blksz = inode.blockSize();
        long size = inode.size();
        long blocks = (size + blksz - 1) / blksz;
        if (inode.layout() == DataLayout.FLAT_INLINE && blocks > 0) {
            this.blockedBytes = (blocks - 1) * blksz;
            long tail = size - blockedBytes;
            long inBlock = inode.end() % blksz;
            if (inBlock + tail > blksz) {
                throw new ImageException("inline data of " + tail + " bytes crosses a block boundary",
                        inode.end(), inode.nid());
            }
        } else {
            this.blockedBytes = size;
        }
        long allOnes = image.superblock().has(Feature.BIT48) ? (1L << 48) - 1 : 0xFFFF_FFFFL;
        this.hole = inode.layout() == DataLayout.FLAT_PLAIN && inode.blockAddress() == allOnes;
    }

    @Override
    public Inode inode() {
        return inode;
    }

    @Override
    public void transferTo(Sink sink) throws ImageException, java.io.IOException {
        if (!hole) {
            FileData.transferByReads(this, image.buffers(), sink);
            return;
        }
        sink.hole(blockedBytes); // no blocks at all: the whole content is a hole
        long tail = inode.size() - blockedBytes;
        if (tail > 0) {
            sink.accept(readFully(blockedBytes, (int) tail), 0, (int) tail);
        }
    }

    /** As {@link #transferTo}, a block that cannot be read (past the end of a cut image, say) being zeros and a fault. */
    @Override
    public void transferPast(Sink sink, FaultHandler faults) throws java.io.IOException {
        erofsbrowser.image.TransferPast past = new erofsbrowser.image.TransferPast(this, sink, faults,
                image.superblock().blockSize());
        byte[] buf = image.buffers().take((int) Math.min(1 << 20, Math.max(1, size())));
        try {
            if (hole) {
                past.hole(blockedBytes);
            }
            if (past.read(hole ? blockedBytes : 0, size(), buf)) {
                past.finish();
            }
        } finally {
            image.buffers().give(buf);
        }
    }

    @Override
    public int readRun(long position, byte[] dst, int off, int len) throws ImageException {
        if (position < blockedBytes) {
            int part = (int) Math.min(len, blockedBytes - position);
            if (hole) {
                java.util.Arrays.fill(dst, off, off + part, (byte) 0);
            } else {
                image.readPhysical(0, image.superblock().blockOffset(inode.blockAddress()) + position, dst, off, part);
            }
            return part;
        }
        image.metadata(inode).readFully(inode.end() + (position - blockedBytes), dst, off, len);
        return len;
    }

    @Override
    public List<DataExtent> extents() {
        List<DataExtent> list = new ArrayList<>(2);
        if (blockedBytes > 0) {
            list.add(hole
                    ? new DataExtent(0, blockedBytes, DataExtent.Storage.HOLE, 0, new ByteRange(0, 0))
                    : new DataExtent(0, blockedBytes, DataExtent.Storage.BLOCKS, 0,
                            new ByteRange(image.superblock().blockOffset(inode.blockAddress()), blockedBytes)));
        }
        long tail = inode.size() - blockedBytes;
        if (tail > 0) {
            list.add(new DataExtent(blockedBytes, tail, DataExtent.Storage.INLINE, 0, new ByteRange(inode.end(), tail)));
        }
        return list;
    }
}

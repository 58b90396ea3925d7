package erofsbrowser.erofs.data;

import erofsbrowser.erofs.ondisk.ChunkIndex;
import erofsbrowser.erofs.ondisk.Inode;
import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;
import java.util.ArrayList;
import java.util.List;

/**
 * CHUNK_BASED data: the file is cut into chunks of 2^chunkbits bytes, each mapped by a
 * {@link ChunkIndex} stored after the inode; a chunk may be a hole or live on an extra device.
 */
public final class ChunkedData implements FileData {
    static final int FORMAT_BLKBITS_MASK = 0x1F;
    public static final int FORMAT_INDEXES = 0x20;
    public static final int FORMAT_48BIT = 0x40;

    private final DataContext image;
    private final Inode inode;
    private final int format;
    private final int chunkBits;
    private final long tablePos;
    private final long chunkCount;

    public ChunkedData(DataContext image, Inode inode) throws ImageException {
        this.image = image;
        this.inode = inode;
        this.format = inode.chunkFormat();
        if ((format & ~(FORMAT_BLKBITS_MASK | FORMAT_INDEXES | FORMAT_48BIT)) != 0) {
            throw new ImageException(String.format("unsupported chunk format 0x%x", format),
                    inode.offset() + 16, inode.nid());
        }
        this.chunkBits = image.superblock().blkszbits() + (format & FORMAT_BLKBITS_MASK);
        if (chunkBits > 48) {
            throw new ImageException("chunk size 2^" + chunkBits + " is out of range", inode.offset() + 16, inode.nid());
        }
        int unit = (format & FORMAT_INDEXES) != 0 ? 8 : 4;
        this.tablePos = (inode.end() + unit - 1) & -unit;
        this.chunkCount = (inode.size() + (1L << chunkBits) - 1) >>> chunkBits;
        if (chunkCount > Integer.MAX_VALUE) {
            throw new ImageException("too many chunks: " + chunkCount, inode.offset(), inode.nid());
        }
    }

    @Override
    public Inode inode() {
        return inode;
    }

    /** Bytes of the file each chunk holds (the last may hold fewer). */
    public long chunkSize() {
        return 1L << chunkBits;
    }

    /** The index entry of chunk {@code k}. */
    public ChunkIndex chunkIndex(int k) throws ImageException {
        ChunkIndex index = ChunkIndex.read(image.metadata(inode), tablePos, k, format, image.deviceIdMask());
        if (index.device() > image.extraDeviceCount()) {
            throw new ImageException("chunk " + k + " names device " + index.device()
                    + " but the image has " + image.extraDeviceCount() + " extra devices",
                    index.range().offset(), inode.nid());
        }
        return index;
    }

    /** Whole chunks that are holes go to the sink as holes: a sparse file stays sparse, and nothing is read for them. */
    @Override
    public void transferTo(Sink sink) throws ImageException, java.io.IOException {
        long size = inode.size();
        byte[] buf = image.buffers().take((int) Math.min(1 << 20, Math.max(1, size)));
        try {
            long pos = 0;
            while (pos < size) {
                long chunkEnd = Math.min(size, ((pos >>> chunkBits) + 1) << chunkBits);
                if (chunkIndex((int) (pos >>> chunkBits)).hole()) {
                    sink.hole(chunkEnd - pos);
                    pos = chunkEnd;
                    continue;
                }
                while (pos < chunkEnd) {
                    int n = read(pos, buf, 0, (int) Math.min(buf.length, chunkEnd - pos));
                    sink.accept(buf, 0, n);
                    pos += n;
                }
            }
        } finally {
            image.buffers().give(buf);
        }
    }

    /** As {@link #transferTo}, a chunk whose index or blocks cannot be read being zeros and a fault; the next chunks are read. */
    @Override
    public void transferPast(Sink sink, FaultHandler faults) throws java.io.IOException {
        long size = inode.size();
        erofsbrowser.image.TransferPast past = new erofsbrowser.image.TransferPast(this, sink, faults,
                image.superblock().blockSize());
        byte[] buf = image.buffers().take((int) Math.min(1 << 20, Math.max(1, size)));
        try {
            long pos = 0;
            while (pos < size) {
                long chunkEnd = Math.min(size, ((pos >>> chunkBits) + 1) << chunkBits);
                ChunkIndex index;
                try {
                    index = chunkIndex((int) (pos >>> chunkBits));
                } catch (ImageException e) {
                    past.end(e); // the chunk table itself cannot be read: neither can the chunks after
                    return;
                }
                if (index.hole()) {
                    past.hole(chunkEnd - pos);
                } else if (!past.read(pos, chunkEnd, buf)) {
                    return;
                }
                pos = chunkEnd;
            }
            past.finish();
        } finally {
            image.buffers().give(buf);
        }
    }

    @Override
    public int readRun(long position, byte[] dst, int off, int len) throws ImageException {
        long inChunk = position & ((1L << chunkBits) - 1);
        int part = (int) Math.min(len, (1L << chunkBits) - inChunk);
        ChunkIndex index = chunkIndex((int) (position >>> chunkBits));
        if (index.hole()) {
            java.util.Arrays.fill(dst, off, off + part, (byte) 0);
        } else {
            try {
                image.readPhysical(index.device(), image.superblock().blockOffset(index.startBlock()) + inChunk,
                        dst, off, part);
            } catch (ImageException e) {
                // Named where the bad address is stored: the chunk's index, not the address it leads to.
                throw new ImageException("chunk " + (position >>> chunkBits) + " (block " + index.startBlock()
                        + ") cannot be read: " + e.problem(), index.range().offset(), inode.nid());
            }
        }
        return part;
    }

    @Override
    public List<DataExtent> extents() throws ImageException {
        List<DataExtent> list = new ArrayList<>();
        long size = inode.size();
        for (int k = 0; k < chunkCount; k++) {
            ChunkIndex index = chunkIndex(k);
            long logical = (long) k << chunkBits;
            long length = Math.min(1L << chunkBits, size - logical);
            DataExtent next = index.hole()
                    ? new DataExtent(logical, length, DataExtent.Storage.HOLE, 0, new ByteRange(0, 0))
                    : new DataExtent(logical, length, DataExtent.Storage.BLOCKS, index.device(),
                            new ByteRange(image.superblock().blockOffset(index.startBlock()), length));
            int last = list.size() - 1;
            if (last >= 0 && continues(list.get(last), next)) {
                DataExtent prev = list.get(last);
                list.set(last, new DataExtent(prev.logicalOffset(), prev.length() + length, prev.storage(),
                        prev.device(), next.storage() == DataExtent.Storage.HOLE ? prev.physical()
                                : new ByteRange(prev.physical().offset(), prev.physical().length() + length)));
            } else {
                list.add(next);
            }
        }
        return list;
    }

    private static boolean continues(DataExtent prev, DataExtent next) {
        if (prev.storage() != next.storage() || prev.device() != next.device()) {
            return false;
        }
        return next.storage() == DataExtent.Storage.HOLE || prev.physical().end() == next.physical().offset();
    }
}

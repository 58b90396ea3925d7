package erofsbrowser.ext4;

import erofsbrowser.image.FileContent;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.io.IOException;
import java.util.Arrays;

/**
 * The content of an entry whose bytes lie in blocks, through its {@link BlockMap}: read at any
 * offset by mapping only the blocks asked for, so a 5 GiB sparse file is read at its end without
 * touching what comes before. Holes and unwritten extents read as zeros, and reach a
 * {@link FileContent.Sink} as {@link FileContent.Sink#hole holes}, never read nor allocated.
 * Immutable and safe for concurrent reads.
 */
final class MappedContent implements FileContent {
    /** The most read at once by {@link #transferTo}. */
    private static final int MAX_READ = 1 << 20;

    private final ImageSource source;
    private final ReadBuffers buffers;
    private final BlockMap map;
    private final long size;
    private final int blockBits;

    MappedContent(Volume volume, BlockMap map, long size) {
        this.source = volume.source();
        this.buffers = volume.readBuffers();
        this.map = map;
        this.size = size;
        this.blockBits = volume.superblock().blockBits();
    }

    @Override
    public long size() {
        return size;
    }

    private long blockCount() {
        return (size + (1L << blockBits) - 1) >>> blockBits;
    }

    @Override
    public int read(long position, byte[] dst, int off, int len) throws ImageException {
        if (position < 0 || position >= size || len <= 0) {
            return 0;
        }
        int total = (int) Math.min(len, size - position);
        int done = 0;
        long blocks = blockCount();
        while (done < total) {
            long pos = position + done;
            long block = pos >>> blockBits;
            BlockMap.Run run = map.map(block, blocks);
            long runEnd = Math.min(size, (run.logical() + run.length()) << blockBits);
            int n = (int) Math.min(total - done, runEnd - pos);
            if (run.readsAsZeros()) {
                Arrays.fill(dst, off + done, off + done + n, (byte) 0);
            } else {
                long at = (run.physical() << blockBits) + (pos - (run.logical() << blockBits));
                source.readFully(at, dst, off + done, n);
            }
            done += n;
        }
        return total;
    }

    @Override
    public void transferTo(Sink sink) throws ImageException, IOException {
        long blocks = blockCount();
        byte[] buffer = null;
        long block = 0;
        try {
            while (block < blocks) {
                BlockMap.Run run = map.map(block, blocks);
                long start = block << blockBits;
                long end = Math.min(size, (block + run.length()) << blockBits);
                if (run.readsAsZeros()) {
                    sink.hole(end - start);
                } else {
                    if (buffer == null || (buffer.length < end - start && buffer.length < MAX_READ)) {
                        if (buffer != null) {
                            buffers.give(buffer);
                        }
                        buffer = buffers.take((int) Math.min(MAX_READ, Math.min(end - start, size - start)));
                    }
                    long at = run.physical() << blockBits;
                    for (long pos = start; pos < end; ) {
                        int n = (int) Math.min(buffer.length, end - pos);
                        source.readFully(at + (pos - start), buffer, 0, n);
                        sink.accept(buffer, 0, n);
                        pos += n;
                    }
                }
                block += run.length();
            }
        } finally {
            if (buffer != null) {
                buffers.give(buffer);
            }
        }
    }

    /**
     * As {@link #transferTo}, a block that cannot be mapped or read being zeros and a fault (one
     * for each run of them); the blocks after it are mapped and read on.
     */
    @Override
    public void transferPast(Sink sink, FaultHandler faults) throws IOException {
        long blocks = blockCount();
        erofsbrowser.image.TransferPast past = new erofsbrowser.image.TransferPast(this, sink, faults, 1 << blockBits);
        byte[] buffer = buffers.take((int) Math.min(MAX_READ, Math.max(1, size)));
        try {
            long block = 0;
            while (block < blocks) {
                long start = block << blockBits;
                BlockMap.Run run;
                try {
                    run = map.map(block, blocks);
                } catch (ImageException e) {
                    if (past.givingUp()) {
                        past.end(e);
                        return;
                    }
                    past.bad(e, Math.min(size, (block + 1) << blockBits) - start);
                    block++;
                    continue;
                }
                long end = Math.min(size, (block + run.length()) << blockBits);
                if (run.readsAsZeros()) {
                    past.hole(end - start);
                } else if (!past.read(start, end, buffer)) {
                    return;
                }
                block += run.length();
            }
            past.finish();
        } finally {
            buffers.give(buffer);
        }
    }
}

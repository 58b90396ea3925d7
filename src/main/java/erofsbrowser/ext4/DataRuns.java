package erofsbrowser.ext4;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.StoredSize;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an inode's content lies, run by run (its block map's runs, or the inode itself for inline
 * data and fast symlinks), and how many bytes of the image it takes ({@code i_blocks}, as du
 * counts it, less the xattr block's share).
 */
final class DataRuns {
    /** Runs listed at most: a fragmented file may have millions of extents, the table shows the start. */
    static final int MAX_RUNS = 100_000;

    private DataRuns() {
    }

    static List<DataRun> of(Volume volume, Inode inode) throws ImageException {
        FileType type = inode.type();
        List<DataRun> runs = new ArrayList<>();
        if (type != FileType.FILE && type != FileType.DIR && type != FileType.SYMLINK || inode.size() == 0) {
            return runs;
        }
        if (inode.hasInlineData()) {
            runs.add(new DataRun(0, inode.size(), new ByteRange(inode.offset() + Inode.I_BLOCK,
                    Math.min(inode.size(), Inode.I_BLOCK_SIZE)), "", "inline in the inode (and its system.data xattr)"));
            return runs;
        }
        if (inode.isFastSymlink(volume.superblock())) {
            runs.add(new DataRun(0, inode.size(), new ByteRange(inode.offset() + Inode.I_BLOCK, inode.size()), "",
                    "inline in the inode (fast symlink)"));
            return runs;
        }
        BlockMap map = Contents.blockMap(volume, inode);
        long blockSize = volume.blockSize();
        long blocks = (inode.size() + blockSize - 1) / blockSize;
        long block = 0;
        while (block < blocks && runs.size() < MAX_RUNS) {
            BlockMap.Run run = map.map(block, blocks);
            long from = run.logical() * blockSize;
            long to = Math.min(inode.size(), (run.logical() + run.length()) * blockSize);
            if (run.physical() < 0) {
                runs.add(new DataRun(from, to - from, null, "", "hole"));
            } else {
                runs.add(new DataRun(from, to - from, new ByteRange(run.physical() * blockSize, to - from), "",
                        run.unwritten() ? "unwritten extent (reads as zeros)" : "blocks"));
            }
            block = run.logical() + run.length();
        }
        return runs;
    }

    static StoredSize storedSize(Volume volume, Inode inode) {
        long bytes = inode.blocks512(volume.superblock()) * 512;
        return new StoredSize(bytes, inode.hasInlineData() || inode.isFastSymlink(volume.superblock()) ? "inline in the inode" : "");
    }
}

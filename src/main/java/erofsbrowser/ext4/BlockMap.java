package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;

/**
 * How a file's logical blocks map to the image's blocks: an extent tree ({@link ExtentTree}) or
 * an indirect block map ({@link IndirectMap}). Implementations are safe for concurrent use.
 */
sealed interface BlockMap permits ExtentTree, IndirectMap {

    /**
     * The run of blocks that starts at logical block {@code block}: mapped (contiguous on disk),
     * unwritten (allocated but reads as zeros) or a hole, at most up to logical block {@code limit}
     * (exclusive, greater than {@code block}).
     */
    Run map(long block, long limit) throws ImageException;

    /**
     * A run of logical blocks.
     *
     * @param logical   the first logical block
     * @param physical  the first block in the image, or -1 for a hole
     * @param length    how many blocks (at least 1)
     * @param unwritten whether the blocks are allocated but not written (an uninitialised extent): they read as zeros
     */
    record Run(long logical, long physical, long length, boolean unwritten) {
        static Run hole(long logical, long length) {
            return new Run(logical, -1, length, false);
        }

        /** Whether the run's bytes are zeros the image does not store. */
        boolean readsAsZeros() {
            return physical < 0 || unwritten;
        }
    }
}

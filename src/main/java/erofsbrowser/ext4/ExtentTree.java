package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;

/**
 * An inode's extent tree, walked as the kernel's {@code ext4_find_extent} walks it: from the root
 * in {@code i_block} down through index blocks to the leaf that covers a logical block. Each node
 * is checked as it is read (a node that points back up the tree has the wrong depth, so a loop
 * ends at once); a block node whose checksum does not match is a warning. The last leaf read is
 * kept, so that a file read in order reads each leaf once. Safe for concurrent use.
 */
final class ExtentTree implements BlockMap {
    /** Logical block numbers are 32-bit. */
    static final long MAX_BLOCKS = 1L << 32;
    private final Volume volume;
    private final Inode inode;
    private final ExtentNode root;
    /** The leaf last read and the logical blocks it answers for; replaced whole. */
    private volatile Leaf last;

    private record Leaf(ExtentNode node, long first, long end) {
    }

    ExtentTree(Volume volume, Inode inode) throws ImageException {
        this.volume = volume;
        this.inode = inode;
        this.root = ExtentNode.check(inode.raw(), Inode.I_BLOCK, Inode.I_BLOCK_SIZE, inode.offset() + Inode.I_BLOCK,
                -1, -1, volume, inode.number());
    }

    ExtentNode root() {
        return root;
    }

    /** Reads and checks the child node that index entry {@code i} of {@code parent} points at. */
    ExtentNode child(ExtentNode parent, int i) throws ImageException {
        long block = parent.child(i);
        byte[] b = volume.block(block);
        ExtentNode node = ExtentNode.check(b, 0, b.length, volume.superblock().blockOffset(block), parent.depth() - 1,
                parent.block(i), volume, inode.number());
        if (!node.checksumMatches(volume, inode)) {
            volume.warn("The checksum of an extent tree block of inode " + inode.number() + " (block " + block
                    + ") does not match.");
        }
        return node;
    }

    @Override
    public Run map(long block, long limit) throws ImageException {
        if (block >= MAX_BLOCKS) {
            return Run.hole(block, limit - block); // past the last logical block an extent can name
        }
        Leaf leaf = last;
        if (leaf == null || block < leaf.first || block >= leaf.end) {
            leaf = leafFor(block);
            last = leaf;
        }
        ExtentNode node = leaf.node;
        int i = node.find(block);
        if (i >= 0) {
            long start = node.block(i);
            long len = node.length(i);
            if (block < start + len) {
                long n = Math.min(start + len, limit) - block;
                return new Run(block, node.physical(i) + (block - start), n, node.unwritten(i));
            }
        }
        long next = i + 1 < node.entries() ? node.block(i + 1) : leaf.end;
        return Run.hole(block, Math.max(1, Math.min(next, limit) - block));
    }

    /** Descends to the leaf that answers for logical {@code block}: the blocks up to the next index entry. */
    private Leaf leafFor(long block) throws ImageException {
        ExtentNode node = root;
        long first = 0;
        long end = MAX_BLOCKS;
        while (node.depth() > 0) {
            int i = Math.max(0, node.find(block));
            if (i + 1 < node.entries()) {
                end = Math.min(end, node.block(i + 1));
            }
            first = Math.max(first, node.block(i));
            node = child(node, i);
        }
        return new Leaf(node, Math.min(first, block), end);
    }

    /** Receives the nodes and extents of a tree, in logical order. */
    interface Visitor {
        /** A node read (the root first); {@code parentIndex} is the index entry's image offset, or -1 for the root. */
        void node(ExtentNode node, long parentIndex) throws ImageException;
    }

    /** Visits every node, depth first, in logical order. */
    void visit(Visitor visitor) throws ImageException {
        visit(root, -1, visitor);
    }

    private void visit(ExtentNode node, long parentIndex, Visitor visitor) throws ImageException {
        visitor.node(node, parentIndex);
        if (node.depth() > 0) {
            for (int i = 0; i < node.entries(); i++) {
                visit(child(node, i), node.entryOffset(i), visitor);
            }
        }
    }
}

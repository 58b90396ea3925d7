package erofsbrowser.apex;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.ImageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a dm-verity hashtree's levels lie, computed from its descriptor as avbtool's
 * {@code calc_hash_level_offsets} does: level 0 holds one digest per data block, each level above
 * one digest per block of the level below, until a level is one block; each digest padded to a
 * power of two, each level to a whole hash block; the levels stored top level first.
 *
 * @param levels the levels, level 0 (over the data) first
 */
public record HashtreeLayout(long imageSize, int dataBlockSize, int hashBlockSize, String digestName, int digestSize,
                             int digestPaddedSize, long treeOffset, List<Level> levels) {

    /**
     * One level of the tree.
     *
     * @param number 0 for the level over the data blocks, counting up towards the root
     * @param range  where it lies in the payload
     */
    public record Level(int number, ByteRange range) {
    }

    public HashtreeLayout {
        levels = List.copyOf(levels);
    }

    /** The layout the descriptor describes; an ImageException when its sizes or algorithm cannot be a hashtree. */
    public static HashtreeLayout of(AvbDescriptor.Hashtree d) throws ImageException {
        long at = d.offset();
        String digest = switch (d.hashAlgorithm()) {
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new ImageException("hash algorithm \"" + Printable.of(d.hashAlgorithm())
                    + "\" is not one this verifier has (sha1, sha256, sha512)", at + 76);
        };
        int size = switch (digest) {
            case "SHA-1" -> 20;
            case "SHA-256" -> 32;
            default -> 64;
        };
        checkBlockSize(d.dataBlockSize(), "data_block_size", at + 48);
        checkBlockSize(d.hashBlockSize(), "hash_block_size", at + 52);
        if (d.imageSize() < 0 || d.imageSize() % d.dataBlockSize() != 0) {
            throw new ImageException("image_size " + Long.toUnsignedString(d.imageSize()) + " is not a whole number of "
                    + d.dataBlockSize() + "-byte data blocks", at + 20);
        }
        if (d.treeOffset() < 0) {
            throw new ImageException("tree_offset " + Long.toUnsignedString(d.treeOffset()) + " is beyond any payload", at + 28);
        }
        int padded = Integer.highestOneBit(size - 1) << 1;
        List<Long> sizes = new ArrayList<>();
        long levelInput = d.imageSize();
        int block = (int) d.dataBlockSize();
        while (levelInput > block) {
            long blocks = (levelInput + block - 1) / block;
            long bytes = roundUp(blocks * padded, d.hashBlockSize());
            sizes.add(bytes);
            levelInput = bytes;
            block = (int) d.hashBlockSize();
        }
        List<Level> levels = new ArrayList<>();
        long above = 0;
        for (int n = sizes.size() - 1; n >= 0; n--) {
            levels.add(0, new Level(n, new ByteRange(d.treeOffset() + above, sizes.get(n))));
            above += sizes.get(n);
        }
        return new HashtreeLayout(d.imageSize(), (int) d.dataBlockSize(), (int) d.hashBlockSize(), digest, size, padded,
                d.treeOffset(), levels);
    }

    private static void checkBlockSize(long size, String name, long at) throws ImageException {
        if (size < 512 || size > (1 << 20) || Long.bitCount(size) != 1) {
            throw new ImageException(name + " " + size + " is not a power of two from 512 bytes to 1 MiB", at);
        }
    }

    private static long roundUp(long v, long multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }

    /** The bytes the levels take together: what the descriptor's tree_size must say for a stored tree. */
    public long treeSize() {
        return levels.stream().mapToLong(l -> l.range().length()).sum();
    }

    public long dataBlocks() {
        return imageSize / dataBlockSize;
    }

    /**
     * The dm-verity table apexd sets up for this tree ({@code CreateVerityTable}), with
     * {@code <loop>} for the loop device: {@code verity <version> <data dev> <hash dev>
     * <data block size> <hash block size> <data blocks> <hash start block> <algorithm> <root> <salt>},
     * then the optional argument {@code ignore_zero_blocks}.
     */
    public static String dmVerityTable(AvbDescriptor.Hashtree d) {
        long hashStart = d.hashBlockSize() > 0 ? d.treeOffset() / d.hashBlockSize() : 0;
        long blocks = d.dataBlockSize() > 0 ? d.imageSize() / d.dataBlockSize() : 0;
        return "verity " + d.dmVerityVersion() + " <loop> <loop> " + d.dataBlockSize() + " " + d.hashBlockSize() + " "
                + blocks + " " + hashStart + " " + d.hashAlgorithm() + " " + d.rootDigestHex() + " "
                + java.util.HexFormat.of().formatHex(d.salt()) + " 1 ignore_zero_blocks";
    }
}

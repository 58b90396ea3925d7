package erofsbrowser.ext4;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.util.ArrayList;
import java.util.List;

/**
 * What every part of the reader shares: the image's bytes, its superblock and group descriptors,
 * inode lookup, and the warnings found while reading (checksum mismatches are found as the
 * structures are read, not when the image opens). Thread-safe.
 */
final class Volume {
    /** Warnings kept beyond those of the superblock and descriptors; a damaged image may have thousands. */
    private static final int MAX_WARNINGS = 50;

    private final ImageSource source;
    private final Superblock sb;
    private final GroupDescriptors groups;
    private final ReadBuffers readBuffers = new ReadBuffers();
    /** Guarded by itself. */
    private final List<String> found = new ArrayList<>();
    private int more;

    Volume(ImageSource source, Superblock sb, GroupDescriptors groups) {
        this.source = source;
        this.sb = sb;
        this.groups = groups;
    }

    ImageSource source() {
        return source;
    }

    Superblock superblock() {
        return sb;
    }

    GroupDescriptors groups() {
        return groups;
    }

    /** Scratch arrays shared by the whole-file reads of this image. */
    ReadBuffers readBuffers() {
        return readBuffers;
    }

    int blockSize() {
        return sb.blockSize();
    }

    /** Where inode {@code number}'s slot lies, as the kernel's {@code __ext4_get_inode_loc} finds it. */
    long inodeOffset(long number) throws ImageException {
        if (number < 1 || number > sb.inodesCount()) {
            throw new ImageException("inode number " + number + " is out of range (1 to " + sb.inodesCount() + ")",
                    Superblock.OFFSET).atInode("inode", number);
        }
        long group = (number - 1) / sb.inodesPerGroup();
        long index = (number - 1) % sb.inodesPerGroup();
        String fault = groups.fault((int) group);
        if (fault != null) {
            throw new ImageException("inode " + number + " lies in block group " + group + ", whose descriptor is "
                    + "damaged: " + fault, groups.descriptorOffset((int) group) + 8).atInode("inode", number);
        }
        return sb.blockOffset(groups.inodeTable((int) group)) + index * sb.inodeSize();
    }

    /** Reads and decodes inode {@code number}; a checksum mismatch becomes a warning. */
    Inode inode(long number) throws ImageException {
        long at = inodeOffset(number);
        byte[] raw = new byte[sb.inodeSize()];
        source.readFully(at, raw, 0, raw.length);
        Inode inode = Inode.decode(number, at, raw, sb);
        if (!inode.checksumMatches(sb)) {
            warn(String.format("The checksum of inode %d does not match (stored 0x%08x, computed 0x%08x).", number,
                    inode.storedChecksum(), inode.computedChecksum(sb)));
        }
        return inode;
    }

    /** Whether {@code count} blocks from {@code start} lie inside the filesystem, past its first data block (ext4_inode_block_valid). */
    boolean validBlocks(long start, long count) {
        return start > sb.firstDataBlock() && count >= 0 && start + count >= start && start + count <= sb.blocksCount();
    }

    /** Reads block {@code block} whole. */
    byte[] block(long block) throws ImageException {
        byte[] b = new byte[sb.blockSize()];
        source.readFully(sb.blockOffset(block), b, 0, b.length);
        return b;
    }

    void warn(String warning) {
        synchronized (found) {
            if (found.contains(warning)) {
                return;
            }
            if (found.size() < MAX_WARNINGS) {
                found.add(warning);
            } else {
                more++;
            }
        }
    }

    /** Every warning: the superblock's, the descriptors', then those found while reading. */
    List<String> warnings() {
        List<String> all = new ArrayList<>(sb.warnings());
        all.addAll(groups.warnings());
        synchronized (found) {
            all.addAll(found);
            if (more > 0) {
                all.add(more + " more problems of the same kinds were found.");
            }
        }
        return all;
    }
}

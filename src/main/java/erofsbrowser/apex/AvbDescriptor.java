package erofsbrowser.apex;

import java.util.HexFormat;

/**
 * One descriptor of a vbmeta image's auxiliary block (libavb's {@code avb_*_descriptor.h}), by its
 * tag. {@code offset} is where the descriptor starts in the payload.
 */
public sealed interface AvbDescriptor {
    long TAG_PROPERTY = 0;
    long TAG_HASHTREE = 1;
    long TAG_HASH = 2;
    long TAG_KERNEL_CMDLINE = 3;
    long TAG_CHAIN_PARTITION = 4;

    long offset();

    long tag();

    /** {@code AvbPropertyDescriptor}: a key and a value ({@code apex.key} names an APEX's key). */
    record Property(long offset, String key, String value) implements AvbDescriptor {
        @Override
        public long tag() {
            return TAG_PROPERTY;
        }
    }

    /** {@code AvbHashtreeDescriptor}: the dm-verity hashtree over the filesystem. */
    record Hashtree(long offset, long dmVerityVersion, long imageSize, long treeOffset, long treeSize,
                    long dataBlockSize, long hashBlockSize, long fecNumRoots, long fecOffset, long fecSize,
                    String hashAlgorithm, String partitionName, byte[] salt, byte[] rootDigest, long flags)
            implements AvbDescriptor {
        public Hashtree {
            salt = salt.clone();
            rootDigest = rootDigest.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public byte[] rootDigest() {
            return rootDigest.clone();
        }

        public String rootDigestHex() {
            return HexFormat.of().formatHex(rootDigest);
        }

        @Override
        public long tag() {
            return TAG_HASHTREE;
        }
    }

    /** {@code AvbHashDescriptor}: one digest over a whole image (boot images; not APEX). */
    record Hash(long offset, long imageSize, String hashAlgorithm, String partitionName, byte[] salt, byte[] digest,
                long flags) implements AvbDescriptor {
        public Hash {
            salt = salt.clone();
            digest = digest.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }

        @Override
        public long tag() {
            return TAG_HASH;
        }
    }

    /** {@code AvbKernelCmdlineDescriptor}: a kernel command line fragment. */
    record KernelCmdline(long offset, long flags, String kernelCmdline) implements AvbDescriptor {
        @Override
        public long tag() {
            return TAG_KERNEL_CMDLINE;
        }
    }

    /** {@code AvbChainPartitionDescriptor}: a partition verified with a key of its own. */
    record ChainPartition(long offset, long rollbackIndexLocation, String partitionName, byte[] publicKey, long flags)
            implements AvbDescriptor {
        public ChainPartition {
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public long tag() {
            return TAG_CHAIN_PARTITION;
        }
    }

    /** A descriptor whose tag libavb does not know, or whose body is too short for its tag. */
    record Unknown(long offset, long tag, long length) implements AvbDescriptor {
    }
}

package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.BadBlock;
import erofsbrowser.apex.CheckResult.Check;
import erofsbrowser.apex.CheckResult.Outcome;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Checks a payload's dm-verity hashtree the way the kernel reads it, every block at once: each
 * data block's salted digest against its entry in level 0, each block of a level against its
 * entry in the level above, the top block against the descriptor's root digest. Level 0, which
 * is nearly all the work, is hashed on several threads ({@link ParallelHasher}). A bad data block
 * is named with what owns it. An APEX without a stored tree gets its root recomputed from the
 * data and compared.
 */
final class HashtreeVerifier {
    /** Bad blocks listed one by one; more are counted. */
    static final int MAX_LISTED = 1000;
    /** A tree recomputed in memory (no stored tree) may take this much at most. */
    static final long MAX_IN_MEMORY_LEVEL = 256L << 20;

    private final ImageSource payload;
    private final AvbDescriptor.Hashtree descriptor;
    private final BlockOwners owners;
    private final int threads;
    private final ParallelHasher.Counter counter;
    private final BooleanSupplier cancelled;
    private final List<String> details = new ArrayList<>();

    HashtreeVerifier(ImageSource payload, AvbDescriptor.Hashtree descriptor, BlockOwners owners, int threads,
                     ParallelHasher.Counter counter, BooleanSupplier cancelled) {
        this.payload = payload;
        this.descriptor = descriptor;
        this.owners = owners;
        this.threads = threads;
        this.counter = counter;
        this.cancelled = cancelled;
    }

    CheckResult verify() {
        HashtreeLayout layout;
        try {
            layout = HashtreeLayout.of(descriptor);
            if (layout.imageSize() > payload.length()) {
                throw new ImageException("image_size " + layout.imageSize() + " runs past the payload's "
                        + payload.length() + " bytes", descriptor.offset() + 20);
            }
            details.add(layout.dataBlocks() + " data blocks of " + layout.dataBlockSize() + " bytes, "
                    + descriptor.hashAlgorithm() + ", salt " + HexFormat.of().formatHex(descriptor.salt()));
            if (descriptor.fecSize() > 0) {
                details.add("FEC (" + descriptor.fecSize() + " bytes, " + descriptor.fecNumRoots()
                        + " roots) is not checked: APEXes are built without it");
            }
            if (descriptor.treeSize() == 0) {
                return withoutStoredTree(layout);
            }
            return againstStoredTree(layout);
        } catch (ImageException e) {
            return fail(e.getMessage(), List.of(), 0);
        }
    }

    private CheckResult againstStoredTree(HashtreeLayout layout) throws ImageException {
        long treeEnd = layout.treeOffset() + layout.treeSize();
        if (descriptor.treeSize() != layout.treeSize()) {
            throw new ImageException("tree_size is " + descriptor.treeSize() + " bytes; a tree over " + layout.imageSize()
                    + " bytes takes " + layout.treeSize(), descriptor.offset() + 36);
        }
        if (layout.treeOffset() < layout.imageSize() || treeEnd > payload.length() || treeEnd < 0) {
            throw new ImageException("the tree (" + layout.treeSize() + " bytes at payload byte " + layout.treeOffset()
                    + ") does not lie after the data and inside the payload", descriptor.offset() + 28);
        }
        List<BadBlock> bad = new ArrayList<>();
        long badCount = 0;
        if (layout.levels().isEmpty()) {
            return rootOnly(layout, List.of());
        }
        HashtreeLayout.Level level0 = layout.levels().get(0);
        ParallelHasher.Mismatches data = hasher(layout, payload::readFully).compare(0, layout.imageSize(),
                layout.dataBlockSize(), payload::readFully, level0.range().offset());
        badCount += data.count();
        for (long block : data.blocks()) {
            long at = block * layout.dataBlockSize();
            bad.add(new BadBlock(0, block, at, layout.dataBlockSize(), owners.describe(at, layout.dataBlockSize())));
        }
        details.add(levelLine("data blocks against level 0", layout.dataBlocks(), data.count()));
        for (int k = 1; k < layout.levels().size(); k++) {
            HashtreeLayout.Level below = layout.levels().get(k - 1);
            HashtreeLayout.Level above = layout.levels().get(k);
            ParallelHasher.Mismatches m = hasher(layout, payload::readFully).compare(below.range().offset(),
                    below.range().length(), layout.hashBlockSize(), payload::readFully, above.range().offset());
            badCount += m.count();
            for (long block : m.blocks()) {
                if (bad.size() < MAX_LISTED) {
                    long at = below.range().offset() + block * layout.hashBlockSize();
                    bad.add(new BadBlock(k, block, at, layout.hashBlockSize(), "hashtree level " + (k - 1) + " block " + block));
                }
            }
            details.add(levelLine("level " + (k - 1) + " blocks against level " + k,
                    below.range().length() / layout.hashBlockSize(), m.count()));
        }
        HashtreeLayout.Level top = layout.levels().get(layout.levels().size() - 1);
        byte[] root = digest(layout, payload.read(top.range().offset(), (int) top.range().length()));
        counter.add(top.range().length());
        return finish(root, "the top level block", bad, badCount);
    }

    private CheckResult withoutStoredTree(HashtreeLayout layout) throws ImageException {
        details.add("no stored tree (tree_size 0): the root digest is recomputed from the data");
        return rootOnly(layout, List.of());
    }

    /** Computes every level in memory from the data, and compares only the root. */
    private CheckResult rootOnly(HashtreeLayout layout, List<BadBlock> bad) throws ImageException {
        if (layout.levels().isEmpty()) {
            byte[] block = payload.read(0, (int) Math.min(layout.imageSize(), layout.dataBlockSize()));
            counter.add(block.length);
            return finish(digest(layout, Arrays.copyOf(block, layout.dataBlockSize())), "the only data block", bad, 0);
        }
        if (layout.levels().get(0).range().length() > MAX_IN_MEMORY_LEVEL) {
            throw new ImageException("a tree over " + layout.imageSize() + " bytes is too large to recompute in memory",
                    descriptor.offset() + 20);
        }
        byte[] level = hasher(layout, payload::readFully).digests(0, layout.imageSize(), layout.dataBlockSize(),
                (int) layout.levels().get(0).range().length());
        for (int k = 1; k < layout.levels().size(); k++) {
            byte[] below = level;
            level = hasher(layout, (at, dst, off, len) -> System.arraycopy(below, (int) at, dst, off, len))
                    .digests(0, below.length, layout.hashBlockSize(), (int) layout.levels().get(k).range().length());
        }
        counter.add(level.length);
        return finish(digest(layout, level), "the top level block (recomputed)", bad, 0);
    }

    private ParallelHasher hasher(HashtreeLayout layout, ParallelHasher.Bytes source) {
        return new ParallelHasher(source, layout.digestName(), layout.digestSize(), layout.digestPaddedSize(),
                descriptor.salt(), threads, MAX_LISTED, counter, cancelled);
    }

    private CheckResult finish(byte[] root, String what, List<BadBlock> bad, long badCount) {
        byte[] expected = descriptor.rootDigest();
        boolean rootMatches = Arrays.equals(root, expected);
        details.add("root digest of " + what + ": " + HexFormat.of().formatHex(root)
                + (rootMatches ? " = " : " != ") + "root_digest " + HexFormat.of().formatHex(expected));
        if (rootMatches && badCount == 0) {
            return new CheckResult(Check.HASHTREE, Outcome.PASSED, "every block matches, and the root digest",
                    details, List.of());
        }
        String summary;
        if (!bad.isEmpty() && bad.get(0).level() == 0) {
            BadBlock b = bad.get(0);
            summary = badCount + (badCount == 1 ? " block fails" : " blocks fail") + "; the first: data block " + b.index()
                    + " (payload bytes " + b.offset() + ".." + (b.offset() + b.length()) + "): " + b.owner();
        } else if (badCount > 0) {
            summary = badCount + " hashtree blocks fail";
        } else {
            summary = "the root digest does not match";
        }
        return fail(summary, bad, badCount);
    }

    private CheckResult fail(String summary, List<BadBlock> bad, long badCount) {
        if (badCount > bad.size()) {
            details.add((badCount - bad.size()) + " more bad blocks are not listed");
        }
        return new CheckResult(Check.HASHTREE, Outcome.FAILED, summary, details, bad);
    }

    private byte[] digest(HashtreeLayout layout, byte[] block) {
        try {
            MessageDigest md = MessageDigest.getInstance(layout.digestName());
            md.update(descriptor.salt());
            md.update(block);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + layout.digestName(), e);
        }
    }

    private static String levelLine(String what, long blocks, long bad) {
        return what + ": " + blocks + " blocks, " + (bad == 0 ? "all match" : bad + " do not match");
    }
}

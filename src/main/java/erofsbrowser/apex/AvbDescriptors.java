package erofsbrowser.apex;

import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the descriptors of a vbmeta image's auxiliary block as libavb's
 * {@code avb_descriptor_foreach} walks them: each {@code 16 + num_bytes_following} bytes, a
 * multiple of 8, inside the descriptors area. A descriptor that overruns the area stops the walk,
 * as in libavb; one whose body is too short for its tag, or whose lengths overrun it, is kept as
 * {@link AvbDescriptor.Unknown}. {@link AvbDescriptorFields} dissects the same bytes.
 */
final class AvbDescriptors {
    /** The descriptors, and what stopped or bothered the walk. */
    record Decoded(List<AvbDescriptor> descriptors, List<Problem> problems) {
    }

    private AvbDescriptors() {
    }

    /** The descriptors in {@code b[start, start+length)}, which lie at payload {@code offset}. */
    static Decoded decode(byte[] b, int start, int length, long offset) {
        List<AvbDescriptor> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int end = start + length;
        int at = start;
        while (at < end) {
            if (end - at < 16) {
                problems.add(tooShort(end - at));
                break;
            }
            long tag = u64(b, at);
            long following = u64(b, at + 8);
            long here = offset + (at - start);
            if (following < 0 || following > end - at - 16 || (following & 7) != 0) {
                problems.add(overrun(here, tag, following, end - at - 16));
                break;
            }
            out.add(body(b, at + 16, (int) following, tag, here, problems));
            at += 16 + (int) following;
        }
        return new Decoded(out, problems);
    }

    private static AvbDescriptor body(byte[] b, int at, int following, long tag, long offset, List<Problem> problems) {
        int fixed = fixedSize(tag);
        AvbDescriptor.Unknown unknown = new AvbDescriptor.Unknown(offset, tag, 16L + following);
        if (fixed < 0) {
            return unknown;
        }
        if (fixed > following) {
            problems.add(fixedPartTooLong(tag, offset, fixed, following));
            return unknown;
        }
        int rest = at + fixed;
        long room = following - fixed;
        if (tag == AvbDescriptor.TAG_PROPERTY) {
            long key = u64(b, at);
            long value = u64(b, at + 8);
            if (!fits(room, key + 1, value + 1)) {
                problems.add(lengthsOverrun(tag, offset));
                return unknown;
            }
            return new AvbDescriptor.Property(offset, text(b, rest, key), text(b, rest + (int) key + 1, value));
        }
        if (tag == AvbDescriptor.TAG_HASHTREE) {
            long name = u32(b, at + 88);
            long salt = u32(b, at + 92);
            long root = u32(b, at + 96);
            if (!fits(room, name, salt, root)) {
                problems.add(lengthsOverrun(tag, offset));
                return unknown;
            }
            int s = rest + (int) name;
            int r = s + (int) salt;
            return new AvbDescriptor.Hashtree(offset, u32(b, at), u64(b, at + 4), u64(b, at + 12), u64(b, at + 20),
                    u32(b, at + 28), u32(b, at + 32), u32(b, at + 36), u64(b, at + 40), u64(b, at + 48),
                    cString(b, at + 56, 32), text(b, rest, name), Arrays.copyOfRange(b, s, r),
                    Arrays.copyOfRange(b, r, r + (int) root), u32(b, at + 100));
        }
        if (tag == AvbDescriptor.TAG_HASH) {
            long name = u32(b, at + 40);
            long salt = u32(b, at + 44);
            long digest = u32(b, at + 48);
            if (!fits(room, name, salt, digest)) {
                problems.add(lengthsOverrun(tag, offset));
                return unknown;
            }
            int s = rest + (int) name;
            int d = s + (int) salt;
            return new AvbDescriptor.Hash(offset, u64(b, at), cString(b, at + 8, 32), text(b, rest, name),
                    Arrays.copyOfRange(b, s, d), Arrays.copyOfRange(b, d, d + (int) digest), u32(b, at + 52));
        }
        if (tag == AvbDescriptor.TAG_KERNEL_CMDLINE) {
            long length = u32(b, at + 4);
            if (!fits(room, length)) {
                problems.add(lengthsOverrun(tag, offset));
                return unknown;
            }
            return new AvbDescriptor.KernelCmdline(offset, u32(b, at), text(b, rest, length));
        }
        long name = u32(b, at + 4);
        long key = u32(b, at + 8);
        if (!fits(room, name, key)) {
            problems.add(lengthsOverrun(tag, offset));
            return unknown;
        }
        int k = rest + (int) name;
        return new AvbDescriptor.ChainPartition(offset, u32(b, at), text(b, rest, name),
                Arrays.copyOfRange(b, k, k + (int) key), u32(b, at + 12));
    }

    /** Whether {@code sizes} fit in {@code room} bytes, added without overflow (libavb's safe adds). */
    static boolean fits(long room, long... sizes) {
        long total = 0;
        for (long s : sizes) {
            if (s < 0 || s > room || (total += s) > room) {
                return false;
            }
        }
        return true;
    }

    /** Bytes after the common header that each tag's struct takes, or -1 for an unknown tag. */
    static int fixedSize(long tag) {
        if (tag == AvbDescriptor.TAG_PROPERTY) {
            return 16;
        } else if (tag == AvbDescriptor.TAG_HASHTREE) {
            return 164;
        } else if (tag == AvbDescriptor.TAG_HASH) {
            return 116;
        } else if (tag == AvbDescriptor.TAG_KERNEL_CMDLINE) {
            return 8;
        } else if (tag == AvbDescriptor.TAG_CHAIN_PARTITION) {
            return 76;
        }
        return -1;
    }

    static String structureName(long tag) {
        if (tag < 0 || tag > 4) {
            return "AvbDescriptor";
        }
        return new String[] {"AvbPropertyDescriptor", "AvbHashtreeDescriptor", "AvbHashDescriptor",
                "AvbKernelCmdlineDescriptor", "AvbChainPartitionDescriptor"}[(int) tag];
    }

    static Problem tooShort(int left) {
        return Problem.error("Invalid descriptor length: " + left
                + " bytes at the end of the descriptors area, too few for a descriptor header");
    }

    static Problem overrun(long offset, long tag, long following, long left) {
        return Problem.error("descriptor at payload byte " + offset + " (tag " + Long.toUnsignedString(tag) + ") says "
                + Long.toUnsignedString(following) + " bytes follow its header: "
                + ((following & 7) != 0 ? "not a multiple of 8" : "more than the " + left + " left in the descriptors area"));
    }

    static Problem fixedPartTooLong(long tag, long offset, int fixed, long following) {
        return Problem.error(structureName(tag) + " at payload byte " + offset + ": its fixed part needs " + fixed
                + " bytes after the header, num_bytes_following says " + following
                + " (libavb: \"Descriptor payload size overflow\")");
    }

    static Problem lengthsOverrun(long tag, long offset) {
        return Problem.error(structureName(tag) + " at payload byte " + offset + ": its names and digests overrun "
                + "the descriptor (libavb: \"Descriptor payload size overflow\")");
    }

    static long u64(byte[] b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static String text(byte[] b, int at, long length) {
        return new String(b, at, (int) length, StandardCharsets.UTF_8);
    }

    /** A NUL-padded string field. */
    static String cString(byte[] b, int at, int width) {
        int n = 0;
        while (n < width && b[at + n] != 0) {
            n++;
        }
        return new String(b, at, n, StandardCharsets.UTF_8);
    }
}

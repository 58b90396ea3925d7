package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The dissector of the descriptors of a vbmeta image's auxiliary block: each descriptor field by
 * field with the names of libavb's {@code avb_*_descriptor.h}, walked as {@link AvbDescriptors}
 * decodes them, each fault marked where it lies.
 */
final class AvbDescriptorFields {
    private AvbDescriptorFields() {
    }

    /** The field tree of the descriptors in {@code b[start, start+length)}, which lie at payload {@code offset}. */
    static Field dissect(byte[] b, int start, int length, long offset) {
        FieldBuilder area = FieldBuilder.bigEndian("descriptors", offset, b, start, length);
        List<AvbDescriptor> found = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        while (area.remaining() > 0) {
            if (area.remaining() < 16) {
                Problem p = AvbDescriptors.tooShort(area.remaining());
                problems.add(p);
                area.bytes("descriptor bytes", area.remaining(), "too short for a descriptor");
                area.problemOnLast(p);
                break;
            }
            long tag = area.peek(8);
            int at = start + length - area.remaining();
            long following = AvbDescriptors.u64(b, at + 8);
            if (following < 0 || following > area.remaining() - 16 || (following & 7) != 0) {
                Problem p = AvbDescriptors.overrun(area.position(), tag, following, area.remaining() - 16);
                problems.add(p);
                area.bytes("descriptor bytes", area.remaining(), "not read: libavb stops here");
                area.problemOnLast(p);
                break;
            }
            FieldBuilder d = area.sub(AvbDescriptors.structureName(tag), 16 + (int) following);
            FieldBuilder parent = d.sub("parent_descriptor", 16).meaning("AvbDescriptor");
            parent.u64("tag", AvbDescriptorFields::tagName);
            parent.u64("num_bytes_following", v -> v + " bytes");
            d.nested(parent.build());
            AvbDescriptor descriptor = body(d, tag, area.position(), (int) following, problems);
            found.add(descriptor);
            if (d.remaining() > 0) {
                d.bytes("padding", d.remaining(), "to a multiple of 8 bytes");
            }
            d.meaning(meaningOf(descriptor));
            area.nested(d.build());
        }
        area.meaning(found.size() + (found.size() == 1 ? " descriptor" : " descriptors"));
        return area.build();
    }

    private static AvbDescriptor body(FieldBuilder d, long tag, long offset, int following, List<Problem> problems) {
        int fixed = AvbDescriptors.fixedSize(tag);
        if (fixed < 0 || fixed > following) {
            if (fixed >= 0) {
                Problem p = AvbDescriptors.fixedPartTooLong(tag, offset, fixed, following);
                problems.add(p);
                d.problem(p);
            }
            if (following > 0) {
                d.bytes("body", following, fixed < 0 ? "a descriptor tag libavb does not know" : "too short for its tag");
            }
            return new AvbDescriptor.Unknown(offset, tag, 16L + following);
        }
        if (tag == AvbDescriptor.TAG_PROPERTY) {
            long key = d.u64("key_num_bytes", v -> v + " bytes");
            long value = d.u64("value_num_bytes", v -> v + " bytes");
            if (!fits(d, key + 1, value + 1)) {
                return overflow(d, offset, tag, following, problems);
            }
            String k = text(d.bytes("key", (int) key, AvbDescriptorFields::quoted));
            d.bytes("key NUL", 1, "");
            String v = text(d.bytes("value", (int) value, AvbDescriptorFields::quoted));
            d.bytes("value NUL", 1, "");
            return new AvbDescriptor.Property(offset, k, v);
        }
        if (tag == AvbDescriptor.TAG_HASHTREE) {
            long version = d.u32("dm_verity_version", v -> "dm-verity version " + v);
            long imageSize = d.u64("image_size", v -> Long.toUnsignedString(v) + " bytes of data");
            long treeOffset = d.u64("tree_offset", v -> "tree at payload byte " + Long.toUnsignedString(v));
            long treeSize = d.u64("tree_size", v -> Long.toUnsignedString(v) + " bytes" + (v == 0 ? " (no stored tree)" : ""));
            long dataBlock = d.u32("data_block_size", v -> v + " bytes");
            long hashBlock = d.u32("hash_block_size", v -> v + " bytes");
            long roots = d.u32("fec_num_roots", v -> v == 0 ? "no FEC" : v + " roots");
            long fecOffset = d.u64("fec_offset", Long::toUnsignedString);
            long fecSize = d.u64("fec_size", v -> Long.toUnsignedString(v) + " bytes");
            String algorithm = cString(d.bytes("hash_algorithm", 32, s -> quoted(cString(s).getBytes(StandardCharsets.UTF_8))));
            long name = d.u32("partition_name_len", v -> v + " bytes");
            long salt = d.u32("salt_len", v -> v + " bytes");
            long root = d.u32("root_digest_len", v -> v + " bytes" + (v == 0 ? " (persistent digest)" : ""));
            long flags = d.flags("flags", 4, v -> v == 0 ? "none" : String.format("0x%x", v), List.of(
                    BitField.flag("AVB_HASHTREE_DESCRIPTOR_FLAGS_DO_NOT_USE_AB", 0, "not an A/B partition"),
                    BitField.flag("AVB_HASHTREE_DESCRIPTOR_FLAGS_CHECK_AT_MOST_ONCE", 1, "check each block at most once")));
            d.bytes("reserved", 60, "must be zero");
            if (!fits(d, name, salt, root)) {
                return overflow(d, offset, tag, following, problems);
            }
            String partition = text(d.bytes("partition_name", (int) name, AvbDescriptorFields::quoted));
            byte[] saltBytes = d.bytes("salt", (int) salt, s -> HexFormat.of().formatHex(s));
            byte[] rootBytes = d.bytes("root_digest", (int) root, s -> HexFormat.of().formatHex(s));
            return new AvbDescriptor.Hashtree(offset, version, imageSize, treeOffset, treeSize, dataBlock, hashBlock, roots,
                    fecOffset, fecSize, algorithm, partition, saltBytes, rootBytes, flags);
        }
        if (tag == AvbDescriptor.TAG_HASH) {
            long imageSize = d.u64("image_size", v -> Long.toUnsignedString(v) + " bytes");
            String algorithm = cString(d.bytes("hash_algorithm", 32, s -> quoted(cString(s).getBytes(StandardCharsets.UTF_8))));
            long name = d.u32("partition_name_len", v -> v + " bytes");
            long salt = d.u32("salt_len", v -> v + " bytes");
            long digest = d.u32("digest_len", v -> v + " bytes");
            long flags = d.flags("flags", 4, v -> v == 0 ? "none" : String.format("0x%x", v), List.of(
                    BitField.flag("AVB_HASH_DESCRIPTOR_FLAGS_DO_NOT_USE_AB", 0, "not an A/B partition")));
            d.bytes("reserved", 60, "must be zero");
            if (!fits(d, name, salt, digest)) {
                return overflow(d, offset, tag, following, problems);
            }
            String partition = text(d.bytes("partition_name", (int) name, AvbDescriptorFields::quoted));
            byte[] saltBytes = d.bytes("salt", (int) salt, s -> HexFormat.of().formatHex(s));
            byte[] digestBytes = d.bytes("digest", (int) digest, s -> HexFormat.of().formatHex(s));
            return new AvbDescriptor.Hash(offset, imageSize, algorithm, partition, saltBytes, digestBytes, flags);
        }
        if (tag == AvbDescriptor.TAG_KERNEL_CMDLINE) {
            long flags = d.flags("flags", 4, v -> v == 0 ? "none" : String.format("0x%x", v), List.of(
                    BitField.flag("AVB_KERNEL_CMDLINE_FLAGS_USE_ONLY_IF_HASHTREE_NOT_DISABLED", 0, "only with dm-verity on"),
                    BitField.flag("AVB_KERNEL_CMDLINE_FLAGS_USE_ONLY_IF_HASHTREE_DISABLED", 1, "only with dm-verity off")));
            long length = d.u32("kernel_cmdline_length", v -> v + " bytes");
            if (!fits(d, length)) {
                return overflow(d, offset, tag, following, problems);
            }
            return new AvbDescriptor.KernelCmdline(offset, flags, text(d.bytes("kernel_cmdline", (int) length, AvbDescriptorFields::quoted)));
        }
        long location = d.u32("rollback_index_location");
        long name = d.u32("partition_name_len", v -> v + " bytes");
        long key = d.u32("public_key_len", v -> v + " bytes");
        long flags = d.flags("flags", 4, v -> v == 0 ? "none" : String.format("0x%x", v), List.of(
                BitField.flag("AVB_CHAIN_PARTITION_DESCRIPTOR_FLAGS_DO_NOT_USE_AB", 0, "not an A/B partition")));
        d.bytes("reserved", 60, "must be zero");
        if (!fits(d, name, key)) {
            return overflow(d, offset, tag, following, problems);
        }
        String partition = text(d.bytes("partition_name", (int) name, AvbDescriptorFields::quoted));
        byte[] publicKey = d.bytes("public_key", (int) key, k -> k.length + " bytes");
        return new AvbDescriptor.ChainPartition(offset, location, partition, publicKey, flags);
    }

    /** Whether the variable parts {@code sizes} fit what is left of the descriptor (no overflow, as libavb's safe adds). */
    private static boolean fits(FieldBuilder d, long... sizes) {
        long total = 0;
        for (long s : sizes) {
            if (s < 0 || s > d.remaining() || (total += s) > d.remaining()) {
                return false;
            }
        }
        return true;
    }

    private static AvbDescriptor overflow(FieldBuilder d, long offset, long tag, int following, List<Problem> problems) {
        Problem p = AvbDescriptors.lengthsOverrun(tag, offset);
        problems.add(p);
        d.problem(p);
        if (d.remaining() > 0) {
            d.bytes("rest", d.remaining(), "not read: the lengths above overrun the descriptor");
        }
        return new AvbDescriptor.Unknown(offset, tag, 16L + following);
    }

    private static String tagName(long tag) {
        return tag >= 0 && tag <= 4 ? new String[] {"AVB_DESCRIPTOR_TAG_PROPERTY", "AVB_DESCRIPTOR_TAG_HASHTREE",
                "AVB_DESCRIPTOR_TAG_HASH", "AVB_DESCRIPTOR_TAG_KERNEL_CMDLINE",
                "AVB_DESCRIPTOR_TAG_CHAIN_PARTITION"}[(int) tag] : "unknown tag " + Long.toUnsignedString(tag);
    }

    private static String meaningOf(AvbDescriptor d) {
        if (d instanceof AvbDescriptor.Property p) {
            return Printable.of(p.key()) + " = " + Printable.of(p.value());
        } else if (d instanceof AvbDescriptor.Hashtree h) {
            return h.hashAlgorithm() + " hashtree over " + h.imageSize() + " bytes, root " + h.rootDigestHex();
        } else if (d instanceof AvbDescriptor.Hash h) {
            return h.hashAlgorithm() + " digest of " + h.partitionName();
        } else if (d instanceof AvbDescriptor.KernelCmdline k) {
            return Printable.of(k.kernelCmdline());
        } else if (d instanceof AvbDescriptor.ChainPartition c) {
            return "partition " + Printable.of(c.partitionName());
        }
        return "tag " + Long.toUnsignedString(d.tag()) + ", not read";
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static String quoted(byte[] b) {
        return "\"" + Printable.of(b) + "\"";
    }
}

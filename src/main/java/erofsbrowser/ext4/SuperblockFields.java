package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * The dissector of {@code struct ext4_super_block} (1024 bytes at byte 1024): every field by its
 * name in the kernel's {@code fs/ext4/ext4.h}, with what it means and what is wrong with it.
 */
final class SuperblockFields {
    private SuperblockFields() {
    }

    static Field dissect(Superblock sb) {
        byte[] b = sb.raw();
        FieldBuilder f = FieldBuilder.littleEndian("ext4_super_block", Superblock.OFFSET, b, 0, Superblock.SIZE);
        f.meaning(sb.blockSize() + "-byte blocks, " + sb.groupCount() + " block groups, UUID " + sb.uuid());
        int bits = sb.blockBits();
        f.u32("s_inodes_count", v -> v + " inodes");
        f.u32("s_blocks_count_lo", v -> "blocks (low 32 bits): " + sb.blocksCount() + " blocks in all");
        f.u32("s_r_blocks_count_lo", v -> "blocks reserved for the superuser (low 32 bits)");
        f.u32("s_free_blocks_count_lo", v -> "free blocks (low 32 bits)");
        f.u32("s_free_inodes_count", v -> v + " free inodes");
        f.u32("s_first_data_block", v -> "the first block of group 0");
        f.u32("s_log_block_size", v -> v <= 6 ? "blocks of " + (1024 << v) + " bytes" : "invalid");
        f.u32("s_log_cluster_size", v -> v <= 30 ? "clusters of " + (1024L << v) + " bytes" : "invalid");
        f.u32("s_blocks_per_group", v -> v + " blocks per group");
        f.u32("s_clusters_per_group", v -> v + " clusters per group");
        f.u32("s_inodes_per_group", v -> v + " inodes per group");
        time(f, "s_mtime", b[0x275]);
        time(f, "s_wtime", b[0x274]);
        f.u16("s_mnt_count", v -> "mounted " + v + " times since the last check");
        f.u16("s_max_mnt_count", v -> v == 0xFFFF ? "no check by mount count" : "check after " + v + " mounts");
        if (f.u16("s_magic", v -> v == Superblock.MAGIC ? "EXT4_SUPER_MAGIC" : "not ext2/3/4") != Superblock.MAGIC) {
            f.problemOnLast(Problem.error("the magic must be 0xef53"));
        }
        f.flags("s_state", 2, SuperblockFields::state, List.of(
                BitField.flag("EXT4_VALID_FS", 0, "cleanly unmounted"),
                BitField.flag("EXT4_ERROR_FS", 1, "errors detected"),
                BitField.flag("EXT4_ORPHAN_FS", 2, "orphans being recovered")));
        if ((sb.state() & Superblock.STATE_ERROR) != 0) {
            f.problemOnLast(Problem.warning("the filesystem was marked as having errors"));
        }
        f.u16("s_errors", v -> switch ((int) v) {
            case 1 -> "continue on errors";
            case 2 -> "remount read-only on errors";
            case 3 -> "panic on errors";
            default -> "unknown";
        });
        f.u16("s_minor_rev_level");
        time(f, "s_lastcheck", b[0x277]);
        f.u32("s_checkinterval", v -> v == 0 ? "no check by time" : "check every " + v + " s");
        f.u32("s_creator_os", v -> switch ((int) v) {
            case 0 -> "Linux";
            case 1 -> "Hurd";
            case 2 -> "Masix";
            case 3 -> "FreeBSD";
            case 4 -> "Lites";
            default -> "unknown";
        });
        f.u32("s_rev_level", v -> v == 0 ? "EXT4_GOOD_OLD_REV: 128-byte inodes, first inode 11" : v == 1
                ? "EXT4_DYNAMIC_REV: inode size and features in the superblock" : "unknown revision");
        f.u16("s_def_resuid", v -> "reserved blocks' default uid " + v);
        f.u16("s_def_resgid", v -> "reserved blocks' default gid " + v);
        f.u32("s_first_ino", v -> "first inode for files: " + v);
        f.u16("s_inode_size", v -> v + " bytes per inode");
        f.u16("s_block_group_nr", v -> "this copy of the superblock lies in group " + v);
        features(f, Ext4Feature.Word.COMPAT, sb.compat());
        features(f, Ext4Feature.Word.INCOMPAT, sb.incompat());
        features(f, Ext4Feature.Word.RO_COMPAT, sb.roCompat());
        f.bytes("s_uuid", 16, u -> Ext4Text.uuid(u, 0));
        f.bytes("s_volume_name", 16, u -> "\"" + Ext4Text.cString(u) + "\"");
        f.bytes("s_last_mounted", 64, u -> "\"" + Ext4Text.cString(u) + "\"");
        f.u32("s_algorithm_usage_bitmap", v -> "compression algorithms (unused)");
        f.u8("s_prealloc_blocks", v -> "blocks to preallocate for files");
        f.u8("s_prealloc_dir_blocks", v -> "blocks to preallocate for directories");
        f.u16("s_reserved_gdt_blocks", v -> v + " blocks reserved after the descriptors for growth");
        f.bytes("s_journal_uuid", 16, u -> Ext4Text.uuid(u, 0));
        f.u32("s_journal_inum", v -> v == 0 ? "no journal inode" : "the journal is inode " + v);
        f.u32("s_journal_dev", v -> v == 0 ? "no external journal" : "external journal device " + v);
        f.u32("s_last_orphan", v -> v == 0 ? "no orphan inodes" : "first orphan inode " + v);
        f.bytes("s_hash_seed", 16, u -> "htree hash seed " + Ext4Text.uuid(u, 0));
        f.u8("s_def_hash_version", v -> DxFields.hashName((int) v));
        f.u8("s_jnl_backup_type", v -> v == 1 ? "s_jnl_blocks holds the journal inode's i_block" : "");
        f.u16("s_desc_size", v -> sb.descSize() + "-byte group descriptors");
        f.u32("s_default_mount_opts", SuperblockFields::mountOptions);
        f.u32("s_first_meta_bg", v -> sb.has(Ext4Feature.META_BG) ? "meta_bg layout from descriptor block " + v : "");
        time(f, "s_mkfs_time", b[0x276]);
        FieldBuilder jnl = f.sub("s_jnl_blocks", 68).meaning("backup of the journal inode's i_block and size");
        for (int i = 0; i < 15; i++) {
            jnl.u32("s_jnl_blocks[" + i + "]");
        }
        jnl.u32("s_jnl_blocks[15]", v -> "journal size (high 32 bits)");
        jnl.u32("s_jnl_blocks[16]", v -> "journal size (low 32 bits)");
        f.nested(jnl.build());
        f.u32("s_blocks_count_hi", v -> sb.has(Ext4Feature.BIT64) ? "blocks (high 32 bits)" : "unused (no 64bit)");
        f.u32("s_r_blocks_count_hi", v -> "reserved blocks (high 32 bits)");
        f.u32("s_free_blocks_count_hi", v -> "free blocks (high 32 bits)");
        f.u16("s_min_extra_isize", v -> "every inode has at least " + v + " extra bytes");
        f.u16("s_want_extra_isize", v -> "new inodes get " + v + " extra bytes");
        f.flags("s_flags", 4, v -> (v & 2) != 0 ? "unsigned directory hash" : (v & 1) != 0 ? "signed directory hash" : "",
                List.of(BitField.flag("EXT2_FLAGS_SIGNED_HASH", 0, "signed directory hash"),
                        BitField.flag("EXT2_FLAGS_UNSIGNED_HASH", 1, "unsigned directory hash"),
                        BitField.flag("EXT2_FLAGS_TEST_FILESYS", 2, "test filesystem")));
        f.u16("s_raid_stride", v -> v + " blocks per disk before moving to the next");
        f.u16("s_mmp_update_interval", v -> "multi-mount protection checked every " + v + " s");
        f.u64("s_mmp_block", v -> sb.has(Ext4Feature.MMP) ? "multi-mount protection block " + v : "");
        f.u32("s_raid_stripe_width", v -> v + " blocks per stripe");
        f.u8("s_log_groups_per_flex", v -> sb.has(Ext4Feature.FLEX_BG) && v < 32 ? (1L << v) + " groups per flex group" : "");
        if (f.u8("s_checksum_type", v -> v == 1 ? "crc32c" : v == 0 ? "none" : "unknown") != 1 && sb.metadataCsum()) {
            f.problemOnLast(Problem.error("metadata_csum needs crc32c (1)"));
        }
        f.u8("s_encryption_level");
        f.u8("s_reserved_pad");
        f.u64("s_kbytes_written", v -> Long.toUnsignedString(v) + " KiB written over the filesystem's life");
        f.u32("s_snapshot_inum");
        f.u32("s_snapshot_id");
        f.u64("s_snapshot_r_blocks_count");
        f.u32("s_snapshot_list");
        f.u32("s_error_count", v -> v + " errors recorded");
        time(f, "s_first_error_time", b[0x278]);
        f.u32("s_first_error_ino");
        f.u64("s_first_error_block");
        f.bytes("s_first_error_func", 32, u -> "\"" + Ext4Text.cString(u) + "\"");
        f.u32("s_first_error_line");
        time(f, "s_last_error_time", b[0x279]);
        f.u32("s_last_error_ino");
        f.u32("s_last_error_line");
        f.u64("s_last_error_block");
        f.bytes("s_last_error_func", 32, u -> "\"" + Ext4Text.cString(u) + "\"");
        f.bytes("s_mount_opts", 64, u -> "\"" + Ext4Text.cString(u) + "\"");
        f.u32("s_usr_quota_inum", v -> v == 0 ? "" : "user quota inode " + v);
        f.u32("s_grp_quota_inum", v -> v == 0 ? "" : "group quota inode " + v);
        f.u32("s_overhead_clusters", v -> v + " clusters of metadata");
        f.u32("s_backup_bgs[0]", v -> sb.has(Ext4Feature.SPARSE_SUPER2) ? "backup superblock in group " + v : "");
        f.u32("s_backup_bgs[1]", v -> sb.has(Ext4Feature.SPARSE_SUPER2) ? "backup superblock in group " + v : "");
        f.bytes("s_encrypt_algos", 4, "encryption algorithms in use");
        f.bytes("s_encrypt_pw_salt", 16, "salt of the string2key algorithm");
        f.u32("s_lpf_ino", v -> v == 0 ? "" : "lost+found is inode " + v);
        f.u32("s_prj_quota_inum", v -> v == 0 ? "" : "project quota inode " + v);
        f.u32("s_checksum_seed", v -> sb.has(Ext4Feature.CSUM_SEED) ? "seed of every metadata checksum" : "unused");
        for (String name : List.of("s_wtime_hi", "s_mtime_hi", "s_mkfs_time_hi", "s_lastcheck_hi",
                "s_first_error_time_hi", "s_last_error_time_hi")) {
            f.u8(name, v -> "bits 32-39 of " + name.substring(0, name.length() - 3));
        }
        f.u8("s_first_error_errcode");
        f.u8("s_last_error_errcode");
        f.u16("s_encoding", v -> v == 1 ? "UTF-8 12.1 (casefolded names)" : v == 0 ? "" : "unknown encoding");
        f.u16("s_encoding_flags", v -> (v & 1) != 0 ? "strict: invalid names refused" : "");
        f.u32("s_orphan_file_inum", v -> v == 0 ? "" : "orphan file inode " + v);
        f.bytes("s_reserved", 376, "padding");
        checksum(f, sb);
        return f.build();
    }

    private static void time(FieldBuilder f, String name, byte hi) {
        f.u32(name, v -> v == 0 && hi == 0 ? "never" : Ext4Text.time(v | (long) (hi & 0xFF) << 32));
    }

    static String state(long v) {
        List<String> s = new ArrayList<>();
        if ((v & 1) != 0) {
            s.add("clean");
        }
        if ((v & 2) != 0) {
            s.add("errors");
        }
        if ((v & 4) != 0) {
            s.add("orphans being recovered");
        }
        return s.isEmpty() ? "not clean" : String.join(", ", s);
    }

    private static String mountOptions(long v) {
        String[] names = {"debug", "bsdgroups", "user_xattr", "acl", "uid16", null, null, null, "nobarrier",
            "block_validity", "discard", "nodelalloc"};
        List<String> s = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && (v & (1L << i)) != 0) {
                s.add(names[i]);
            }
        }
        long jmode = v & 0x60;
        if (jmode != 0) {
            s.add(jmode == 0x20 ? "journal_data" : jmode == 0x40 ? "journal_data_ordered" : "journal_data_writeback");
        }
        return String.join(", ", s);
    }

    private static void features(FieldBuilder f, Ext4Feature.Word word, int value) {
        List<BitField> bits = new ArrayList<>();
        for (Ext4Feature feature : Ext4Feature.of(word)) {
            bits.add(BitField.flag(feature.featureName(), Integer.numberOfTrailingZeros(feature.bit()), "set"));
        }
        f.flags(word.fieldName(), 4, v -> {
            List<String> set = new ArrayList<>();
            for (Ext4Feature feature : Ext4Feature.in(word, (int) v)) {
                set.add(feature.featureName());
            }
            return set.isEmpty() ? "none" : String.join(" ", set);
        }, bits);
        int unknown = Ext4Feature.unknownBits(word, value);
        if (unknown != 0) {
            f.problemOnLast(word == Ext4Feature.Word.INCOMPAT
                    ? Problem.error(String.format("unknown incompatible bits 0x%x: the kernel refuses the image", unknown))
                    : Problem.warning(String.format("unknown bits 0x%x", unknown)));
        }
        for (Ext4Feature feature : Ext4Feature.in(word, value)) {
            if (!feature.readable()) {
                f.problemOnLast(Problem.error(feature.featureName() + " is set: the kernel cannot read this filesystem"));
            }
        }
    }

    private static void checksum(FieldBuilder f, Superblock sb) {
        if (!sb.metadataCsum()) {
            f.u32("s_checksum", v -> "not used (no metadata_csum)");
            return;
        }
        int computed = sb.computedChecksum();
        long stored = f.u32("s_checksum", v -> (int) v == computed ? "crc32c of the superblock: matches"
                : String.format("crc32c of the superblock: computed 0x%08x", computed));
        if ((int) stored != computed) {
            f.problemOnLast(Problem.warning(String.format("checksum mismatch: stored 0x%08x, computed 0x%08x",
                    stored, computed)));
        }
    }
}

package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldBuilder.BitField;
import erofsbrowser.image.FileType;
import erofsbrowser.image.LittleEndian;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * The dissector of {@code struct ext4_inode}: the 128 bytes every inode has, the extra fields of
 * a large inode as far as {@code i_extra_isize} reaches, and the in-inode xattrs after them;
 * {@code i_block} explained by what it holds for this inode (an extent tree root, a block map,
 * inline data, a symlink target, a device number).
 */
final class InodeFields {
    private static final String[] FLAG_NAMES = {"SECRM", "UNRM", "COMPR", "SYNC", "IMMUTABLE", "APPEND", "NODUMP",
        "NOATIME", "DIRTY", "COMPRBLK", "NOCOMPR", "ENCRYPT", "INDEX", "IMAGIC", "JOURNAL_DATA", "NOTAIL",
        "DIRSYNC", "TOPDIR", "HUGE_FILE", "EXTENTS", "VERITY", "EA_INODE", null, "NOCOW", "SNAPFILE", "DAX",
        "SNAPFILE_DELETED", "SNAPFILE_SHRUNK", "INLINE_DATA", "PROJINHERIT", "CASEFOLD", "RESERVED"};

    private InodeFields() {
    }

    static Field dissect(Inode inode, Superblock sb) {
        byte[] b = inode.raw();
        FieldBuilder f = FieldBuilder.littleEndian("ext4_inode", inode.offset(), b, 0, b.length);
        f.meaning("inode " + inode.number() + ", " + inode.type().label() + ", " + b.length + " bytes");
        f.flags("i_mode", 2, v -> inode.type().label() + ", " + FileType.permissionString((int) v), List.of(
                new BitField("type (S_IFMT)", 12, 4, v -> inode.type().label()),
                new BitField("permissions", 0, 12, v -> String.format("0%o %s", v, FileType.permissionString((int) v)))));
        f.u16("i_uid", v -> "owner (low 16 bits): uid " + inode.uid());
        f.u32("i_size_lo", v -> "size (low 32 bits): " + inode.size() + " bytes");
        time(f, "i_atime", inode.atime());
        time(f, "i_ctime", inode.ctime());
        time(f, "i_mtime", inode.mtime());
        f.u32("i_dtime", v -> v == 0 ? "not deleted" : "deleted at " + Ext4Text.time(v));
        f.u16("i_gid", v -> "group (low 16 bits): gid " + inode.gid());
        f.u16("i_links_count", v -> v + (v == 1 ? " link" : " links"));
        f.u32("i_blocks_lo", v -> inode.blocks512(sb) + " sectors of 512 bytes in all");
        List<BitField> flagBits = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if (FLAG_NAMES[i] != null) {
                flagBits.add(BitField.flag("EXT4_" + FLAG_NAMES[i] + "_FL", i, "set"));
            }
        }
        f.flags("i_flags", 4, InodeFields::flagNames, flagBits);
        f.u32("l_i_version", v -> "inode version (low 32 bits)");
        iBlock(f, inode, sb);
        f.u32("i_generation", v -> "generation " + v + " (for NFS file handles)");
        f.u32("i_file_acl_lo", v -> inode.fileAcl() == 0 ? "no xattr block" : "xattr block " + inode.fileAcl());
        f.u32("i_size_high", v -> inode.type() == FileType.FILE || sb.has(Ext4Feature.LARGEDIR)
                ? "size (high 32 bits)" : "unused for this type");
        f.u32("i_obso_faddr", v -> "obsolete fragment address");
        f.u16("l_i_blocks_high", v -> sb.hugeFile() ? "i_blocks (high 16 bits)" : "unused (no huge_file)");
        f.u16("l_i_file_acl_high", v -> "xattr block (high 16 bits)");
        f.u16("l_i_uid_high", v -> "owner (high 16 bits)");
        f.u16("l_i_gid_high", v -> "group (high 16 bits)");
        boolean csum = sb.metadataCsum() && sb.creatorOs() == 0;
        int computed = csum ? inode.computedChecksum(sb) : 0;
        f.u16("l_i_checksum_lo", v -> !csum ? "not used (no metadata_csum)" : inode.checksumMatches(sb)
                ? "crc32c of the inode: matches" : String.format("crc32c of the inode: computed 0x%08x", computed));
        if (csum && !inode.checksumMatches(sb)) {
            f.problemOnLast(Problem.warning(String.format("checksum mismatch: stored 0x%08x, computed 0x%08x",
                    inode.storedChecksum(), computed)));
        }
        f.u16("l_i_reserved");
        if (b.length > Superblock.GOOD_OLD_INODE_SIZE) {
            large(f, inode);
        }
        return f.build();
    }

    private static void time(FieldBuilder f, String name, long seconds) {
        f.u32(name, v -> Ext4Text.time(seconds));
    }

    private static String flagNames(long v) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((v & (1L << i)) != 0) {
                s.add(FLAG_NAMES[i] == null ? "bit " + i : FLAG_NAMES[i]);
            }
        }
        return s.isEmpty() ? "none" : String.join(" ", s);
    }

    /** The large inode's fields as far as {@code i_extra_isize} reaches, then the rest of the slot. */
    private static void large(FieldBuilder f, Inode inode) {
        byte[] b = inode.raw();
        int stored = inode.storedExtraIsize();
        // i_extra_isize counts from byte 128 and covers itself: 0 still leaves its own 2 bytes read
        int end = Superblock.GOOD_OLD_INODE_SIZE + Math.max(2, stored);
        f.u16("i_extra_isize", v -> v + " bytes of extra fields");
        if (end > b.length || (stored & 3) != 0) {
            f.problemOnLast(Problem.error("the kernel refuses this i_extra_isize"));
            f.bytes("(extra space)", f.remaining(), "");
            return;
        }
        String[][] extra = {{"i_checksum_hi", "2"}, {"i_ctime_extra", "4"}, {"i_mtime_extra", "4"},
            {"i_atime_extra", "4"}, {"i_crtime", "4"}, {"i_crtime_extra", "4"}, {"i_version_hi", "4"}, {"i_projid", "4"}};
        int at = 0x82;
        for (String[] e : extra) {
            int width = Integer.parseInt(e[1]);
            if (at + width > end) {
                break;
            }
            String name = e[0];
            if (name.endsWith("_extra")) {
                f.u32(name, v -> (v >>> 2) + " ns, epoch bits " + (v & 3));
            } else if (name.equals("i_crtime")) {
                f.u32(name, v -> "created " + Ext4Text.time(inode.crtime()));
            } else if (name.equals("i_checksum_hi")) {
                f.u16(name, v -> "checksum (high 16 bits)");
            } else if (name.equals("i_projid")) {
                f.u32(name, v -> "project " + v);
            } else {
                f.u32(name, v -> "inode version (high 32 bits)");
            }
            at += width;
        }
        if (at < end) {
            f.bytes("(extra fields unknown to the kernel)", end - at, "");
        }
        if (end < b.length) {
            if (stored != 0 && Xattrs.bodyHeader(inode) >= 0) {
                XattrFields.body(f, b, end);
            } else {
                f.bytes("(unused)", b.length - end, stored == 0 ? "i_extra_isize is 0: the kernel keeps no xattrs here"
                        : "no in-inode xattrs");
            }
        }
    }

    /** {@code i_block}: 60 bytes whose meaning depends on the inode. */
    private static void iBlock(FieldBuilder f, Inode inode, Superblock sb) {
        FieldBuilder i = f.sub("i_block", Inode.I_BLOCK_SIZE);
        byte[] b = inode.raw();
        FileType type = inode.type();
        if (inode.isDevice()) {
            i.meaning("device " + inode.rdevMajor() + ", " + inode.rdevMinor());
            i.u32("i_block[0]", v -> v != 0 ? "old encoding: major " + ((v >>> 8) & 0xFF) + ", minor " + (v & 0xFF)
                    : "0: the device number is in i_block[1]");
            i.u32("i_block[1]", v -> LittleEndian.i32(b, Inode.I_BLOCK) != 0 ? "" : "new encoding: major "
                    + ((v & 0xFFF00) >>> 8) + ", minor " + ((v & 0xFF) | ((v >>> 12) & 0xFFF00)));
            i.bytes("(unused)", i.remaining(), "");
        } else if (type == FileType.FIFO || type == FileType.SOCK) {
            i.meaning("unused for a " + type.label());
            i.bytes("(unused)", Inode.I_BLOCK_SIZE, "");
        } else if (inode.hasInlineData()) {
            i.meaning("inline data: the first 60 bytes of the content");
            if (type == FileType.DIR) {
                i.u32("(parent inode)", v -> "\"..\" is inode " + v);
                Field entries = DirentFields.leafBlock("inline entries", b, Inode.I_BLOCK + 4,
                        Inode.I_BLOCK + Inode.I_BLOCK_SIZE, inode.offset(), false, null, sb);
                i.nested(entries);
            } else {
                int n = (int) Math.min(inode.size(), Inode.I_BLOCK_SIZE);
                i.bytes("(inline data)", n, n + " bytes of content");
                if (i.remaining() > 0) {
                    i.bytes("(unused)", i.remaining(), "");
                }
            }
        } else if (inode.isFastSymlink(sb)) {
            int n = (int) Math.min(inode.size(), Inode.I_BLOCK_SIZE);
            i.meaning("fast symlink: the target is stored here");
            i.bytes("(symlink target)", n, u -> "\"" + Ext4Text.printable(u) + "\"");
            if (i.remaining() > 0) {
                i.bytes("(unused)", i.remaining(), "");
            }
        } else if (inode.usesExtents()) {
            i.meaning("the root of the extent tree");
            ExtentFields.root(i, b, Inode.I_BLOCK);
        } else {
            i.meaning("block map: 12 direct blocks, then single, double and triple indirect");
            for (int k = 0; k < IndirectMap.DIRECT + 3; k++) {
                String what = k < IndirectMap.DIRECT ? "logical block " + k
                        : k == 12 ? "single indirect block" : k == 13 ? "double indirect block" : "triple indirect block";
                i.u32("i_block[" + k + "]", v -> v == 0 ? what + ": none (a hole)" : what + " at block " + v);
            }
        }
        f.nested(i.build());
    }
}

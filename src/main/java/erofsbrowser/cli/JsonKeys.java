package erofsbrowser.cli;

import java.util.List;

/**
 * The keys of each command's {@code --json} output and what they hold: the man page lists them
 * from here, and the tests check that the output has exactly these. A key inside an object is
 * named {@code outer.inner}; inside the objects of an array, {@code outer[].inner}; the outer
 * key is listed too. Keys are stable: new ones may come, none goes or changes meaning.
 */
final class JsonKeys {
    private JsonKeys() {
    }

    /** A key and what it holds. */
    record Key(String name, String meaning) {
    }

    /** What every --json output has in common, for the man page. */
    static final String CONVENTIONS = "Every key is always present, null where the entry or image has no such "
            + "thing. Text is UTF-8. Names, targets and labels of the image are bytes: where they are not valid "
            + "UTF-8, the text has U+FFFD in place of each bad byte, and a key of the same name with _hex added "
            + "holds the exact bytes as lowercase hex (that key is present only then). Modes are octal text "
            + "as in the manifest (\"0o755\"); times are seconds since the epoch (UTC).";

    /** info's count of entries by type, in every format. */
    private static final List<Key> ENTRIES_BY_TYPE = List.of(
            new Key("entries_by_type", "entries by type, each type a key"),
            new Key("entries_by_type.file", "regular files"),
            new Key("entries_by_type.dir", "directories"),
            new Key("entries_by_type.chr", "character devices"),
            new Key("entries_by_type.blk", "block devices"),
            new Key("entries_by_type.fifo", "FIFOs"),
            new Key("entries_by_type.sock", "sockets"),
            new Key("entries_by_type.symlink", "symbolic links"));

    static final List<Key> INFO = concat(List.of(
            new Key("image", "IMAGE as given"),
            new Key("offset", "--offset: where the image starts in IMAGE"),
            new Key("image_size", "bytes of the image (from its start to the end of IMAGE)"),
            new Key("block_size", "bytes per block"),
            new Key("blocks", "blocks in the image"),
            new Key("inodes", "inode count from the superblock"),
            new Key("root_nid", "the root directory's nid"),
            new Key("meta_blkaddr", "block where the inode area starts"),
            new Key("xattr_blkaddr", "block where shared xattrs start"),
            new Key("packed_nid", "nid of the packed inode (fragments), or null"),
            new Key("metabox_nid", "nid of the metabox inode, or null"),
            new Key("uuid", "the UUID, 8-4-4-4-12 hex"),
            new Key("volume_name", "the volume label"),
            new Key("build_time", "when the image was made, seconds"),
            new Key("build_time_nsec", "nanoseconds of build_time"),
            new Key("features", "the feature flags set, by name, as mkfs.erofs and the kernel name them"),
            new Key("unknown_compat_bits", "compatible feature bits this reader does not know"),
            new Key("checksum", "the superblock's checksum"),
            new Key("checksum.status", "\"valid\", \"mismatch\" or \"absent\" (no sb_chksum feature)"),
            new Key("checksum.stored", "the superblock's checksum field"),
            new Key("checksum.computed", "the crc32c computed over the superblock block, or null when absent"),
            new Key("algorithms", "compression algorithms the image declares"),
            new Key("compression", "the compression configuration records, one per algorithm"),
            new Key("compression[].algorithm", "an algorithm's configuration record: lz4, lzma, deflate or zstd"),
            new Key("compression[].max_distance", "lz4 only: the largest match distance"),
            new Key("compression[].max_pcluster_blocks", "lz4 only: the largest physical cluster, in blocks"),
            new Key("compression[].dict_size", "lzma only: dictionary size in bytes"),
            new Key("compression[].window_bits", "deflate only: log2 of the window"),
            new Key("compression[].window_log", "zstd only: log2 of the window"),
            new Key("devices", "the extra devices of the device table, in order"),
            new Key("devices[].device", "the extra device's number, from 1"),
            new Key("devices[].blocks", "its size in blocks"),
            new Key("devices[].mapped_blkaddr", "the block where it is mapped in the flat address space"),
            new Key("devices[].tag", "its tag (mkfs writes the blob's path or digest)"),
            new Key("xattr_prefixes", "the long xattr name prefixes"),
            new Key("xattr_prefixes[].index", "a long xattr name prefix's index"),
            new Key("xattr_prefixes[].name", "the whole prefix"),
            new Key("entries", "entries of the image, the root included")),
            ENTRIES_BY_TYPE,
            List.of(new Key("file_bytes", "bytes of regular file content (each hard-linked file once)"),
            new Key("stored_bytes", "bytes of the image that store it"),
            new Key("compressed_files", "regular files stored compressed")));

    /** info of an image of another format (ext2/3/4, an APEX or CAPEX), or of a file read as bytes only. */
    static final List<Key> INFO_OTHER = concat(List.of(
            new Key("image", "IMAGE as given"),
            new Key("format", "what the file is: \"ext4\", \"APEX (EROFS payload)\", \"APEX (its payload cannot be read)\", ..."),
            new Key("image_size", "bytes of the file"),
            new Key("warnings", "what is wrong with it but does not stop the reading, one text each"),
            new Key("parts", "the parts around the filesystem (an APEX's zip, manifest, key, AVB, payload layout)"),
            new Key("parts[].name", "the part's name (\"Zip\", \"apex_manifest.pb\", ...)"),
            new Key("parts[].summary", "what it says, lines of text"),
            new Key("facts", "what the filesystem's superblock says (an APEX's payload's), in info's order; empty when it cannot be read"),
            new Key("facts[].name", "the fact's name, as the text output gives it (\"block size\", \"features\", ...)"),
            new Key("facts[].value", "its value, as text"),
            new Key("entries", "entries that can be read, the root included (0 when none can)")),
            ENTRIES_BY_TYPE,
            List.of(new Key("file_bytes", "bytes of regular file content"),
            new Key("stored_bytes", "bytes of the image that store it")));

    static final List<Key> LS = List.of(
            new Key("path", "absolute path in the image"),
            new Key("name", "the entry's name (the last part of path)"),
            new Key("type", "file, dir, symlink, chr, blk, fifo or sock"),
            new Key("mode", "permission bits, octal text"),
            new Key("nlink", "link count"),
            new Key("uid", "owner"),
            new Key("gid", "group"),
            new Key("size", "i_size: content bytes (the target's length for a symlink)"),
            new Key("mtime", "modification time, seconds"),
            new Key("mtime_nsec", "nanoseconds of mtime"),
            new Key("rdev", "[major, minor] of a device, else null"),
            new Key("target", "a symlink's target, else null"),
            new Key("nid", "the inode's nid"));

    static final List<Key> STAT = List.of(
            new Key("path", "absolute path in the image"),
            new Key("nid", "the inode's nid"),
            new Key("inode", "where the inode structure lies"),
            new Key("inode.offset", "byte offset of the inode (in the metabox when in_metabox)"),
            new Key("inode.size", "bytes of the inode structure: 32 (compact) or 64 (extended)"),
            new Key("inode.form", "\"compact\" or \"extended\""),
            new Key("inode.in_metabox", "whether the inode is stored in the metabox"),
            new Key("i_format", "the i_format field"),
            new Key("layout", "flat_plain, flat_inline, compressed_full, compressed_compact or chunk_based"),
            new Key("type", "file, dir, symlink, chr, blk, fifo or sock"),
            new Key("mode", "permission bits, octal text"),
            new Key("uid", "owner"),
            new Key("gid", "group"),
            new Key("size", "i_size"),
            new Key("nlink", "link count"),
            new Key("mtime", "modification time, seconds"),
            new Key("mtime_nsec", "nanoseconds of mtime"),
            new Key("ino", "i_ino, the inode number the kernel reports"),
            new Key("rdev", "[major, minor] of a device, else null"),
            new Key("dot_omitted", "whether the directory's \".\" entry is left out"),
            new Key("dirent", "the directory entry that names it, or null for the root"),
            new Key("dirent.offset", "byte offset of the 12-byte dirent, or null when its directory is not stored plainly"),
            new Key("dirent.name_offset", "byte offset of its name, or null likewise"),
            new Key("dirent.data_offset", "offset of the dirent in its directory's content"),
            new Key("xattr_area", "the inode's xattr area, or null when it has none"),
            new Key("xattr_area.offset", "its byte offset"),
            new Key("xattr_area.size", "its bytes"),
            new Key("xattr_area.shared", "how many shared xattrs it refers to"),
            new Key("xattrs", "the extended attributes, in the image's order"),
            new Key("xattrs[].name", "the full name, prefix included"),
            new Key("xattrs[].value", "the value as text when it is printable UTF-8 (a final NUL dropped), else null"),
            new Key("xattrs[].value_hex", "the value's bytes, hex"),
            new Key("xattrs[].shared", "whether it is a shared xattr"),
            new Key("xattrs[].shared_id", "its index among the shared xattrs, or null"),
            new Key("xattrs[].offset", "byte offset of its entry"),
            new Key("target", "a symlink's target, else null"),
            new Key("compressed", "for a compressed file, else null"),
            new Key("compressed.blocks", "blocks of compressed data (i_u)"),
            new Key("compressed.stored_bytes", "bytes they take"),
            new Key("extents", "where each range of the content lies (files, directories, symlinks)"),
            new Key("extents[].logical_offset", "where the range starts in the file"),
            new Key("extents[].length", "its bytes in the file"),
            new Key("extents[].storage", "blocks, inline (after the inode), fragment (in the packed inode) or hole"),
            new Key("extents[].device", "0 for the image, 1 and up for extra devices"),
            new Key("extents[].physical_offset", "byte offset of its stored bytes, null for a hole"),
            new Key("extents[].physical_length", "how many stored bytes, null for a hole"),
            new Key("extents[].algorithm", "compression algorithm, or null when stored plainly"),
            new Key("extents[].partial_reference", "whether it decodes from a pcluster shared with the range before"));

    static final List<Key> CHECK = List.of(
            new Key("ok", "true when every entry could be read"),
            new Key("entries", "entries read, or null when not ok"),
            new Key("files", "regular files read (hard links once), or null when not ok"),
            new Key("bytes", "bytes of file content read, or null when not ok"),
            new Key("problem", "what is wrong with the first bad entry in walk order, or null when ok"),
            new Key("offset", "its byte offset in the image, or null when ok"),
            new Key("nid", "the nid concerned, or null"),
            new Key("path", "the path concerned, or null"));

    static final List<Key> VERIFY = List.of(
            new Key("ok", "true when every check passed and every entry could be read"),
            new Key("format", "the image's format: EROFS, ext4, APEX (EROFS payload), ..."),
            new Key("checks", "an APEX's checks, in the order they ran (empty for other images)"),
            new Key("checks[].check", "what was checked: vbmeta hash and signature, dm-verity hashtree, ..."),
            new Key("checks[].outcome", "passed, warning, failed or not_applicable"),
            new Key("checks[].summary", "the outcome in a line"),
            new Key("checks[].details", "the findings, a line each"),
            new Key("checks[].bad_blocks", "the blocks whose digest does not match"),
            new Key("checks[].bad_blocks[].level", "0 for a data block, k for a block of hashtree level k - 1"),
            new Key("checks[].bad_blocks[].index", "the block's number in its level"),
            new Key("checks[].bad_blocks[].offset", "where it lies in the payload, bytes"),
            new Key("checks[].bad_blocks[].length", "its size, bytes"),
            new Key("checks[].bad_blocks[].owner", "what owns its bytes: a file and byte range, an inode, ..."),
            new Key("entries", "entries read"),
            new Key("files", "regular files read (hard links once)"),
            new Key("bytes", "bytes of file content read"),
            new Key("faults", "what could not be read, in walk order"),
            new Key("faults[].offset", "the fault's byte offset in IMAGE"),
            new Key("faults[].path", "the path concerned, or null"),
            new Key("faults[].problem", "what is wrong"));

    /** The keys of each node of --fields --json (info and stat): {"structures": [node, ...]}. */
    static final List<Key> FIELDS = List.of(
            new Key("structures", "the structures, in the order the reader meets them: each a node"),
            new Key("name", "the field's (or structure's) name in the format: i_size, s_inodes_count, ..."),
            new Key("offset", "where its bytes start in IMAGE (the file, --offset included)"),
            new Key("size", "how many bytes it covers"),
            new Key("raw", "its bytes as lowercase hex; null for a structure over 64 KiB"),
            new Key("value", "its value decoded (numbers in decimal, bytes in hex), or null for a structure"),
            new Key("meaning", "what the value means in plain words, or \"\""),
            new Key("problems", "what is wrong with it: \"warning: ...\" or \"error: ...\" texts (usually empty)"),
            new Key("children", "the fields inside it, in byte order (a bit field covers its parent's bytes)"));

    /** The keys of {@code command}'s --json output, or an empty list when it has none. */
    @SafeVarargs
    private static List<Key> concat(List<Key>... lists) {
        List<Key> all = new java.util.ArrayList<>();
        for (List<Key> l : lists) {
            all.addAll(l);
        }
        return List.copyOf(all);
    }

    static List<Key> of(String command) {
        return switch (command) {
            case "info" -> INFO;
            case "ls" -> LS;
            case "stat" -> STAT;
            case "check" -> CHECK;
            case "verify" -> VERIFY;
            default -> List.of();
        };
    }
}

package erofsbrowser.ext4;

/**
 * One {@code struct ext4_xattr_entry}, in the inode's body or in an xattr block: where it lies,
 * its name (index and suffix) and where its value is.
 *
 * @param nameIndex   {@code e_name_index}: which prefix the name has (see {@link XattrName})
 * @param suffix      {@code e_name}: the name without its prefix
 * @param offset      where the entry lies in the image
 * @param length      the entry's bytes with its padding (EXT4_XATTR_LEN)
 * @param valueOffset where the value lies in the image ({@code e_value_offs} from its base), or -1 when it lies in an inode of its own
 * @param valueInum   {@code e_value_inum}: the inode holding the value (ea_inode), or 0
 * @param valueSize   {@code e_value_size}
 * @param hash        {@code e_hash}
 * @param inBlock     whether the entry lies in the xattr block rather than the inode
 */
record XattrEntry(int nameIndex, byte[] suffix, long offset, int length, long valueOffset, long valueInum,
                  long valueSize, int hash, boolean inBlock) {
    /** The size of an entry with a name of {@code nameLength} bytes, padded to 4 (EXT4_XATTR_LEN). */
    static int entryLength(int nameLength) {
        return (nameLength + 16 + 3) & ~3;
    }

    /** The full name as the kernel lists it, or null when the kernel does not list it. */
    byte[] listedName(Superblock sb) {
        return XattrName.listed(nameIndex, suffix, sb);
    }
}

package erofsbrowser.ext4;

import java.nio.charset.StandardCharsets;

/**
 * The name indexes of ext4 xattrs ({@code EXT4_XATTR_INDEX_*}) and the prefixes they stand for;
 * and which of them the kernel's {@code listxattr} shows (those with a handler: user, the two
 * POSIX ACLs, trusted, security, and gnu on images made by the Hurd). The others (system.data of
 * inline data, the encryption context, Lustre's, richacl) are stored but never listed.
 */
final class XattrName {
    static final int USER = 1;
    static final int POSIX_ACL_ACCESS = 2;
    static final int POSIX_ACL_DEFAULT = 3;
    static final int TRUSTED = 4;
    static final int LUSTRE = 5;
    static final int SECURITY = 6;
    static final int SYSTEM = 7;
    static final int RICHACL = 8;
    static final int ENCRYPTION = 9;
    static final int HURD = 10;

    private XattrName() {
    }

    /** The prefix index {@code index} stands for, as text ("user.", "system.posix_acl_access"), or null for none. */
    static String prefix(int index) {
        return switch (index) {
            case USER -> "user.";
            case POSIX_ACL_ACCESS -> "system.posix_acl_access";
            case POSIX_ACL_DEFAULT -> "system.posix_acl_default";
            case TRUSTED -> "trusted.";
            case LUSTRE -> "lustre.";
            case SECURITY -> "security.";
            case SYSTEM -> "system.";
            case RICHACL -> "system.richacl";
            case ENCRYPTION -> "encryption context ";
            case HURD -> "gnu.";
            default -> null;
        };
    }

    /** The full name as {@code listxattr} gives it, or null when the kernel does not list this index. */
    static byte[] listed(int index, byte[] suffix, Superblock sb) {
        boolean listed = switch (index) {
            case USER, POSIX_ACL_ACCESS, POSIX_ACL_DEFAULT, TRUSTED, SECURITY -> true;
            case HURD -> sb.creatorOs() == Superblock.OS_HURD;
            default -> false;
        };
        if (!listed) {
            return null;
        }
        byte[] p = prefix(index).getBytes(StandardCharsets.US_ASCII);
        byte[] name = new byte[p.length + suffix.length];
        System.arraycopy(p, 0, name, 0, p.length);
        System.arraycopy(suffix, 0, name, p.length, suffix.length);
        return name;
    }

    /** The name for display, whether listed or not. */
    static String display(int index, byte[] suffix) {
        String p = prefix(index);
        return (p == null ? "(index " + index + ") " : p) + Ext4Text.printable(suffix);
    }
}

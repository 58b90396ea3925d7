package erofsbrowser.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Extended attribute values for people, whatever the filesystem: text where the value is text,
 * hex where it is not, and the well-known binary ones ({@code security.capability}, POSIX ACLs)
 * decoded.
 */
public final class XattrValues {
    private XattrValues() {
    }

    /** The value as text when it is printable UTF-8 (a trailing NUL allowed), else 0x and hex. */
    public static String text(byte[] value) {
        int n = value.length > 0 && value[value.length - 1] == 0 ? value.length - 1 : value.length;
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value, 0, n)).toString();
            if (s.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
                return s;
            }
        } catch (CharacterCodingException e) {
            // not text: shown as hex below
        }
        return "0x" + HexFormat.of().formatHex(value);
    }

    /** What a well-known attribute's value means ("" for others). */
    public static String decode(String name, byte[] v) {
        if (name.equals("security.capability") && v.length >= 12) {
            ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            int magic = b.getInt(0);
            long permitted = Integer.toUnsignedLong(b.getInt(4));
            long inheritable = Integer.toUnsignedLong(b.getInt(8));
            if (v.length >= 20) {
                permitted |= Integer.toUnsignedLong(b.getInt(12)) << 32;
                inheritable |= Integer.toUnsignedLong(b.getInt(16)) << 32;
            }
            return String.format("v%d%s permitted=%s inheritable=%s", (magic >>> 24) & 0xFF,
                    (magic & 1) != 0 ? " effective" : "", Capabilities.names(permitted), Capabilities.names(inheritable));
        }
        if (name.equals("security.selinux")) {
            return "SELinux label " + text(v);
        }
        if ((name.equals("system.posix_acl_access") || name.equals("system.posix_acl_default")) && v.length >= 4) {
            return posixAcl(v);
        }
        return "";
    }

    /** {@code posix_acl_xattr}: a version, then (tag, perm, id) entries. */
    private static String posixAcl(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder sb = new StringBuilder("ACL v").append(b.getInt(0));
        for (int at = 4; at + 8 <= v.length; at += 8) {
            int tag = Short.toUnsignedInt(b.getShort(at));
            int perm = Short.toUnsignedInt(b.getShort(at + 2));
            long id = Integer.toUnsignedLong(b.getInt(at + 4));
            String who = switch (tag) {
                case 0x01 -> "user::";
                case 0x02 -> "user:" + id + ":";
                case 0x04 -> "group::";
                case 0x08 -> "group:" + id + ":";
                case 0x10 -> "mask::";
                case 0x20 -> "other::";
                default -> "tag " + tag + ":";
            };
            sb.append(at == 4 ? " " : ",").append(who)
                    .append((perm & 4) != 0 ? 'r' : '-').append((perm & 2) != 0 ? 'w' : '-').append((perm & 1) != 0 ? 'x' : '-');
        }
        return sb.toString();
    }
}

package erofsbrowser.app;

import erofsbrowser.image.FileType;
import erofsbrowser.image.ImagePart;
import erofsbrowser.image.Node;
import erofsbrowser.image.StoredSize;

/**
 * What a tree row shows, computed in the background with the row's entry: the SELinux label and
 * the stored size need reads that must not happen on the FX thread.
 *
 * @param kind         an entry of the image, the image itself (the root's parent), or a placeholder
 * @param node         the entry; null for the image and placeholder rows
 * @param label        the text of image and placeholder rows
 * @param stored       bytes the entry's content takes in the image, and where else it lives
 * @param selinuxLabel the security.selinux xattr without its NUL, or "" when absent
 */
public record EntryRow(Kind kind, Node node, String label, StoredSize stored, String selinuxLabel, ImagePart part) {

    /** The image file itself, an entry of its filesystem, a placeholder while loading, a part around the filesystem. */
    public enum Kind { IMAGE, ENTRY, LOADING, PART }

    public EntryRow(Kind kind, Node node, String label, StoredSize stored, String selinuxLabel) {
        this(kind, node, label, stored, selinuxLabel, null);
    }

    private static final StoredSize NONE = new StoredSize(0, "");

    static final EntryRow LOADING = new EntryRow(Kind.LOADING, null, "loading…", NONE, "");

    static EntryRow of(Node node, StoredSize stored, String selinuxLabel) {
        return new EntryRow(Kind.ENTRY, node, null, stored, selinuxLabel);
    }

    static EntryRow part(ImagePart part) {
        return new EntryRow(Kind.PART, null, part.name(), NONE, "", part);
    }

    static EntryRow image(String fileName) {
        return new EntryRow(Kind.IMAGE, null, fileName, NONE, "");
    }

    public boolean isDirectory() {
        return node != null && node.isDirectory();
    }

    public String name() {
        return node == null ? label : node.nameString();
    }

    public String mode() {
        if (node == null) {
            return "";
        }
        return node.type().lsChar() + FileType.permissionString(node.permissions());
    }
}

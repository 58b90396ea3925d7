package erofsbrowser.app;

import erofsbrowser.image.Fault;
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
 * @param part         the part of the file a PART row shows, else null
 * @param fault        what could not be read of this row (a FAULT row is nothing else: an entry of
 *                     a directory that could not be read), or null
 */
public record EntryRow(Kind kind, Node node, String label, StoredSize stored, String selinuxLabel, ImagePart part,
                       Fault fault) {

    /**
     * The image file itself, an entry of its filesystem, a placeholder while loading, a part around
     * the filesystem, an entry of a directory that could not be read.
     */
    public enum Kind { IMAGE, ENTRY, LOADING, PART, FAULT }

    public EntryRow(Kind kind, Node node, String label, StoredSize stored, String selinuxLabel) {
        this(kind, node, label, stored, selinuxLabel, null, null);
    }

    private static final StoredSize NONE = new StoredSize(0, "");

    static final EntryRow LOADING = new EntryRow(Kind.LOADING, null, "loading…", NONE, "");

    static EntryRow of(Node node, StoredSize stored, String selinuxLabel) {
        return new EntryRow(Kind.ENTRY, node, null, stored, selinuxLabel);
    }

    static EntryRow part(ImagePart part) {
        return new EntryRow(Kind.PART, null, part.name(), NONE, "", part, null);
    }

    /** A directory's entry that could not be read: its name as far as it could be, and why. */
    static EntryRow fault(Fault fault) {
        return fault(fault, "(entries that cannot be read)");
    }

    /** As {@link #fault(Fault)}, with {@code label} shown when not even the name could be read. */
    static EntryRow fault(Fault fault, String label) {
        String name = fault.nameText();
        return new EntryRow(Kind.FAULT, null, name.isEmpty() ? label : name, NONE, "", null, fault);
    }

    /** The same row, marked with what could not be read of it (its attributes, its stored size). */
    EntryRow withFault(Fault f) {
        return new EntryRow(kind, node, label, stored, selinuxLabel, part, f);
    }

    /** Whether something of this row could not be read. */
    public boolean hasFault() {
        return fault != null;
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

package erofsbrowser.app;

import erofsbrowser.erofs.Entry;
import erofsbrowser.image.FileType;
import erofsbrowser.erofs.ondisk.Inode;

/**
 * What a tree row shows, computed in the background with the row's entry: the SELinux label and
 * the on-disk size need reads that must not happen on the FX thread.
 *
 * @param kind         an entry of the image, the image itself (the root's parent), or a placeholder
 * @param entry        the entry; null for the image and placeholder rows
 * @param label        the text of image and placeholder rows
 * @param onDiskSize   bytes the entry's data takes in the image (compressed blocks, or the size)
 * @param selinuxLabel the security.selinux xattr without its NUL, or "" when absent
 */
public record EntryRow(Kind kind, Entry entry, String label, long onDiskSize, String selinuxLabel) {

    public enum Kind { IMAGE, ENTRY, LOADING }

    static final EntryRow LOADING = new EntryRow(Kind.LOADING, null, "loading…", 0, "");

    static EntryRow of(Entry entry, long onDiskSize, String selinuxLabel) {
        return new EntryRow(Kind.ENTRY, entry, null, onDiskSize, selinuxLabel);
    }

    static EntryRow image(String fileName) {
        return new EntryRow(Kind.IMAGE, null, fileName, 0, "");
    }

    public boolean isDirectory() {
        return entry != null && entry.inode().isDirectory();
    }

    public String name() {
        return entry == null ? label : entry.nameString();
    }

    public String mode() {
        if (entry == null) {
            return "";
        }
        Inode i = entry.inode();
        return i.type().lsChar() + FileType.permissionString(i.mode());
    }
}

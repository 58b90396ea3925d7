package erofsbrowser.image;


/**
 * A fault met while reading an image past it: an entry that could not be read (or must not be
 * written, such as one named {@code ../x}), a block that could not be read, a loop. It keeps what
 * the reader knows: the entry's name bytes as far as they could be read (null when not even
 * that), and the error, which names the byte offset, the structure's inode and the path.
 */
public record Fault(byte[] name, ImageException error) {
    public Fault {
        name = name == null ? null : name.clone();
    }

    @Override
    public byte[] name() {
        return name == null ? null : name.clone();
    }

    /** The name for display (UTF-8, control characters escaped), or "" when it could not be read. */
    public String nameText() {
        return name == null ? "" : Printable.name(name);
    }

    public long offset() {
        return error.offset();
    }

    /** What is wrong, without the location. */
    public String problem() {
        return error.problem();
    }

    /** One line for people: offset, path, what; control characters escaped, so an image cannot drive a terminal. */
    public String line() {
        return line(0);
    }

    /**
     * As {@link #line()}, for a filesystem that starts {@code fileOffset} bytes into its file (an
     * APEX's payload): the offset in the file, then the one in the filesystem, which the fault's is.
     */
    public String line(long fileOffset) {
        String path = error.path().orElse("");
        String offset = fileOffset == 0 ? "offset " + error.offset()
                : "offset " + (fileOffset + error.offset()) + " (" + error.offset() + " in the filesystem)";
        return offset + ": " + (path.isEmpty() ? "" : Printable.escape(path) + ": ") + Printable.escape(error.problem());
    }
}

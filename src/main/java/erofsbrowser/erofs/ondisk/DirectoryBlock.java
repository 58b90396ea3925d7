package erofsbrowser.erofs.ondisk;

import erofsbrowser.image.ByteRange;
import erofsbrowser.image.Fault;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One block of a directory's data: an array of 12-byte dirents followed by their names.
 *
 * @param index      the block's number within the directory
 * @param dataOffset where the block starts in the directory's data
 * @param length     bytes used (the last block may be short)
 * @param range      where the block lives in the image, or null when not stored plainly
 */
public record DirectoryBlock(int index, long dataOffset, int length, ByteRange range, List<Dirent> dirents) {

    public static DirectoryBlock parse(Inode dir, int index, byte[] data, int length, ByteRange range) throws ImageException {
        return parse(dir, index, data, length, range, null);
    }

    /**
     * As {@link #parse(Inode, int, byte[], int, ByteRange)}, going on past a bad dirent when
     * {@code faults} is not null: the dirent is left out and added there with its name as far as
     * it could be read. A block whose dirent array cannot be read at all still fails.
     */
    public static DirectoryBlock parse(Inode dir, int index, byte[] data, int length, ByteRange range,
                                       List<Fault> faults) throws ImageException {
        long dataOffset = (long) index * dir.blockSize();
        long where = range != null ? range.offset() : dir.offset();
        byte[] b = data;
        if (length < Dirent.SIZE) {
            throw new ImageException("directory block " + index + " is too short for a dirent", where, dir.nid());
        }
        int firstNameoff = LittleEndian.u16(b, 8);
        if (firstNameoff < Dirent.SIZE || firstNameoff >= dir.blockSize() || firstNameoff > length) {
            throw new ImageException("bad name offset " + firstNameoff + " of the first dirent in directory block "
                    + index, where + 8, dir.nid());
        }
        int count = firstNameoff / Dirent.SIZE;
        List<Dirent> dirents = new ArrayList<>(count);
        // A name ends where the next one starts, the last one at a NUL or the block's end. The
        // last dirent is read after the loop: inside it, the JIT's hoisted bounds check for the
        // next dirent's name offset failed on the last one, and the parser was compiled three times.
        int nameoff = firstNameoff;
        for (int i = 0; i < count - 1; i++) {
            int nameEnd = LittleEndian.u16(b, (i + 1) * Dirent.SIZE + 8);
            add(dirents, faults, dir, index, data, length, range, where, dataOffset, firstNameoff, i, nameoff, nameEnd);
            nameoff = nameEnd;
        }
        int end = nameoff;
        while (end >= 0 && end < length && data[end] != 0) {
            end++;
        }
        add(dirents, faults, dir, index, data, length, range, where, dataOffset, firstNameoff, count - 1, nameoff, end);
        // Not copied again: the list is new and is only ever seen through this read-only view.
        return new DirectoryBlock(index, dataOffset, length, range, java.util.Collections.unmodifiableList(dirents));
    }

    private static void add(List<Dirent> dirents, List<Fault> faults, Inode dir, int index, byte[] data, int length,
                            ByteRange range, long where, long dataOffset, int firstNameoff, int i, int nameoff, int nameEnd)
            throws ImageException {
        if (faults == null) {
            dirents.add(dirent(dir, index, data, length, range, where, dataOffset, firstNameoff, i, nameoff, nameEnd));
            return;
        }
        try {
            dirents.add(dirent(dir, index, data, length, range, where, dataOffset, firstNameoff, i, nameoff, nameEnd));
        } catch (ImageException e) {
            // The name as far as it can be read: from its offset to the next one's, within the block.
            int from = Math.max(0, Math.min(nameoff, length));
            int to = Math.max(from, Math.min(Math.min(nameEnd, length), from + 255));
            faults.add(new Fault(java.util.Arrays.copyOfRange(data, from, to), e));
        }
    }

    /** Dirent {@code i}, its name at {@code data[nameoff, nameEnd)}. */
    private static Dirent dirent(Inode dir, int index, byte[] data, int length, ByteRange range, long where,
                                 long dataOffset, int firstNameoff, int i, int nameoff, int nameEnd) throws ImageException {
        int at = i * Dirent.SIZE;
        if (nameoff < firstNameoff || nameEnd > length || nameEnd <= nameoff || nameEnd - nameoff > 255) {
            throw new ImageException("bad name bounds " + nameoff + ".." + nameEnd + " of dirent " + i
                    + " in directory block " + index, where + at + 8, dir.nid());
        }
        byte[] name = java.util.Arrays.copyOfRange(data, nameoff, nameEnd);
        for (byte c : name) {
            if (c == '/' || c == 0) {
                throw new ImageException("directory entry name \"" + printable(name)
                        + "\" contains " + (c == 0 ? "a NUL byte" : "'/'"), where + nameoff, dir.nid());
            }
        }
        return new Dirent(LittleEndian.i64(data, at), LittleEndian.u8(data, at + 10), name, dataOffset + at,
                range == null ? Dirent.NOT_PLAIN : range.offset() + at,
                range == null ? Dirent.NOT_PLAIN : range.offset() + nameoff);
    }

    /** A name for messages: UTF-8 where valid, other bytes as \xNN. */
    public static String printable(byte[] name) {
        StringBuilder sb = new StringBuilder();
        java.nio.charset.CharsetDecoder dec = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        try {
            return dec.decode(ByteBuffer.wrap(name)).toString().replace("\0", "\\x00");
        } catch (java.nio.charset.CharacterCodingException e) {
            for (byte c : name) {
                if (c >= 0x20 && c < 0x7f) {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c & 0xFF));
                }
            }
            return sb.toString();
        }
    }
}

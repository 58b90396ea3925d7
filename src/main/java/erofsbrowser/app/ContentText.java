package erofsbrowser.app;

import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A file's content as text, when it is text: UTF-8, or Latin-1 when the bytes are not UTF-8 but
 * read as text all the same. Binary content (NUL bytes, many control characters) is not text and
 * is shown in hex. Only the first {@value #LIMIT} bytes are read: a text view is for reading.
 *
 * @param text   the text shown ("" for binary content)
 * @param isText whether the content reads as text
 * @param note   what is shown: the encoding, and whether the content was cut
 */
record ContentText(String text, boolean isText, String note) {
    static final int LIMIT = 1 << 20;

    static ContentText read(FileSystemImage image, Node node) throws ImageException {
        if (node.type() == FileType.SYMLINK) {
            return new ContentText(new String(image.linkTarget(node), StandardCharsets.UTF_8), true, "symlink target");
        }
        FileContent content = image.content(node);
        int n = (int) Math.min(LIMIT, content.size());
        byte[] bytes = content.readFully(0, n);
        String cut = content.size() > n ? String.format(", the first %,d of %,d bytes", n, content.size()) : "";
        if (!looksLikeText(bytes)) {
            return new ContentText("", false, "binary: shown in hex");
        }
        // A cut may split the last character: up to 3 bytes at the end may be left out.
        for (int drop = 0; drop <= (cut.isEmpty() ? 0 : 3) && drop <= bytes.length; drop++) {
            String s = utf8(bytes, bytes.length - drop);
            if (s != null) {
                return new ContentText(s, true, "UTF-8 text" + cut);
            }
        }
        return new ContentText(new String(bytes, StandardCharsets.ISO_8859_1), true, "Latin-1 text (not UTF-8)" + cut);
    }

    private static String utf8(byte[] b, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** No NUL bytes, and control characters (but tab, newline, carriage return, form feed, escape) under 2%. */
    static boolean looksLikeText(byte[] b) {
        int control = 0;
        for (byte c : b) {
            if (c == 0) {
                return false;
            }
            if ((c & 0xFF) < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
                control++;
            }
        }
        return control * 50 <= b.length;
    }
}

package erofsbrowser.apex;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.LittleEndian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Android's binary XML (AXML, as aapt2 compiles {@code AndroidManifest.xml}) turned back into XML
 * text. The layout is AOSP's {@code ResourceTypes.h}: a {@code RES_XML_TYPE} chunk holding a string
 * pool, a resource map (attribute resource IDs), then namespace, element and CDATA chunks. Chunk
 * sizes are checked against their parents; the text is bounded, as one string may be referred to
 * by any number of attributes.
 */
public final class BinaryXml {
    static final int RES_STRING_POOL_TYPE = 0x0001;
    static final int RES_XML_TYPE = 0x0003;
    static final int RES_XML_START_NAMESPACE_TYPE = 0x0100;
    static final int RES_XML_END_NAMESPACE_TYPE = 0x0101;
    static final int RES_XML_START_ELEMENT_TYPE = 0x0102;
    static final int RES_XML_END_ELEMENT_TYPE = 0x0103;
    static final int RES_XML_CDATA_TYPE = 0x0104;
    static final int RES_XML_RESOURCE_MAP_TYPE = 0x0180;
    static final int UTF8_FLAG = 1 << 8;
    static final long NO_ENTRY = 0xFFFF_FFFFL;
    /** The longest text made: an element may name one long string many times. */
    static final int MAX_TEXT = 4 << 20;

    /** Names of the framework attributes a manifest of an APEX uses, for pools that leave names out. */
    private static final Map<Long, String> ANDROID_ATTRIBUTES = Map.of(
            0x0101021bL, "versionCode", 0x0101021cL, "versionName", 0x0101000cL, "hasCode",
            0x0101020cL, "minSdkVersion", 0x01010270L, "targetSdkVersion", 0x01010003L, "name",
            0x01010001L, "label", 0x01010002L, "icon");

    private final byte[] b;
    /** Where each string of the pool starts; decoded when used, as many entries may share one long string. */
    private int[] stringStarts = new int[0];
    private int poolEnd;
    private boolean poolUtf8;
    private long[] resourceIds = new long[0];
    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    private final List<String[]> pendingNamespaces = new ArrayList<>();
    private int depth;
    /** Whether the last thing written is a start tag's closing "&gt;\n", which an end tag right after turns into "/&gt;". */
    private boolean openTag;

    private BinaryXml(byte[] b) {
        this.b = b;
    }

    /** Whether {@code bytes} start like binary XML ({@code 03 00 08 00}). */
    public static boolean isBinaryXml(byte[] bytes) {
        return bytes.length >= 8 && LittleEndian.u16(bytes, 0) == RES_XML_TYPE && LittleEndian.u16(bytes, 2) == 8;
    }

    /** The XML text of the binary XML document {@code bytes}. */
    public static String toText(byte[] bytes) throws ImageException {
        BinaryXml x = new BinaryXml(bytes);
        x.document();
        return x.out.toString();
    }

    private void document() throws ImageException {
        if (!isBinaryXml(b)) {
            throw new ImageException("not binary XML: it must start with a RES_XML_TYPE chunk header (03 00 08 00)", 0);
        }
        long size = LittleEndian.u32(b, 4);
        if (size > b.length || size < 8) {
            throw new ImageException("the XML chunk says " + size + " bytes, the file has " + b.length, 4);
        }
        int at = 8;
        while (at < size) {
            at = chunk(at, (int) size);
        }
    }

    /** Reads the chunk at {@code at}: the index just past it. */
    private int chunk(int at, int end) throws ImageException {
        if (end - at < 8) {
            throw new ImageException("a chunk header is cut short by the end of its parent chunk", at);
        }
        int type = LittleEndian.u16(b, at);
        int headerSize = LittleEndian.u16(b, at + 2);
        long size = LittleEndian.u32(b, at + 4);
        if (headerSize < 8 || size < headerSize || size > end - at) {
            throw new ImageException(String.format("chunk type 0x%04x: header size %d and size %d do not fit the %d bytes left",
                    type, headerSize, size, end - at), at);
        }
        int chunkEnd = at + (int) size;
        switch (type) {
            case RES_STRING_POOL_TYPE -> stringPool(at, headerSize, chunkEnd);
            case RES_XML_RESOURCE_MAP_TYPE -> {
                resourceIds = new long[(chunkEnd - at - headerSize) / 4];
                for (int i = 0; i < resourceIds.length; i++) {
                    resourceIds[i] = LittleEndian.u32(b, at + headerSize + 4 * i);
                }
            }
            case RES_XML_START_NAMESPACE_TYPE -> {
                need(at, headerSize + 8, chunkEnd, "namespace");
                pendingNamespaces.add(new String[] {string(LittleEndian.u32(b, at + headerSize), at),
                        string(LittleEndian.u32(b, at + headerSize + 4), at)});
            }
            case RES_XML_START_ELEMENT_TYPE -> startElement(at, headerSize, chunkEnd);
            case RES_XML_END_ELEMENT_TYPE -> {
                need(at, headerSize + 8, chunkEnd, "end element");
                depth = Math.max(0, depth - 1);
                String name = string(LittleEndian.u32(b, at + headerSize + 4), at);
                if (openTag) {
                    out.setLength(out.length() - 2);
                    out.append(" />\n");
                } else {
                    append("  ".repeat(depth) + "</" + name + ">\n");
                }
                openTag = false;
            }
            case RES_XML_CDATA_TYPE -> {
                need(at, headerSize + 4, chunkEnd, "CDATA");
                append("  ".repeat(depth) + escape(string(LittleEndian.u32(b, at + headerSize), at)) + "\n");
                openTag = false;
            }
            default -> { } // RES_XML_END_NAMESPACE_TYPE and chunks a manifest never holds: nothing to show
        }
        return chunkEnd;
    }

    private void stringPool(int at, int headerSize, int end) throws ImageException {
        need(at, 28, end, "string pool header");
        long count = LittleEndian.u32(b, at + 8);
        long styles = LittleEndian.u32(b, at + 12);
        boolean utf8 = (LittleEndian.i32(b, at + 16) & UTF8_FLAG) != 0;
        long stringsStart = LittleEndian.u32(b, at + 20);
        if (count > (end - at - headerSize) / 4 || styles > (end - at - headerSize) / 4
                || headerSize + 4 * (count + styles) > end - at || stringsStart > end - at) {
            throw new ImageException("the string pool's counts (" + count + " strings, " + styles
                    + " styles) do not fit its " + (end - at) + " bytes", at + 8);
        }
        int data = at + (int) stringsStart;
        stringStarts = new int[(int) count];
        for (int i = 0; i < count; i++) {
            long offset = LittleEndian.u32(b, at + headerSize + 4 * i);
            if (offset >= end - data) {
                throw new ImageException("string " + i + " of the pool starts outside it", at + headerSize + 4 * i);
            }
            stringStarts[i] = data + (int) offset;
        }
        poolEnd = end;
        poolUtf8 = utf8;
    }

    private String utf8String(int at, int end) throws ImageException {
        int[] pos = {at};
        length8(pos, end); // the length in UTF-16 units, which the bytes give again
        int bytes = length8(pos, end);
        if (bytes > end - pos[0]) {
            throw new ImageException("a UTF-8 string of " + bytes + " bytes overruns the string pool", at);
        }
        return new String(b, pos[0], bytes, StandardCharsets.UTF_8);
    }

    private int length8(int[] pos, int end) throws ImageException {
        if (pos[0] >= end) {
            throw new ImageException("a string length is cut short by the end of the pool", pos[0]);
        }
        int first = b[pos[0]++] & 0xFF;
        if ((first & 0x80) == 0) {
            return first;
        }
        if (pos[0] >= end) {
            throw new ImageException("a string length is cut short by the end of the pool", pos[0]);
        }
        return (first & 0x7F) << 8 | (b[pos[0]++] & 0xFF);
    }

    private String utf16String(int at, int end) throws ImageException {
        if (end - at < 2) {
            throw new ImageException("a string length is cut short by the end of the pool", at);
        }
        int units = LittleEndian.u16(b, at);
        int pos = at + 2;
        if ((units & 0x8000) != 0) {
            if (end - pos < 2) {
                throw new ImageException("a string length is cut short by the end of the pool", at);
            }
            units = (units & 0x7FFF) << 16 | LittleEndian.u16(b, pos);
            pos += 2;
        }
        if (units > (end - pos) / 2) {
            throw new ImageException("a UTF-16 string of " + units + " units overruns the string pool", at);
        }
        return new String(b, pos, units * 2, StandardCharsets.UTF_16LE);
    }

    private void startElement(int at, int headerSize, int end) throws ImageException {
        int ext = at + headerSize;
        need(at, headerSize + 20, end, "start element");
        String name = string(LittleEndian.u32(b, ext + 4), at);
        int attributeStart = LittleEndian.u16(b, ext + 8);
        int attributeSize = LittleEndian.u16(b, ext + 10);
        int count = LittleEndian.u16(b, ext + 12);
        if (attributeSize < 20 || (long) attributeStart + (long) attributeSize * count > end - ext) {
            throw new ImageException("element <" + Printable.of(name) + ">: " + count + " attributes of " + attributeSize
                    + " bytes do not fit its chunk", ext + 8);
        }
        StringBuilder tag = new StringBuilder("  ".repeat(depth)).append('<').append(name);
        for (String[] ns : pendingNamespaces) {
            tag.append(" xmlns:").append(ns[0]).append("=\"").append(escape(ns[1])).append('"');
        }
        pendingNamespaces.clear();
        for (int i = 0; i < count; i++) {
            int a = ext + attributeStart + i * attributeSize;
            String prefix = prefixOf(LittleEndian.u32(b, a), a);
            long nameIndex = LittleEndian.u32(b, a + 4);
            tag.append(' ').append(prefix.isEmpty() ? "" : prefix + ":").append(attributeName(nameIndex, a))
                    .append("=\"").append(escape(value(a))).append('"');
            checkLength(tag.length(), a);
        }
        append(tag.append(">\n").toString());
        openTag = true;
        depth++;
    }

    private String prefixOf(long uri, int at) throws ImageException {
        if (uri == NO_ENTRY) {
            return "";
        }
        String u = string(uri, at);
        return u.equals("http://schemas.android.com/apk/res/android") ? "android" : "ns" + uri;
    }

    private String attributeName(long index, int at) throws ImageException {
        String name = string(index, at);
        if (name.isEmpty() && index < resourceIds.length) {
            return ANDROID_ATTRIBUTES.getOrDefault(resourceIds[(int) index], String.format("attr_0x%08x", resourceIds[(int) index]));
        }
        return name;
    }

    /** An attribute's value: its raw string where kept, else its typed value (Res_value). */
    private String value(int a) throws ImageException {
        long raw = LittleEndian.u32(b, a + 8);
        if (raw != NO_ENTRY) {
            return string(raw, a + 8);
        }
        int type = b[a + 15] & 0xFF;
        long data = LittleEndian.u32(b, a + 16);
        return switch (type) {
            case 0x00 -> "";
            case 0x01 -> String.format("@0x%08x", data);
            case 0x02 -> String.format("?0x%08x", data);
            case 0x03 -> string(data, a + 16);
            case 0x04 -> Float.toString(Float.intBitsToFloat((int) data));
            case 0x10 -> Integer.toString((int) data);
            case 0x11 -> String.format("0x%x", data);
            case 0x12 -> data != 0 ? "true" : "false";
            case 0x1c, 0x1d, 0x1e, 0x1f -> String.format("#%08x", data);
            default -> String.format("(type 0x%02x) 0x%08x", type, data);
        };
    }

    private String string(long index, int at) throws ImageException {
        if (index == NO_ENTRY) {
            return "";
        }
        if (index >= stringStarts.length) {
            throw new ImageException("string index " + index + " is beyond the string pool's " + stringStarts.length
                    + " strings", at);
        }
        int start = stringStarts[(int) index];
        return poolUtf8 ? utf8String(start, poolEnd) : utf16String(start, poolEnd);
    }

    private void need(int at, int length, int end, String what) throws ImageException {
        if (length > end - at) {
            throw new ImageException("the " + what + " chunk is too short: " + (end - at) + " bytes, at least " + length
                    + " needed", at);
        }
    }

    private void append(String text) throws ImageException {
        checkLength(out.length() + text.length(), 0);
        out.append(text);
    }

    private void checkLength(long length, int at) throws ImageException {
        if (length > MAX_TEXT) {
            throw new ImageException("the XML text would exceed " + MAX_TEXT + " characters", at);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

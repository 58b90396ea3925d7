package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageSource;

import java.util.List;

/**
 * A group of field trees over one run of bytes, with what their offsets count from: a file's
 * bytes (the zip, the payload) or an entry's inflated content, which lies in no file.
 *
 * @param title  what they are ("zip", "apex_manifest.pb", "AVB")
 * @param origin what their offsets count from
 * @param fields the trees, in byte order
 */
public record Structures(String title, Origin origin, List<Field> fields) {
    public Structures {
        fields = List.copyOf(fields);
    }

    /** What the offsets of a group of trees count from. */
    public sealed interface Origin {
    }

    /** Offsets count from the start of {@code source} (add its {@code fileOffset()} for the file's). */
    public record InSource(ImageSource source) implements Origin {
    }

    /** Offsets count from the start of a deflated entry's content, {@code content} here. */
    public record InEntry(String entryName, byte[] content) implements Origin {
        public InEntry {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }
}

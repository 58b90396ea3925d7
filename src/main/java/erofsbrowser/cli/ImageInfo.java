package erofsbrowser.cli;

import erofsbrowser.apex.ApexImage;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImagePart;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code info} of an image of any format, from the model: its format, size, warnings, the parts
 * around its filesystem (an APEX's zip, manifest and AVB), and what its tree holds. An EROFS
 * image gets {@link InfoCommand}'s own output, every superblock fact by name; {@code --fields}
 * shows any format's superblock field by field.
 */
final class ImageInfo {
    /** What a walk of the tree counts. */
    private static final class Counts {
        final Map<FileType, Long> byType = new EnumMap<>(FileType.class);
        long entries;
        long fileBytes;
        long storedBytes;
        /** False for a file read as bytes only: it has no tree to count. */
        boolean hasTree = true;
    }

    private ImageInfo() {
    }

    static void print(FileSystemImage image, Arguments args, PrintStream out, FaultReport faults) throws ImageException {
        Counts c = count(image, faults);
        out.printf("image:            %s%n", args.image());
        out.printf("format:           %s%n", image.formatName());
        out.printf("image size:       %d bytes%n", fileSize(image));
        if (image instanceof ApexImage apex && apex.inflated()) {
            out.printf("%-18s%d bytes, inflated; the offsets below are in it%n", apex.bytesName() + ":", image.source().length());
        }
        for (String w : image.warnings()) {
            out.printf("warning:          %s%n", erofsbrowser.image.Printable.escape(w));
        }
        for (ImagePart part : image.parts()) {
            out.printf("part:             %s%n", part.name());
            for (String summary : part.summary()) {
                for (String line : summary.split("\n")) {
                    out.printf("                  %s%n", erofsbrowser.image.Printable.escape(line));
                }
            }
        }
        java.util.List<erofsbrowser.image.Fact> facts = image.facts();
        if (!facts.isEmpty() && image.filesystemOffset() != 0) {
            out.printf("filesystem:       at byte offset %d of %s; its superblock says:%n", image.filesystemOffset(),
                    image instanceof ApexImage apex ? apex.bytesName() : "the file");
        }
        printFacts(facts, out);
        if (!c.hasTree) {
            out.printf("entries:          none can be read (%s)%n", facts.isEmpty() ? "no filesystem" : "its root cannot be read");
            return;
        }
        out.printf("entries:          %d (%s)%n", c.entries, c.byType.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", ")));
        out.printf("file data:        %d bytes, stored in %d bytes%n", c.fileBytes, c.storedBytes);
    }

    /** The bytes of IMAGE: a CAPEX's own, not those of original_apex inflated, which its offsets count in. */
    private static long fileSize(FileSystemImage image) {
        return image instanceof ApexImage apex ? apex.apexFile().size() : image.source().length();
    }

    /** Each fact on a line of its own, its name in the column {@code info} gives names. */
    static void printFacts(java.util.List<erofsbrowser.image.Fact> facts, PrintStream out) {
        for (erofsbrowser.image.Fact f : facts) {
            out.printf("%-18s%s%n", f.name() + ":", erofsbrowser.image.Printable.escape(f.value()));
        }
    }

    static Json json(FileSystemImage image, Arguments args, FaultReport faults) throws ImageException {
        Counts c = count(image, faults);
        Json j = new Json().beginObject();
        j.key("image").value(args.image());
        j.key("format").value(image.formatName());
        j.key("image_size").value(fileSize(image));
        j.key("warnings").beginArray();
        for (String w : image.warnings()) {
            j.value(w);
        }
        j.endArray();
        j.key("parts").beginArray();
        for (ImagePart part : image.parts()) {
            j.beginObject().key("name").value(part.name()).key("summary").beginArray();
            for (String line : part.summary()) {
                j.value(line);
            }
            j.endArray().endObject();
        }
        j.endArray();
        j.key("facts").beginArray();
        for (erofsbrowser.image.Fact f : image.facts()) {
            j.beginObject().key("name").value(f.name()).key("value").value(f.value()).endObject();
        }
        j.endArray();
        j.key("entries").value(c.entries);
        j.key("entries_by_type").beginObject();
        for (FileType t : FileType.values()) {
            j.key(t.label()).value(c.byType.getOrDefault(t, 0L));
        }
        j.endObject();
        j.key("file_bytes").value(c.fileBytes);
        j.key("stored_bytes").value(c.storedBytes);
        return j.endObject();
    }

    private static Counts count(FileSystemImage image, FaultReport faults) throws ImageException {
        Counts c = new Counts();
        erofsbrowser.image.Node root;
        try {
            root = image.root();
        } catch (ImageException e) { // a file read as bytes only: nothing to count, and why
            if (faults.strict()) {
                throw e;
            }
            faults.fault(new erofsbrowser.image.Fault(null, e));
            c.hasTree = false;
            return c;
        }
        faults.walk(image, root, n -> {
            c.entries++;
            c.byType.merge(n.type(), 1L, Long::sum);
            if (n.type() == FileType.FILE) {
                c.fileBytes += n.size();
                c.storedBytes += image.storedSize(n).bytes();
            }
        });
        return c;
    }
}

package erofsbrowser.app;

import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.DataRun;
import erofsbrowser.image.Fault;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import erofsbrowser.image.Printable;
import erofsbrowser.image.Problem;
import erofsbrowser.image.StoredSize;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads an {@link EntryView} for an entry or for the image. Runs in background tasks only. */
final class EntryViews {
    private EntryViews() {
    }

    /** A byte's offset in the file, hex and decimal, and in the payload's filesystem where it lies in one. */
    private static String offsetText(FileSystemImage image, long at) {
        long inside = image.offsetInFilesystem(at);
        return String.format("0x%x  (%,d)", at, at) + (inside < 0 ? "" : String.format(";  0x%x  (%,d) in the payload", inside, inside));
    }

    /**
     * What the pane shows of an entry, read as far as it can be: a part that cannot be read (its
     * link target, its map of data, its structures) becomes a "fault" line, and the rest is shown.
     * {@code fault} is what the tree already knows is wrong with it, or null.
     */
    static EntryView forNode(ImageSession session, Node node, Fault fault) {
        FileSystemImage image = session.image();
        List<EntryView.Fact> facts = new ArrayList<>();
        facts.add(new EntryView.Fact("path", node.pathString()));
        facts.add(new EntryView.Fact("type", node.type().label()));
        if (node.type() == FileType.CHR || node.type() == FileType.BLK) {
            facts.add(new EntryView.Fact("device", node.rdevMajor() + ", " + node.rdevMinor()));
        } else {
            facts.add(new EntryView.Fact("size", String.format("%,d bytes", node.size())));
        }
        facts.add(new EntryView.Fact("mode", String.format("0%o  %c%s", node.permissions(), node.type().lsChar(),
                FileType.permissionString(node.permissions()))));
        facts.add(new EntryView.Fact("uid / gid", node.uid() + " / " + node.gid()));
        facts.add(new EntryView.Fact("modified", erofsbrowser.image.Times.instant(node.mtime(), Integer.toUnsignedLong(node.mtimeNanos())
                % 1_000_000_000L) + "  (" + node.mtime() + ")"));
        facts.add(new EntryView.Fact("links", Long.toString(node.nlink())));
        facts.add(new EntryView.Fact("location", offsetText(image, image.filesystemOffset() + node.location())));
        if (fault != null) {
            facts.add(new EntryView.Fact("fault", fault.line()));
        }
        if (node.type() == FileType.SYMLINK) {
            try {
                facts.add(new EntryView.Fact("target", Printable.escape(new String(image.linkTarget(node), StandardCharsets.UTF_8))));
            } catch (ImageException e) {
                facts.add(new EntryView.Fact("fault", "the target cannot be read: " + e.getMessage()));
            }
        }
        List<DataRun> runs = List.of();
        if (node.type() == FileType.FILE || node.type() == FileType.DIR || node.type() == FileType.SYMLINK) {
            try {
                StoredSize stored = image.storedSize(node);
                facts.add(new EntryView.Fact("stored", storedText(node.size(), stored)));
                runs = image.dataRuns(node);
            } catch (ImageException e) {
                facts.add(new EntryView.Fact("fault", "where the content is stored cannot be read: " + e.getMessage()));
            }
        }
        List<Field> structures = List.of();
        try {
            structures = image.structures(node);
        } catch (ImageException e) {
            facts.add(new EntryView.Fact("fault", "the structures cannot be read: " + e.getMessage()));
        }
        long scrollTo = -1;
        for (Field f : structures) {
            if (f.name().contains("inode")) {
                scrollTo = f.offset();
                break;
            }
        }
        return new EntryView(node.pathString(), node, facts, structures, runs, scrollTo);
    }

    /**
     * A fault the tree or the Problems pane shows: what is wrong, where, and the structure that
     * holds its byte (from the map of owners, when it is built) with the fault marked on the field
     * at that byte; else the bytes at the fault, marked.
     */
    static EntryView forFault(ImageSession session, Fault fault, ByteOwnerMap owners) {
        long at = fault.offset();
        List<EntryView.Fact> facts = new ArrayList<>();
        facts.add(new EntryView.Fact("problem", Printable.escape(fault.problem())));
        facts.add(new EntryView.Fact("offset", offsetText(session.image(), at)));
        fault.error().path().ifPresent(p -> facts.add(new EntryView.Fact("path", Printable.escape(p))));
        if (!fault.nameText().isEmpty()) {
            facts.add(new EntryView.Fact("name", fault.nameText()));
        }
        Problem problem = Problem.error(fault.problem());
        List<Field> structures = new ArrayList<>();
        ByteOwner owner = null;
        if (owners != null) {
            try {
                owner = owners.at(at);
            } catch (ImageException e) {
                facts.add(new EntryView.Fact("structure", "unknown: " + e.getMessage()));
            }
        }
        if (owner != null && owner.structure() != null) {
            facts.add(new EntryView.Fact("structure", owner.description()));
            structures.add(owner.structure().withProblemAt(at, problem));
        } else {
            long length = session.image().source().length();
            int n = (int) Math.max(0, Math.min(16, length - at));
            if (n > 0) {
                try {
                    byte[] bytes = session.image().source().read(at, n);
                    structures.add(new Field("bytes at the fault", at, n, new FieldValue.Bytes(bytes),
                            owner == null ? "no structure of the map holds them" : owner.description(), List.of(), List.of(problem)));
                } catch (ImageException e) {
                    facts.add(new EntryView.Fact("bytes", "cannot be read: " + e.getMessage()));
                }
            } else {
                facts.add(new EntryView.Fact("bytes", "past the end of the image (" + String.format("%,d", length) + " bytes)"));
            }
        }
        String name = fault.nameText();
        String title = "Fault: " + (name.isEmpty() ? fault.error().path().map(Printable::escape).orElse("image") : name);
        return new EntryView(title, null, facts, structures, List.of(), at < session.image().source().length() ? at : -1, at);
    }

    /** Stored bytes, the ratio to the content's size, and where the rest is. */
    static String storedText(long size, StoredSize stored) {
        StringBuilder sb = new StringBuilder(String.format("%,d bytes", stored.bytes()));
        if (stored.bytes() > 0 && stored.bytes() < size) { // compressed: how much smaller (whole blocks are no news)
            sb.append(String.format(" (ratio %.2f)", (double) size / stored.bytes()));
        }
        if (!stored.note().isEmpty()) {
            sb.append(", ").append(stored.note());
        }
        return sb.toString();
    }

    /** A part of the file around its filesystem: what it says, and its structures. */
    static EntryView forPart(erofsbrowser.image.ImagePart part) {
        List<EntryView.Fact> facts = new ArrayList<>();
        for (String line : part.summary()) {
            facts.add(new EntryView.Fact("", line));
        }
        long scrollTo = part.structures().isEmpty() ? -1 : part.structures().get(0).offset();
        return new EntryView(part.name(), null, facts, part.structures(), List.of(), scrollTo);
    }

    static EntryView forImage(ImageSession session) throws ImageException {
        FileSystemImage image = session.image();
        List<EntryView.Fact> facts = new ArrayList<>();
        facts.add(new EntryView.Fact("file", session.file() + (session.offset() != 0 ? " at byte " + session.offset() : "")));
        facts.add(new EntryView.Fact("format", image.formatName()));
        String bytes = image instanceof erofsbrowser.apex.ApexImage apex ? apex.bytesName() : "the file";
        if (image instanceof erofsbrowser.apex.ApexImage apex && apex.inflated()) { // a CAPEX: its APEX, inflated
            facts.add(new EntryView.Fact("image size", String.format("%,d bytes", apex.apexFile().size())));
            facts.add(new EntryView.Fact(bytes, String.format("%,d bytes, inflated; the bytes shown are its", image.source().length())));
        } else {
            facts.add(new EntryView.Fact("image size", String.format("%,d bytes", image.source().length())));
        }
        erofsbrowser.image.ByteRange fs = image.filesystemRange();
        if (fs.offset() != 0) {
            facts.add(new EntryView.Fact("payload", String.format("filesystem at 0x%x..0x%x  (%,d bytes) of %s", fs.offset(),
                    fs.end(), fs.length(), bytes)));
        }
        for (String w : image.warnings()) {
            facts.add(new EntryView.Fact("warning", w));
        }
        List<Field> structures = image.imageStructures();
        long scrollTo = structures.isEmpty() ? -1 : structures.get(0).offset();
        return new EntryView(session.fileName(), null, facts, structures, List.of(), scrollTo);
    }
}

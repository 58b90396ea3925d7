package erofsbrowser.app;

import erofsbrowser.image.DataRun;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import erofsbrowser.image.StoredSize;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads an {@link EntryView} for an entry or for the image. Runs in background tasks only. */
final class EntryViews {
    private EntryViews() {
    }

    static EntryView forNode(ImageSession session, Node node) throws ImageException {
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
        facts.add(new EntryView.Fact("modified", Instant.ofEpochSecond(node.mtime(), Integer.toUnsignedLong(node.mtimeNanos())
                % 1_000_000_000L) + "  (" + node.mtime() + ")"));
        facts.add(new EntryView.Fact("links", Long.toString(node.nlink())));
        if (node.type() == FileType.SYMLINK) {
            facts.add(new EntryView.Fact("target", new String(image.linkTarget(node), StandardCharsets.UTF_8)));
        }
        List<DataRun> runs = List.of();
        if (node.type() == FileType.FILE || node.type() == FileType.DIR || node.type() == FileType.SYMLINK) {
            StoredSize stored = image.storedSize(node);
            facts.add(new EntryView.Fact("stored", storedText(node.size(), stored)));
            runs = image.dataRuns(node);
        }
        List<Field> structures = image.structures(node);
        long scrollTo = -1;
        for (Field f : structures) {
            if (f.name().contains("inode")) {
                scrollTo = f.offset();
                break;
            }
        }
        return new EntryView(node.pathString(), node, facts, structures, runs, scrollTo);
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
        facts.add(new EntryView.Fact("image size", String.format("%,d bytes", image.source().length())));
        for (String w : image.warnings()) {
            facts.add(new EntryView.Fact("warning", w));
        }
        List<Field> structures = image.imageStructures();
        long scrollTo = structures.isEmpty() ? -1 : structures.get(0).offset();
        return new EntryView(session.fileName(), null, facts, structures, List.of(), scrollTo);
    }
}

package erofsbrowser.cli;

import erofsbrowser.image.FileContent;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.InodeSet;
import erofsbrowser.image.Node;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code check} through the model, on one thread, for any format: lists every directory, reads
 * every file's content (hard links once) and every symlink's target. Past faults, each is
 * reported where it is met and the walk goes on; strict, the first ends it. {@link CheckCommand}
 * checks a sound EROFS image faster, on several threads, and comes here for the faults of one
 * that is not.
 */
final class ModelCheck {
    long entries;
    long files;
    long bytes;

    void run(FileSystemImage image, FaultReport faults) throws ImageException {
        InodeSet linkedFilesRead = new InodeSet();
        FileContent.Sink count = (b, off, len) -> bytes += len;
        faults.walk(image, image.root(), n -> {
            entries++;
            try {
                if (n.type() == FileType.FILE) {
                    if (n.nlink() > 1 && !linkedFilesRead.add(n.inodeNumber())) {
                        return;
                    }
                    files++;
                    read(image.content(n), n, count, faults);
                } else if (n.type() == FileType.SYMLINK) {
                    image.linkTarget(n);
                }
            } catch (ImageException e) {
                faults.fault(n, e);
            }
        });
    }

    private static void read(FileContent content, Node n, FileContent.Sink sink, FaultReport faults) throws ImageException {
        try {
            if (faults.strict()) {
                content.transferTo(sink);
            } else {
                content.transferPast(sink, e -> faults.fault(new erofsbrowser.image.Fault(n.name(),
                        e.path().isPresent() ? e : e.atPath(n.pathString()))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // counting bytes does no I/O
        }
    }
}

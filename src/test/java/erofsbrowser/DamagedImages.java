package erofsbrowser;

import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Damaged copies of the plain mini image, each with one kind of fault patched into its bytes, for
 * the reader's, the command line's and the window's tests of reading past faults.
 */
public final class DamagedImages {
    private static final Fixture PLAIN = Fixture.mini("plain");

    private DamagedImages() {
    }

    /** A damaged image, and the byte offsets of what was patched, in the order patched. */
    public record Damaged(Path image, long[] offsets) {
        public long[] sortedOffsets() {
            long[] sorted = offsets.clone();
            Arrays.sort(sorted);
            return sorted;
        }
    }

    @FunctionalInterface
    private interface Patch {
        long[] apply(byte[] b, ErofsImage image) throws Exception;
    }

    private static Damaged patched(Path dir, String name, Patch patch) throws Exception {
        byte[] b = Files.readAllBytes(PLAIN.image());
        long[] offsets;
        try (ErofsImage image = PLAIN.open()) {
            offsets = patch.apply(b, image);
        }
        Path out = dir.resolve(name);
        Files.write(out, b);
        return new Damaged(out, offsets);
    }

    /**
     * ../shared/apex/com.example.erofs.apex with its payload's superblock magic zeroed: its zip,
     * manifest, key and AVB parts are whole, its payload holds no filesystem. Offset: the magic's,
     * in the file.
     */
    public static Damaged apexWithoutPayloadMagic(Path dir) throws Exception {
        Path good = Path.of(System.getProperty("apex.dir", "../shared/apex"), "com.example.erofs.apex");
        long payloadAt;
        try (erofsbrowser.apex.ApexFile apex = erofsbrowser.apex.ApexFile.open(good)) {
            payloadAt = apex.payload().orElseThrow().source().fileOffset();
        }
        byte[] b = Files.readAllBytes(good);
        int magic = (int) payloadAt + 1024;
        Arrays.fill(b, magic, magic + 4, (byte) 0);
        Path out = dir.resolve("no-payload-magic.apex");
        Files.write(out, b);
        return new Damaged(out, new long[] {magic});
    }

    /**
     * /bigdir's 300 entries with three names patched in place: f010 to "../x", f020 to "a/bc" and
     * f030 to "f0", NUL, "z". Offsets: the three names'.
     */
    public static Damaged hostileNames(Path dir) throws Exception {
        return patched(dir, "hostile-names.erofs", (b, image) -> new long[] {
                rename(b, image, "/bigdir/f010", "../x"),
                rename(b, image, "/bigdir/f020", "a/bc"),
                rename(b, image, "/bigdir/f030", "f0\0z")});
    }

    /** /hello.txt's inode with a reserved i_format bit set (the kernel refuses it). Offset: the inode's. */
    public static Damaged badInode(Path dir) throws Exception {
        return patched(dir, "bad-inode.erofs", (b, image) -> {
            long at = image.lookup("/hello.txt").inode().offset();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort((int) at, (short) 0x0021);
            return new long[] {at};
        });
    }

    /**
     * Names an image may hold that a terminal would act on: /text-70k.txt renamed to "text", ESC
     * "[2J" (clear the screen), ".txt"; /hello.txt to "hel", CR, "lo", LF, "xt"; and /link-short's
     * target "hello.txt" to ESC "[31mRED!". Not faults: the names keep their order, and the kernel
     * lists them. Offsets: the two names' and the target's.
     */
    public static Damaged controlCharacters(Path dir) throws Exception {
        return patched(dir, "control-characters.erofs", (b, image) -> {
            long target = image.dataRuns(image.lookup("/link-short")).get(0).stored().offset();
            byte[] red = "\u001b[31mRED!".getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(red, 0, b, (int) target, red.length);
            return new long[] {
                    rename(b, image, "/text-70k.txt", "text\u001b[2J.txt"),
                    rename(b, image, "/hello.txt", "hel\rlo\nxt"),
                    target};
        });
    }

    /** /link-short's i_size set to 0: a symlink with an empty target, which no system call makes. Offset: its i_size. */
    public static Damaged emptySymlink(Path dir) throws Exception {
        return patched(dir, "empty-symlink.erofs", (b, image) -> {
            long at = image.lookup("/link-short").inode().offset() + 8;
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt((int) at, 0);
            return new long[] {at};
        });
    }

    /** /deep/l1/l2's entry "l3" names /deep instead: a loop through three levels. Offset: the dirent's. */
    public static Damaged loop(Path dir) throws Exception {
        return patched(dir, "loop.erofs", (b, image) -> {
            Entry l3 = image.lookup("/deep/l1/l2/l3");
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong((int) l3.dirent().offset(), image.lookup("/deep").nid());
            return new long[] {l3.dirent().offset()};
        });
    }

    private static long rename(byte[] b, ErofsImage image, String path, String newName) throws Exception {
        Entry e = image.lookup(path);
        byte[] name = newName.getBytes(StandardCharsets.ISO_8859_1);
        if (e.name().length != name.length) {
            throw new IllegalArgumentException("a name of the same length as " + path);
        }
        long at = e.dirent().nameRange().offset();
        System.arraycopy(name, 0, b, (int) at, name.length);
        return at;
    }
}

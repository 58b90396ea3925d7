package erofsbrowser.cli;

import erofsbrowser.Fixture;
import erofsbrowser.erofs.ondisk.DataLayout;
import erofsbrowser.erofs.ondisk.Dirent;
import erofsbrowser.erofs.Entry;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.erofs.ondisk.Inode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged image is refused cleanly: the test copies mini-plain, damages the copy in one way
 * (truncation, superblock magic, directory loops, hostile or invalid names, invalid inodes, data
 * beyond the end), finding the bytes to damage through the reader's API on the intact image, and
 * then runs {@code manifest}, {@code check} and {@code extract IMAGE DEST} on it. Each must exit with status 1 and
 * say exactly one line on standard error that names the image and the byte offset of the problem,
 * with no stack trace and no exception escaping the command line; and extraction must create
 * nothing outside DEST (a subfolder of an otherwise empty folder holding only the image copy).
 */
class CorruptImageTest {
    private static final Fixture PLAIN = Fixture.mini("plain");

    /** Damage done to a copy of the image; {@code intact} is the undamaged image, opened with the reader. */
    @FunctionalInterface
    interface Damage {
        /** Returns the damaged image bytes, and may name the byte offsets the error message may give (else any). */
        Result apply(byte[] bytes, ErofsImage intact) throws Exception;
    }

    /** @param offsets where the damage is: the message must name one of these, or any offset when empty */
    record Result(byte[] bytes, Set<Long> offsets) {
        static Result at(byte[] bytes, Long... offsets) {
            return new Result(bytes, Set.of(offsets));
        }

        static Result anywhere(byte[] bytes) {
            return new Result(bytes, Set.of());
        }
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                // (a) truncation
                Arguments.of("truncated to 1000 bytes (no superblock)", truncatedTo(b -> 1000)),
                Arguments.of("truncated to 2048 bytes (superblock, nothing else)", truncatedTo(b -> 2048)),
                Arguments.of("truncated to half its size", truncatedTo(b -> b.length / 2)),
                Arguments.of("truncated by its last block", (Damage) (b, image) ->
                        Result.anywhere(Arrays.copyOf(b, b.length - image.superblock().blockSize()))),
                // (b) superblock
                Arguments.of("superblock magic flipped", (Damage) (b, image) -> {
                    b[1024] ^= (byte) 0xFF;
                    return Result.at(b, 1024L);
                }),
                // (c) directory loops
                Arguments.of("/special's dirent points at / (the directory holding it)",
                        pointDirentAt("/special", "/")),
                Arguments.of("/deep/l1/l2's dirent points at /deep/l1 (the directory holding it)",
                        pointDirentAt("/deep/l1/l2", "/deep/l1")),
                Arguments.of("/deep/l1/l2's dirent points at /deep (an ancestor)",
                        pointDirentAt("/deep/l1/l2", "/deep")),
                Arguments.of("/deep/l1/l2/l3's dirent points at / (the root)",
                        pointDirentAt("/deep/l1/l2/l3", "/")),
                Arguments.of("/deep/l1/l2/l3's dirent points at /time (a directory elsewhere, whose \"..\" disagrees)",
                        pointDirentAt("/deep/l1/l2/l3", "/time")),
                // (d) and (e) names
                Arguments.of("/special/fifo renamed ../x", rename("/special/fifo", "../x")),
                Arguments.of("/deep/l1 renamed ..", rename("/deep/l1", "..")),
                Arguments.of("/hello.txt renamed hel\\0o.txt (a NUL inside)", rename("/hello.txt", "hel\0o.txt")),
                Arguments.of("/hello.txt renamed link-long, a symlink's name: a file to write through the symlink",
                        rename("/hello.txt", "link-long")),
                Arguments.of("/names/space name.txt renamed with a '/' inside", rename("/names/space name.txt", "space/name.txt")),
                // (f) inodes
                Arguments.of("i_format with a reserved bit", patchInode("/hello.txt", 0, 0x0021, 0)),
                Arguments.of("i_format with data layout 7", patchInode("/hello.txt", 0, 0x000F, 0)),
                Arguments.of("i_mode with no file type", patchInode("/hello.txt", 4, 0644, 4)),
                Arguments.of("i_mode of a directory with type bits 0170000", patchInode("/perm", 4, 0170755, 4)),
                // (g) data beyond the end
                Arguments.of("FLAT_PLAIN file starting far beyond the end", (Damage) (b, image) -> {
                    Inode inode = image.lookup("/exact4096.bin").inode();
                    assertEquals(DataLayout.FLAT_PLAIN, inode.layout(), "the test needs a FLAT_PLAIN file");
                    putLe32(b, inode.offset() + 16, 0x00F0_0000); // i_u: start block 15728640 (60 GiB in)
                    return Result.anywhere(b);
                }),
                Arguments.of("/bigdir/f000's dirent points at /hard-a's inode, whose blocks start far beyond the end"
                        + " (one file, read once, bad first at the link first in walk order)", (Damage) (b, image) -> {
                    Inode inode = image.lookup("/hard-a").inode();
                    assertTrue(inode.nlink() > 1 && inode.size() > image.superblock().blockSize(), "a hard link with whole blocks");
                    putLe64(b, image.lookup("/bigdir/f000").dirent().range().offset(), inode.nid());
                    putLe32(b, inode.offset() + 16, 0x7FFF_FF00);
                    return Result.anywhere(b);
                }),
                Arguments.of("FLAT_INLINE file whose blocks start far beyond the end", (Damage) (b, image) -> {
                    Inode inode = image.lookup("/text-70k.txt").inode();
                    assertEquals(DataLayout.FLAT_INLINE, inode.layout(), "the test needs a FLAT_INLINE file with whole blocks");
                    putLe32(b, inode.offset() + 16, 0x7FFF_FF00);
                    return Result.anywhere(b);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    @Timeout(60)
    void aDamagedImageIsRefusedWithOneLineNamingTheImageAndAnOffset(String what, Damage damage, @TempDir Path temp)
            throws Exception {
        byte[] original = Files.readAllBytes(PLAIN.image());
        Result damaged;
        try (ErofsImage intact = PLAIN.open()) {
            damaged = damage.apply(original.clone(), intact);
        }
        assertFalse(Arrays.equals(original, damaged.bytes()), "the test damaged nothing");
        Path image = Files.write(temp.resolve("damaged.erofs"), damaged.bytes());
        Path dest = temp.resolve("dest");

        CliRun manifest = CliRun.of("manifest", "--strict", image.toString());
        assertRefused(manifest, image, damaged.offsets());

        for (String threads : List.of("1", "4")) {
            CliRun check = CliRun.of("check", "--strict", "--threads", threads, image.toString());
            assertRefused(check, image, damaged.offsets());
            assertEquals(manifest.err(), check.err(), "check fails where manifest, walking in order, fails first");
        }

        CliRun extract = CliRun.of("extract", "--strict", image.toString(), dest.toString());
        assertRefused(extract, image, damaged.offsets());
        Set<String> left = new TreeSet<>();
        try (Stream<Path> files = Files.list(temp)) {
            files.forEach(p -> left.add(p.getFileName().toString()));
        }
        left.remove("dest");
        assertEquals(Set.of("damaged.erofs"), left, "extract wrote outside DEST");
    }

    /**
     * Several damaged entries: check names the one a walk reaches first (depth first, names in
     * order), however its threads share the work, whether the damage is in file data or in a
     * directory, so that a rerun finds the same problem.
     */
    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(strings = {"1", "2", "8"})
    @Timeout(60)
    void checkNamesTheDamagedEntryThatComesFirstInWalkOrder(String threads, @TempDir Path temp) throws Exception {
        byte[] b = Files.readAllBytes(PLAIN.image());
        try (ErofsImage intact = PLAIN.open()) {
            for (String path : List.of("/exact4096.bin", "/text-70k.txt")) { // file data beyond the end
                putLe32(b, intact.lookup(path).inode().offset() + 16, 0x00F0_0000);
            }
            putLe64(b, intact.lookup("/special").dirent().range().offset(), intact.root().nid()); // a loop
        }
        Path image = Files.write(temp.resolve("damaged.erofs"), b);

        for (int run = 0; run < 5; run++) {
            CliRun check = CliRun.of("check", "--strict", "--threads", threads, image.toString());
            assertRefused(check, image, Set.of());
            assertTrue(check.err().contains("/exact4096.bin"), check::describe);
        }
    }

    /**
     * /time's dirent points at /deep/l1/l2/l3: the walk reaches that directory first at
     * /deep/l1/l2/l3 and second at /time, a loop there. A thread may list it from /time first (its
     * ".." is wrong there too); the loop is still the failure at /time, as the walk checks it first.
     */
    @Test
    @Timeout(60)
    void checkNamesALoopWhereTheWalkReachesTheDirectorySecondWhicheverThreadGetsThereFirst(@TempDir Path temp)
            throws Exception {
        byte[] damaged;
        try (ErofsImage intact = PLAIN.open()) {
            damaged = pointDirentAt("/time", "/deep/l1/l2/l3").apply(Files.readAllBytes(PLAIN.image()), intact).bytes();
        }
        Path image = Files.write(temp.resolve("damaged.erofs"), damaged);
        CliRun manifest = CliRun.of("manifest", "--strict", image.toString());
        assertTrue(manifest.err().contains("directory loop") && manifest.err().contains("path /time)"), manifest::describe);

        for (int run = 0; run < 40; run++) { // the threads race differently each time
            CliRun check = CliRun.of("check", "--strict", "--threads", "4", image.toString());
            assertEquals(manifest.err(), check.err(), check::describe);
        }
    }

    private static final Pattern OFFSET = Pattern.compile("at byte offset (\\d+)");

    private static void assertRefused(CliRun run, Path image, Set<Long> offsets) {
        assertEquals(Cli.BAD_IMAGE, run.status(), run::describe);
        List<String> err = run.errLines();
        assertEquals(1, err.size(), () -> "exactly one line on stderr:\n" + run.describe());
        String line = err.get(0);
        assertTrue(line.contains(image.toString()), () -> "names the image: " + line);
        Matcher m = OFFSET.matcher(line);
        assertTrue(m.find(), () -> "names the byte offset (\"at byte offset N\"): " + line);
        if (!offsets.isEmpty()) {
            assertTrue(offsets.contains(Long.parseLong(m.group(1))), () -> "the offset of the damage, one of " + offsets + ": " + line);
        }
        assertFalse(line.contains("Exception") || line.contains("\tat "), () -> "no exception or stack trace: " + line);
    }

    // ---- ways to damage the image -------------------------------------------------------------

    private interface Size {
        int of(byte[] bytes);
    }

    private static Damage truncatedTo(Size size) {
        return (b, image) -> Result.anywhere(Arrays.copyOf(b, size.of(b)));
    }

    /** The dirent naming {@code path} now holds the nid of {@code target}: a directory loop. */
    private static Damage pointDirentAt(String path, String target) {
        return (b, image) -> {
            Entry entry = image.lookup(path);
            Dirent d = entry.dirent();
            assertTrue(entry.inode().isDirectory(), path + " must be a directory");
            long nid = image.lookup(target).nid();
            putLe64(b, d.range().offset(), nid);
            return Result.anywhere(b);
        };
    }

    /** The name of {@code path}'s dirent overwritten in place by {@code name}, of the same length. */
    private static Damage rename(String path, String name) {
        return (b, image) -> {
            Dirent d = image.lookup(path).dirent();
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            assertEquals(d.nameRange().length(), bytes.length, "a name of the same length as " + path);
            System.arraycopy(bytes, 0, b, (int) d.nameRange().offset(), bytes.length);
            return Result.at(b, d.range().offset(), d.nameRange().offset());
        };
    }

    /** The 16-bit field at {@code field} of {@code path}'s inode set to {@code value}; the error must point at {@code reported}. */
    private static Damage patchInode(String path, int field, int value, int reported) {
        return (b, image) -> {
            long at = image.lookup(path).inode().offset();
            b[(int) at + field] = (byte) value;
            b[(int) at + field + 1] = (byte) (value >> 8);
            return Result.at(b, at + reported);
        };
    }

    private static void putLe32(byte[] b, long at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt((int) at, value);
    }

    private static void putLe64(byte[] b, long at, long value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong((int) at, value);
    }
}

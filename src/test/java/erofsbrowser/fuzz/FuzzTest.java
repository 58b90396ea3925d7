package erofsbrowser.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged images of every format are read as far as they go and otherwise refused with the typed
 * error: a short fuzz run (src/bench/fuzz.sh runs the long one), and every mutant that ever broke
 * a reader, kept in src/test/resources/fuzz-corpus.
 */
class FuzzTest {
    private static final Path CORPUS = Path.of("src/test/resources/fuzz-corpus");

    @Test
    void threeThousandMutantsOpenOrAreRefusedWithTheTypedErrorAndNothingElse(@TempDir Path scratch) throws Exception {
        List<Seed> seeds = Fuzzer.standardSeeds(Path.of(System.getProperty("apex.dir", "../shared/apex")));
        // A generous limit: this runs beside the rest of the suite on a shared machine.
        Fuzzer.Report report = new Fuzzer(seeds, scratch, 10_000).run(3000, 20261204L);
        assertEquals(List.of(), report.defects().stream().map(d -> d.seed() + ": " + d.mutation() + "\n" + d.problem()).toList(),
                report.summary());
        assertTrue(report.opened() > 0 && report.refused() > 0, report.summary());
    }

    /** {@code seed} with the first field named {@code field} of its structure trees set to {@code value} (little-endian). */
    private static Path withField(Path seed, String field, long value, Path dir) throws Exception {
        Seed s = Seed.of(seed);
        erofsbrowser.image.Field f = s.fields().stream().filter(x -> x.name().equals(field)).findFirst().orElseThrow();
        byte[] b = s.bytes().clone();
        for (int i = 0; i < f.size(); i++) {
            b[(int) f.offset() + i] = (byte) (value >>> (8 * i));
        }
        return Files.write(dir.resolve(field + "-" + seed.getFileName()), b);
    }

    @Test
    void aTimeNoCalendarHoldsIsShownAsOutOfRange(@TempDir Path dir) throws Exception {
        Path image = withField(Path.of("src/test/resources/fixtures/mini-plain-extended.erofs"), "i_mtime",
                Long.MAX_VALUE, dir);
        Walk.of(image); // was a DateTimeException from the inode's dissector
        try (erofsbrowser.image.FileSystemImage fs = erofsbrowser.open.ImageFiles.open(image, 0, List.of())) {
            List<String> meanings = new java.util.ArrayList<>();
            fs.walk(fs.root(), n -> fs.structures(n).forEach(f -> meaningsOf(f, "i_mtime", meanings)));
            assertTrue(meanings.contains("out of range (9223372036854775807 s)"), meanings.toString());
        }
    }

    private static void meaningsOf(erofsbrowser.image.Field f, String name, List<String> into) {
        if (f.name().equals(name)) {
            into.add(f.meaning());
        }
        f.children().forEach(c -> meaningsOf(c, name, into));
    }

    @Test
    void anExt4InodeWhoseExtraSizeIsZeroIsDissected(@TempDir Path dir) throws Exception {
        Walk.of(withField(Path.of("src/test/resources/fixtures-ext4/mini-ext4-default.img"), "i_extra_isize", 0, dir));
    }

    @Test
    void anXattrValueInodeNumberPastTheInodeCountTakesNoMemory(@TempDir Path dir) throws Exception {
        Path cas = Path.of(System.getProperty("apex.dir", "../shared/apex")).resolve("com.android.hardware.cas.apex");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(cas), "../shared/apex is absent");
        Path image = withField(cas, "e_value_inum", 0xFFFF_FFFFL, dir);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Walk.of(image);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // The owner map's set of inodes grew to 2^32 bits (512 MiB) for an inode number no inode has.
        assertTrue(allocated < (64L << 20), "allocated " + (allocated >> 20) + " MiB");
    }

    @Test
    void aFileWhoseDamagedSizeNoFilesystemCanHoldIsLeftOutOfAnExtractionAndTheRestIsWritten(@TempDir Path dir) throws Exception {
        // The fuzzer's first extracting run met this: an ext4 file whose i_size_high was flipped, its
        // size past what the destination's filesystem allows, stopped the whole extraction (EINVAL).
        Path image = Files.copy(Path.of("src/test/resources/fixtures-ext4/mini-ext4-default.img"), dir.resolve("huge.img"));
        long sizeHigh;
        try (erofsbrowser.image.FileSystemImage fs = erofsbrowser.open.ImageFiles.open(image, 0, List.of())) {
            erofsbrowser.image.Field inode = fs.structures(fs.lookup("/bigdir/f000".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .stream().filter(f -> f.name().equals("ext4_inode")).findFirst().orElseThrow();
            sizeHigh = inode.child("i_size_high").offset();
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.seek(sizeHigh);
            f.write(new byte[] {0, 0, 0, 0x40}); // 2^62 bytes more: holes, for a reader
        }
        Path dest = dir.resolve("dest");
        try (erofsbrowser.image.FileSystemImage fs = erofsbrowser.open.ImageFiles.open(image, 0, List.of())) {
            erofsbrowser.extract.ExtractionReport report = new erofsbrowser.extract.Extractor(fs, dest,
                    new erofsbrowser.extract.ExtractionOptions(1, erofsbrowser.extract.ExtractionOptions.ExistingFiles.SKIP,
                            null, null, () -> false).pastFaults(true)).extract(List.of(fs.root()));
            assertEquals(List.of("/bigdir/f000"), report.skipped().stream().map(s -> s.path()).toList());
            assertTrue(report.skipped().get(0).reason().startsWith("the destination's filesystem cannot hold a file of "),
                    report.skipped().get(0).reason());
        }
        assertTrue(Files.notExists(dest.resolve("bigdir/f000")), "no partial file");
        assertTrue(Files.isRegularFile(dest.resolve("bigdir/f001")), "the rest is written");
    }

    @Test
    void everyMutantThatEverBrokeAReaderIsNowReadOrRefused() throws Exception {
        List<Path> mutants;
        try (Stream<Path> files = Files.list(CORPUS)) {
            mutants = files.filter(p -> !p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        for (Path mutant : mutants) {
            Walk.of(mutant); // throws anything but the typed error, which Walk keeps
        }
    }
}

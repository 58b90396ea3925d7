package erofsbrowser.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs mutants of the seeds through {@link Walk}, one at a time, each under a time limit, and
 * counts how they ended: opened (and how much of the original tree they still listed), refused
 * with the typed error, or a defect (any other exception or error, or a walk past the limit),
 * each defect kept with its seed, its mutation and its mutant's bytes.
 */
final class Fuzzer {
    /** A mutant that broke a reader. */
    record Defect(String seed, String mutation, String problem, byte[] bytes) {
    }

    /** What a run found. */
    record Report(long cases, long opened, long refused, List<Defect> defects, double listedShare,
                  double listedStrictlyShare, long millis) {
        String summary() {
            return String.format("%,d images in %.1f s (%.0f a second): %,d opened, %,d refused with the typed error, "
                            + "%d defects; entries still listed, of the original's, on average over the images "
                            + "opened: %.1f%% going on past faults, %.1f%% stopping at the first",
                    cases, millis / 1000.0, cases * 1000.0 / Math.max(1, millis), opened, refused, defects.size(),
                    100 * listedShare, 100 * listedStrictlyShare);
        }
    }

    /** Extraction writes every file: one mutant in this many is extracted, the rest walked. */
    static final int EXTRACT_EVERY = 16;

    private final List<Seed> seeds;
    private final Path scratch;
    private final long limitMillis;

    Fuzzer(List<Seed> seeds, Path scratch, long limitMillis) {
        this.seeds = List.copyOf(seeds);
        this.scratch = scratch;
        this.limitMillis = limitMillis;
    }

    Report run(long cases, long randomSeed) throws IOException, InterruptedException {
        Random random = new Random(randomSeed);
        List<Defect> defects = new ArrayList<>();
        long opened = 0;
        long refused = 0;
        double shareSum = 0;
        double strictSum = 0;
        long start = System.nanoTime();
        ExecutorService worker = newWorker();
        Path file = scratch.resolve("mutant");
        try {
            for (long i = 0; i < cases; i++) {
                Seed seed = seeds.get(random.nextInt(seeds.size()));
                Mutator.Mutant mutant = Mutator.mutate(seed, random);
                Files.write(file, mutant.bytes());
                // What this case is, should it take the whole JVM down (an OutOfMemoryError elsewhere).
                Files.writeString(scratch.resolve("mutant.txt"), seed.name() + "\n" + mutant.description() + "\n");
                Path written = file;
                // One case in EXTRACT_EVERY is extracted too (into a sandbox that must hold nothing else after).
                Path sandbox = i % EXTRACT_EVERY == 0 ? Files.createDirectories(scratch.resolve("sandbox")) : null;
                Future<Walk.Result> walk = worker.submit(() -> Walk.of(written, sandbox));
                try {
                    Walk.Result r = walk.get(limitMillis, TimeUnit.MILLISECONDS);
                    if (r.opened()) {
                        opened++;
                        shareSum += Math.min(1.0, (double) r.listed() / Math.max(1, seed.entries()));
                        strictSum += Math.min(1.0, (double) r.listedStrictly() / Math.max(1, seed.entries()));
                    } else {
                        refused++;
                    }
                } catch (TimeoutException e) {
                    walk.cancel(true);
                    worker.shutdownNow();
                    worker = newWorker(); // the stuck thread is left behind, a daemon
                    defects.add(new Defect(seed.name(), mutant.description(), "no answer within " + limitMillis + " ms",
                            mutant.bytes()));
                    file = scratch.resolve("mutant-" + i); // the stuck walk may still read the old one
                } catch (ExecutionException e) {
                    defects.add(new Defect(seed.name(), mutant.description(), stackOf(e.getCause()), mutant.bytes()));
                }
            }
        } finally {
            worker.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Report(cases, opened, refused, defects, opened == 0 ? 0 : shareSum / opened,
                opened == 0 ? 0 : strictSum / opened, millis);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-walk");
            t.setDaemon(true);
            return t;
        });
    }

    private static String stackOf(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    /** The seeds: the EROFS and ext4 mini fixtures, and the APEX files of {@code apexDir} when it exists. */
    static List<Seed> standardSeeds(Path apexDir) throws Exception {
        List<Seed> seeds = new ArrayList<>();
        for (Path dir : List.of(Path.of("src/test/resources/fixtures"), Path.of("src/test/resources/fixtures-ext4"))) {
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".erofs") || p.toString().endsWith(".img")).sorted().toList()) {
                    if (f.getFileName().toString().contains("chunked-blob") || f.getFileName().toString().contains("offset")) {
                        continue; // need an extra device or an --offset: not opened alone
                    }
                    seeds.add(Seed.of(f));
                }
            }
        }
        if (apexDir != null && Files.isDirectory(apexDir)) {
            try (var files = Files.list(apexDir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".apex") || p.toString().endsWith(".capex")).sorted().toList()) {
                    seeds.add(Seed.of(f));
                }
            }
        }
        return seeds;
    }
}

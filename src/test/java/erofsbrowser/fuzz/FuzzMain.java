package erofsbrowser.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fuzz run at scale, from src/bench/fuzz.sh: {@code FuzzMain CASES RANDOM_SEED OUT_DIR}. Prints
 * the figures, and writes each defect's mutant and report into OUT_DIR; exit status 1 when any.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        long cases = Long.parseLong(args[0]);
        long seed = Long.parseLong(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        List<Seed> seeds = Fuzzer.standardSeeds(Path.of(System.getProperty("apex.dir", "../shared/apex")));
        System.out.println(seeds.size() + " seeds; " + cases + " cases, random seed " + seed
                + ", heap limit " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        Fuzzer.Report report = new Fuzzer(seeds, Files.createTempDirectory(out, "scratch"), 2000).run(cases, seed);
        System.out.println(report.summary());
        int n = 0;
        for (Fuzzer.Defect d : report.defects()) {
            n++;
            Files.write(out.resolve("defect-" + n + ".bin"), d.bytes());
            Files.writeString(out.resolve("defect-" + n + ".txt"), d.seed() + "\n" + d.mutation() + "\n" + d.problem());
            System.out.println("defect " + n + ": " + d.seed() + ": " + d.mutation() + ": " + d.problem().lines().findFirst().orElse(""));
        }
        System.exit(report.defects().isEmpty() ? 0 : 1);
    }
}

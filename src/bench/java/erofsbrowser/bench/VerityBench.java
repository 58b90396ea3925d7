package erofsbrowser.bench;

import erofsbrowser.apex.ApexFile;
import erofsbrowser.apex.ApexVerifier;
import erofsbrowser.apex.CheckResult;
import erofsbrowser.erofs.ErofsImage;
import erofsbrowser.image.FileSystemImage;

import java.nio.file.Path;

/**
 * The Java side of bench-verity.sh, one process per measured run:
 *   hashtree APEX          the hashtree check alone (every data block and tree block hashed)
 *   verify APEX            every check, the report on standard output
 *   open-apex APEX         open the APEX (zip, metadata, AVB, payload filesystem) and list the root
 *   open-payload IMAGE [OFFSET]   open the bare EROFS payload and list the root
 * Exit status 1 when a check fails.
 */
public final class VerityBench {
    private VerityBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "hashtree" -> {
                try (ApexFile apex = ApexFile.open(file)) {
                    CheckResult r = ApexVerifier.verifyHashtree(apex, ApexVerifier.Options.standard());
                    System.out.println(r.outcome() + " " + r.summary());
                    System.exit(r.failed() ? 1 : 0);
                }
            }
            case "verify" -> {
                try (ApexFile apex = ApexFile.open(file)) {
                    var report = ApexVerifier.verify(apex);
                    System.out.print(report.toText());
                    System.exit(report.passed() ? 0 : 1);
                }
            }
            case "open-apex" -> {
                try (ApexFile apex = ApexFile.open(file)) {
                    FileSystemImage fs = apex.payload().orElseThrow().fileSystem().orElseThrow();
                    System.out.println(fs.list(fs.root()).size() + " entries at the root");
                }
            }
            case "open-payload" -> {
                long offset = args.length > 2 ? Long.parseLong(args[2]) : 0;
                try (ErofsImage fs = ErofsImage.open(file, offset, java.util.List.of())) {
                    System.out.println(fs.list(fs.root()).size() + " entries at the root");
                }
            }
            default -> throw new IllegalArgumentException("hashtree|verify|open-apex|open-payload FILE");
        }
    }
}

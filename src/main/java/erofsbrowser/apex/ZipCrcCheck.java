package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.Check;
import erofsbrowser.apex.CheckResult.Outcome;
import erofsbrowser.image.ImageException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads every entry of the zip (and of a CAPEX's original_apex) and checks its size and CRC-32
 * against the central directory, as unzip does. apexd maps a stored payload without reading it
 * through the zip, so a payload whose CRC does not match still mounts: worth knowing all the same.
 */
final class ZipCrcCheck {
    private ZipCrcCheck() {
    }

    /** The zips checked: the file's own, and a CAPEX's original_apex. */
    private static List<ZipArchive> zips(ApexFile file) {
        List<ZipArchive> zips = new ArrayList<>();
        zips.add(file.archive().zip());
        if (file.kind() == ApexFile.Kind.CAPEX) {
            file.apex().ifPresent(a -> zips.add(a.zip()));
        }
        return zips;
    }

    /** Whether the entry is read here: a CAPEX's original_apex was checked as it was inflated. */
    private static boolean checked(ApexFile file, ZipArchive zip, ZipEntry e) {
        return !(file.kind() == ApexFile.Kind.CAPEX && zip == file.archive().zip()
                && e.name().equals(ApexArchive.ORIGINAL_APEX));
    }

    static long work(ApexFile file) {
        long total = 0;
        for (ZipArchive zip : zips(file)) {
            for (ZipEntry e : zip.entries()) {
                if (checked(file, zip, e) && e.compressedSize() > 0) {
                    total += e.compressedSize();
                }
            }
        }
        return total;
    }

    static CheckResult check(ApexFile file, ParallelHasher.Counter counter, BooleanSupplier cancelled) {
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (ZipArchive zip : zips(file)) {
            String where = zip == file.archive().zip() ? "" : ApexArchive.ORIGINAL_APEX + ": ";
            for (ZipEntry e : zip.entries()) {
                if (!checked(file, zip, e)) {
                    continue;
                }
                count++;
                long[] last = {0};
                try {
                    zip.verify(e, (done, total) -> {
                        counter.add(done - last[0]);
                        last[0] = done;
                        counter.report();
                    }, cancelled);
                } catch (ImageException x) {
                    failures.add(where + x.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            return CheckResult.of(Check.ZIP_CRC, Outcome.FAILED, failures.size() + " of " + count
                    + " entries do not read back as the central directory says", failures);
        }
        return CheckResult.of(Check.ZIP_CRC, Outcome.PASSED, "all " + count + " entries read back with their size and CRC-32",
                List.of());
    }
}

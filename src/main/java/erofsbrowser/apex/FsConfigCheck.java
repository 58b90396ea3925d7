package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.Check;
import erofsbrowser.apex.CheckResult.Outcome;
import erofsbrowser.image.ExtendedAttribute;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Compares each entry of a payload with what the APEX was built from, as {@code apex_build_info.pb}
 * keeps it: its SELinux label with {@code file_contexts}, its owner, group, mode and capabilities
 * with {@code canned_fs_config}. No Android tool does this; a difference means the payload is not
 * what its build inputs say.
 */
final class FsConfigCheck {
    /** Differences listed one by one; more are counted. */
    static final int MAX_LISTED = 200;

    private final List<String> differences = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long differenceCount;

    private FsConfigCheck() {
    }

    static CheckResult check(FileSystemImage fs, ApexBuildInfo info, BooleanSupplier cancelled) {
        FsConfigCheck c = new FsConfigCheck();
        try {
            return c.run(fs, info, cancelled);
        } catch (ImageException e) {
            return CheckResult.of(Check.FILE_CONTEXTS_AND_FS_CONFIG, Outcome.FAILED, e.getMessage(), c.differences);
        }
    }

    private CheckResult run(FileSystemImage fs, ApexBuildInfo info, BooleanSupplier cancelled) throws ImageException {
        FileContexts contexts = info.fileContexts().isBlank() ? null : FileContexts.parse(info.fileContexts());
        CannedFsConfig config = info.cannedFsConfig().isBlank() ? null : CannedFsConfig.parse(info.cannedFsConfig());
        Set<String> seen = new HashSet<>();
        long[] count = {0};
        fs.walk(fs.root(), node -> {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
            count[0]++;
            String path = node.pathString();
            seen.add(CannedFsConfig.normal(path));
            List<ExtendedAttribute> xattrs = fs.xattrs(node);
            if (contexts != null) {
                compareLabel(contexts, node, path, xattrs);
            }
            if (config != null) {
                compareConfig(config, node, path, xattrs);
            }
        });
        if (config != null) {
            for (CannedFsConfig.Entry e : config.entries().values()) {
                if (!seen.contains(CannedFsConfig.normal(e.path()))) {
                    note("canned_fs_config line " + e.line() + " lists " + e.path() + ", which the payload does not hold");
                }
            }
        }
        List<String> details = new ArrayList<>(differences);
        if (differenceCount > differences.size()) {
            details.add((differenceCount - differences.size()) + " more differences are not listed");
        }
        details.addAll(notes);
        String what = (contexts != null ? "file_contexts" : "") + (contexts != null && config != null ? " and " : "")
                + (config != null ? "canned_fs_config" : "");
        if (differenceCount > 0) {
            return CheckResult.of(Check.FILE_CONTEXTS_AND_FS_CONFIG, Outcome.FAILED,
                    differenceCount + " of " + count[0] + " entries differ from " + what, details);
        }
        return CheckResult.of(Check.FILE_CONTEXTS_AND_FS_CONFIG, notes.isEmpty() ? Outcome.PASSED : Outcome.WARNING,
                "all " + count[0] + " entries are as " + what + " say", details);
    }

    private void compareLabel(FileContexts contexts, Node node, String path, List<ExtendedAttribute> xattrs)
            throws ImageException {
        Optional<FileContexts.Spec> spec = contexts.lookup(path, node.type());
        String actual = label(xattrs);
        String expected = spec.map(FileContexts.Spec::context).orElse(null);
        if (expected == null && actual == null) {
            return;
        }
        if (expected == null) {
            differ(path + ": labelled " + actual + ", but no file_contexts line matches it");
        } else if (!expected.equals(actual)) {
            differ(path + ": labelled " + (actual == null ? "nothing" : actual) + ", file_contexts line "
                    + spec.get().line() + " (" + spec.get().regex() + ") says " + expected);
        }
    }

    private void compareConfig(CannedFsConfig config, Node node, String path, List<ExtendedAttribute> xattrs) {
        CannedFsConfig.Entry e = config.lookup(path);
        if (e == null) {
            note(path + " is not in canned_fs_config");
            return;
        }
        List<String> what = new ArrayList<>();
        if (node.uid() != e.uid()) {
            what.add("uid " + node.uid() + " (says " + e.uid() + ")");
        }
        if (node.gid() != e.gid()) {
            what.add("gid " + node.gid() + " (says " + e.gid() + ")");
        }
        if (node.permissions() != (e.mode() & 07777)) {
            what.add(String.format("mode 0%o (says 0%o)", node.permissions(), e.mode() & 07777));
        }
        long caps = capabilities(xattrs);
        if (caps != e.capabilities()) {
            what.add(String.format("capabilities 0x%x (says 0x%x)", caps, e.capabilities()));
        }
        if (!what.isEmpty()) {
            differ(path + ": " + String.join(", ", what) + ", canned_fs_config line " + e.line());
        }
    }

    private void note(String line) {
        if (notes.size() < MAX_LISTED) {
            notes.add(line);
        }
    }

    private void differ(String line) {
        differenceCount++;
        if (differences.size() < MAX_LISTED) {
            differences.add(line);
        }
    }

    /** The security.selinux label without its trailing NULs (ext4 images keep one), or null. */
    private static String label(List<ExtendedAttribute> xattrs) {
        for (ExtendedAttribute x : xattrs) {
            if (x.nameString().equals("security.selinux")) {
                byte[] v = x.value();
                int n = v.length;
                while (n > 0 && v[n - 1] == 0) {
                    n--;
                }
                return new String(v, 0, n, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The permitted set of security.capability (struct vfs_cap_data), or 0. */
    private static long capabilities(List<ExtendedAttribute> xattrs) {
        for (ExtendedAttribute x : xattrs) {
            if (x.nameString().equals("security.capability")) {
                ByteBuffer b = ByteBuffer.wrap(x.value()).order(ByteOrder.LITTLE_ENDIAN);
                if (b.remaining() < 8) {
                    return 0;
                }
                long low = b.getInt(4) & 0xFFFF_FFFFL;
                long high = b.remaining() >= 16 ? b.getInt(12) & 0xFFFF_FFFFL : 0;
                return low | high << 32;
            }
        }
        return 0;
    }
}

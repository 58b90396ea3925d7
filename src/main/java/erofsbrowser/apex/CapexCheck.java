package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.Check;
import erofsbrowser.apex.CheckResult.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks apexd runs on a decompressed CAPEX ({@code ValidateDecompressedApex}): the same
 * bundled key as the CAPEX, the same version, and a payload whose hashtree root digest is the
 * CAPEX manifest's {@code capexMetadata.originalApexDigest}.
 */
final class CapexCheck {
    private CapexCheck() {
    }

    static CheckResult check(ApexFile file, Optional<AvbDescriptor.Hashtree> innerTree) {
        Optional<ApexArchive> inner = file.apex();
        if (inner.isEmpty()) {
            return ApexVerifier.failed(Check.CAPEX_ORIGINAL, ApexArchive.ORIGINAL_APEX + " cannot be read as an APEX");
        }
        Optional<ApexManifest> outer = file.archive().manifest();
        Optional<ApexManifest> original = inner.get().manifest();
        if (outer.isEmpty() || original.isEmpty()) {
            return ApexVerifier.failed(Check.CAPEX_ORIGINAL, "a manifest is missing: "
                    + (outer.isEmpty() ? "the CAPEX's" : "original_apex's"));
        }
        List<String> details = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        details.add("version: CAPEX " + outer.get().version() + ", original_apex " + original.get().version());
        if (outer.get().version() != original.get().version()) {
            failures.add("the versions differ");
        }
        Optional<AvbPublicKey> capexKey = file.archive().publicKey();
        Optional<AvbPublicKey> originalKey = inner.get().publicKey();
        details.add("apex_pubkey: CAPEX " + capexKey.map(AvbPublicKey::sha256).orElse("none") + ", original_apex "
                + originalKey.map(AvbPublicKey::sha256).orElse("none") + " (SHA-256)");
        if (capexKey.isEmpty() || !capexKey.equals(originalKey)) {
            failures.add("the bundled keys differ");
        }
        String root = innerTree.map(AvbDescriptor.Hashtree::rootDigestHex).orElse(null);
        Optional<String> digest = outer.get().originalApexDigest();
        details.add("capexMetadata.originalApexDigest: " + digest.orElse("(absent)") + "; original_apex's root digest: "
                + (root == null ? "(no hashtree descriptor)" : root));
        if (root == null) {
            failures.add("original_apex's payload has no hashtree descriptor");
        } else if (digest.isPresent() && !digest.get().equals(root)) {
            failures.add("the root digest is not capexMetadata.originalApexDigest");
        }
        if (!failures.isEmpty()) {
            return CheckResult.of(Check.CAPEX_ORIGINAL, Outcome.FAILED, String.join("; ", failures), details);
        }
        if (digest.isEmpty()) {
            return CheckResult.of(Check.CAPEX_ORIGINAL, Outcome.WARNING, "same version and key; the CAPEX's manifest has no "
                    + "capexMetadata.originalApexDigest, which apex_compression_tool writes and apexd compares with the "
                    + "root digest (it would refuse the decompressed APEX)", details);
        }
        return CheckResult.of(Check.CAPEX_ORIGINAL, Outcome.PASSED, "same version, key and root digest", details);
    }
}

package erofsbrowser.apex;

import erofsbrowser.apex.CheckResult.Check;
import erofsbrowser.apex.CheckResult.Outcome;
import erofsbrowser.image.ImageException;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a vbmeta image as libavb's {@code avb_vbmeta_image_verify} does, with the JDK's own
 * crypto: the layout, the hash over the header and the auxiliary block against the stored hash,
 * then the PKCS#1 v1.5 RSA signature (SHA-256 or SHA-512; 2048, 4096 or 8192 bits) with the key
 * in the auxiliary block. Only the result apexd accepts ("OK", signed) passes.
 */
final class VbmetaSignature {
    private VbmetaSignature() {
    }

    static CheckResult check(Vbmeta vbmeta) {
        List<String> details = new ArrayList<>();
        VbmetaHeader h = vbmeta.header();
        if (!vbmeta.layoutProblems().isEmpty()) {
            vbmeta.layoutProblems().forEach(p -> details.add(p.message()));
            return fail("the vbmeta image's layout is invalid (libavb: INVALID_VBMETA_HEADER)", details);
        }
        if (h.requiredLibavbVersionMajor() != 1) {
            return fail("needs libavb " + h.requiredLibavbVersionMajor() + ".x (UNSUPPORTED_VERSION)", details);
        }
        AvbAlgorithm algorithm = h.algorithm();
        if (algorithm == null) {
            return fail("algorithm_type " + h.algorithmType() + " is not an AVB algorithm", details);
        }
        if (algorithm == AvbAlgorithm.NONE) {
            return fail("not signed (algorithm NONE: libavb says OK_NOT_SIGNED, which apexd refuses)", details);
        }
        if (h.hashSize() != algorithm.hashSize()) {
            return fail("hash_size is " + h.hashSize() + ", " + algorithm + " makes " + algorithm.hashSize(), details);
        }
        byte[] b = vbmeta.bytes();
        int authStart = VbmetaHeader.SIZE;
        int auxStart = authStart + (int) h.authenticationDataBlockSize();
        int auxLength = (int) h.auxiliaryDataBlockSize();
        byte[] stored = Arrays.copyOfRange(b, authStart + (int) h.hashOffset(), authStart + (int) (h.hashOffset() + h.hashSize()));
        byte[] signature = Arrays.copyOfRange(b, authStart + (int) h.signatureOffset(),
                authStart + (int) (h.signatureOffset() + h.signatureSize()));
        byte[] computed;
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm.digestName());
            md.update(b, 0, VbmetaHeader.SIZE);
            md.update(b, auxStart, auxLength);
            computed = md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm.digestName(), e);
        }
        boolean hashMatches = Arrays.equals(computed, stored);
        details.add(algorithm.digestName() + " of header and auxiliary block: " + HexFormat.of().formatHex(computed)
                + (hashMatches ? " = " : " != ") + "stored hash " + HexFormat.of().formatHex(stored));
        if (!hashMatches) {
            return fail("the hash over the header and auxiliary block does not match (HASH_MISMATCH)", details);
        }
        if (vbmeta.publicKey().isEmpty()) {
            return fail("no usable public key in the auxiliary block", details);
        }
        AvbPublicKey key = vbmeta.publicKey().get();
        details.add("key: RSA " + key.keyBits() + ", SHA-256 " + key.sha256());
        if (key.keyBits() != algorithm.keyBits() || signature.length != key.keyBits() / 8) {
            return fail(algorithm + " with a " + key.keyBits() + "-bit key and a " + signature.length
                    + "-byte signature (SIGNATURE_MISMATCH)", details);
        }
        List<String> flaws = key.inconsistencies();
        if (!flaws.isEmpty()) {
            flaws.forEach(details::add);
            return fail("the key's precomputed values are wrong: libavb's check would fail", details);
        }
        try {
            Signature verifier = Signature.getInstance(algorithm.signatureName());
            verifier.initVerify(key.toRsaKey());
            verifier.update(b, 0, VbmetaHeader.SIZE);
            verifier.update(b, auxStart, auxLength);
            if (!verifier.verify(signature)) {
                return fail("the RSA signature does not match (SIGNATURE_MISMATCH)", details);
            }
        } catch (GeneralSecurityException | ImageException e) {
            return fail("the RSA signature cannot be checked: " + e.getMessage(), details);
        }
        return new CheckResult(Check.VBMETA_SIGNATURE, Outcome.PASSED, algorithm + " signature checks out", details,
                List.of());
    }

    private static CheckResult fail(String summary, List<String> details) {
        return CheckResult.of(Check.VBMETA_SIGNATURE, Outcome.FAILED, summary, details);
    }
}

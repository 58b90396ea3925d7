package erofsbrowser.apex;

/**
 * How a vbmeta image is signed ({@code AvbAlgorithmType} of libavb's {@code avb_crypto.h}): the
 * digest over the header and auxiliary block, and the RSA key size of the PKCS#1 v1.5 signature.
 */
public enum AvbAlgorithm {
    NONE(null, 0, 0),
    SHA256_RSA2048("SHA-256", 32, 2048),
    SHA256_RSA4096("SHA-256", 32, 4096),
    SHA256_RSA8192("SHA-256", 32, 8192),
    SHA512_RSA2048("SHA-512", 64, 2048),
    SHA512_RSA4096("SHA-512", 64, 4096),
    SHA512_RSA8192("SHA-512", 64, 8192);

    private final String digest;
    private final int hashSize;
    private final int keyBits;

    AvbAlgorithm(String digest, int hashSize, int keyBits) {
        this.digest = digest;
        this.hashSize = hashSize;
        this.keyBits = keyBits;
    }

    /** The algorithm numbered {@code type} in a vbmeta header, or null for an unknown number. */
    public static AvbAlgorithm of(long type) {
        return type >= 0 && type < values().length ? values()[(int) type] : null;
    }

    /** The JDK's name of the digest ("SHA-256"), or null for NONE. */
    public String digestName() {
        return digest;
    }

    /** The JDK's name of the signature ("SHA256withRSA"), or null for NONE. */
    public String signatureName() {
        return digest == null ? null : digest.replace("-", "") + "withRSA";
    }

    public int hashSize() {
        return hashSize;
    }

    public int keyBits() {
        return keyBits;
    }
}

package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Problem;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An RSA public key in AVB's format ({@code AvbRSAPublicKeyHeader} of libavb's {@code avb_crypto.h},
 * then the modulus and R² mod n, all big-endian), as {@code apex_pubkey} and the vbmeta auxiliary
 * block hold it. libavb takes 2048, 4096 and 8192-bit keys only, with the public exponent 65537.
 *
 * @param bytes the key as stored
 */
public record AvbPublicKey(byte[] bytes) {
    /** libavb's fixed public exponent, F4. */
    static final int EXPONENT = 65537;
    static final int HEADER_SIZE = 8;

    public AvbPublicKey {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Checks the layout libavb checks ({@code iavb_parse_key_data}): a known size, and the length it implies. */
    public static AvbPublicKey parse(byte[] bytes, long offset) throws ImageException {
        if (bytes.length < HEADER_SIZE) {
            throw new ImageException("an AVB public key needs at least " + HEADER_SIZE + " bytes, this one has "
                    + bytes.length, offset);
        }
        long bits = u32(bytes, 0);
        if (bits != 2048 && bits != 4096 && bits != 8192) {
            throw new ImageException("an AVB public key of " + bits + " bits: libavb takes 2048, 4096 or 8192", offset);
        }
        long expected = HEADER_SIZE + 2 * bits / 8;
        if (bytes.length != expected) {
            throw new ImageException("an AVB public key of " + bits + " bits is " + expected + " bytes, this one is "
                    + bytes.length, offset);
        }
        return new AvbPublicKey(bytes);
    }

    public int keyBits() {
        return (int) u32(bytes, 0);
    }

    public long n0inv() {
        return u32(bytes, 4);
    }

    public BigInteger modulus() {
        return new BigInteger(1, Arrays.copyOfRange(bytes, HEADER_SIZE, HEADER_SIZE + keyBits() / 8));
    }

    /** R² mod n (R = 2^bits), which libavb's Montgomery arithmetic takes from the key instead of computing. */
    public BigInteger rr() {
        return new BigInteger(1, Arrays.copyOfRange(bytes, HEADER_SIZE + keyBits() / 8, bytes.length));
    }

    /** The SHA-256 of the key as stored, in hex. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The key for the JDK's signature check. */
    public RSAPublicKey toRsaKey() throws ImageException {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus(), BigInteger.valueOf(EXPONENT)));
        } catch (GeneralSecurityException e) {
            throw new ImageException("the AVB public key is not a usable RSA key: " + e.getMessage(), 0);
        }
    }

    /**
     * What libavb would compute wrongly with this key: its precomputed n0inv (-1/n mod 2^32) and
     * R² mod n must be those of its modulus, or libavb's signature check fails where the JDK's,
     * which recomputes them, passes.
     */
    public List<String> inconsistencies() {
        BigInteger n = modulus();
        if (!n.testBit(0)) {
            return List.of("the modulus is even: not an RSA modulus");
        }
        BigInteger r32 = BigInteger.ONE.shiftLeft(32);
        long expectedN0inv = r32.subtract(n.mod(r32).modInverse(r32)).mod(r32).longValue();
        BigInteger expectedRr = BigInteger.ONE.shiftLeft(2 * keyBits()).mod(n);
        List<String> out = new java.util.ArrayList<>();
        if (expectedN0inv != n0inv()) {
            out.add(String.format("n0inv is 0x%08x, the modulus gives 0x%08x", n0inv(), expectedN0inv));
        }
        if (!expectedRr.equals(rr())) {
            out.add("rr is not R² mod n for this modulus");
        }
        return out;
    }

    /** The key's fields; it lies at {@code offset} (of the payload or of the zip, as the caller numbers it). */
    public Field dissect(long offset) {
        int half = keyBits() / 8;
        FieldBuilder f = FieldBuilder.bigEndian("AvbRSAPublicKeyHeader", offset, bytes, 0, bytes.length);
        f.meaning("RSA " + keyBits() + ", SHA-256 " + sha256());
        f.u32("key_num_bits", v -> v + " bits");
        f.u32("n0inv", v -> "-1/n mod 2^32");
        f.bytes("n", half, "the modulus");
        f.bytes("rr", half, "R^2 mod n");
        inconsistencies().forEach(p -> f.problem(Problem.error(p)));
        return f.build();
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvbPublicKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "AvbPublicKey[RSA " + keyBits() + ", sha256 " + sha256() + "]";
    }
}

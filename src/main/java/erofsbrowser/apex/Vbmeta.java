package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A vbmeta image (libavb's {@code avb_vbmeta_image.h}): the 256-byte header, the authentication
 * data block (hash and signature) and the auxiliary data block (descriptors, public key, public key
 * metadata), read whole (apexd reads at most 64 KiB) and decoded. The layout checks are libavb's
 * ({@code avb_vbmeta_image_verify}); a part that fails them is reported and left out. The field
 * trees ({@link VbmetaFields}) are made when first asked for. Immutable and thread-safe.
 */
public final class Vbmeta {
    /** apexd's {@code kVbMetaMaxSize}: a larger vbmeta_size in the footer is refused. */
    public static final int MAX_SIZE = 64 << 10;

    private final long offset;
    private final byte[] bytes;
    private final VbmetaHeader header;
    private final List<AvbDescriptor> descriptors;
    private final AvbPublicKey publicKey;
    private final List<Problem> problems;
    private final List<Problem> descriptorProblems;
    private volatile List<Field> structures;

    private Vbmeta(long offset, byte[] bytes, VbmetaHeader header, List<AvbDescriptor> descriptors, AvbPublicKey publicKey,
                   List<Problem> problems, List<Problem> descriptorProblems) {
        this.offset = offset;
        this.bytes = bytes;
        this.header = header;
        this.descriptors = List.copyOf(descriptors);
        this.publicKey = publicKey;
        this.problems = List.copyOf(problems);
        this.descriptorProblems = List.copyOf(descriptorProblems);
    }

    /** The vbmeta image the footer points at. */
    static Vbmeta read(ImageSource payload, AvbFooter footer) throws ImageException {
        long size = footer.vbmetaSize();
        long at = footer.vbmetaOffset();
        if (size < 0 || size > MAX_SIZE) {
            throw new ImageException("the AVB footer's vbmeta_size is " + Long.toUnsignedString(size)
                    + " bytes: apexd refuses vbmeta over " + MAX_SIZE + " bytes", footer.offset() + 28);
        }
        if (size < VbmetaHeader.SIZE) {
            throw new ImageException("the AVB footer's vbmeta_size is " + size + " bytes, too small for the "
                    + VbmetaHeader.SIZE + "-byte header", footer.offset() + 28);
        }
        if (at < 0 || at > footer.offset() || size > footer.offset() - at) {
            throw new ImageException("the vbmeta image (" + size + " bytes at payload byte " + Long.toUnsignedString(at)
                    + ") does not lie before the AVB footer at byte " + footer.offset(), footer.offset() + 20);
        }
        return parse(DirectReads.read(payload, at, (int) size), at);
    }

    /** The vbmeta image in {@code bytes}, which lie at payload {@code offset}. */
    static Vbmeta parse(byte[] bytes, long offset) throws ImageException {
        if (bytes.length < VbmetaHeader.SIZE || !Arrays.equals(bytes, 0, 4, VbmetaHeader.MAGIC, 0, 4)) {
            throw new ImageException("no vbmeta image (magic \"AVB0\") at payload byte " + offset, offset);
        }
        VbmetaHeader h = VbmetaHeader.parse(bytes);
        List<Problem> problems = new ArrayList<>();
        List<AvbDescriptor> descriptors = List.of();
        List<Problem> descriptorProblems = List.of();
        AvbPublicKey key = null;
        long auth = h.authenticationDataBlockSize();
        long aux = h.auxiliaryDataBlockSize();
        if ((auth & 63) != 0 || (aux & 63) != 0) {
            problems.add(Problem.error("the authentication or auxiliary block size is not a multiple of 64"));
        }
        if (!blocksFit(h, bytes.length)) {
            problems.add(Problem.error("the authentication (" + Long.toUnsignedString(auth) + ") and auxiliary ("
                    + Long.toUnsignedString(aux) + ") blocks do not fit the vbmeta image's " + bytes.length + " bytes"));
            return new Vbmeta(offset, bytes, h, descriptors, null, problems, descriptorProblems);
        }
        int authLength = (int) auth;
        int auxStart = VbmetaHeader.SIZE + authLength;
        int auxLength = (int) aux;
        long auxOffset = offset + auxStart;
        check(problems, "hash", h.hashOffset(), h.hashSize(), "authentication", authLength, offset + VbmetaHeader.SIZE);
        check(problems, "signature", h.signatureOffset(), h.signatureSize(), "authentication", authLength,
                offset + VbmetaHeader.SIZE);
        check(problems, "public key metadata", h.publicKeyMetadataOffset(), h.publicKeyMetadataSize(), "auxiliary",
                auxLength, auxOffset);
        if (check(problems, "descriptors", h.descriptorsOffset(), h.descriptorsSize(), "auxiliary", auxLength, auxOffset)
                && h.descriptorsSize() > 0) {
            AvbDescriptors.Decoded d = AvbDescriptors.decode(bytes, auxStart + (int) h.descriptorsOffset(),
                    (int) h.descriptorsSize(), auxOffset + h.descriptorsOffset());
            descriptors = d.descriptors();
            descriptorProblems = d.problems();
        }
        if (check(problems, "public key", h.publicKeyOffset(), h.publicKeySize(), "auxiliary", auxLength, auxOffset)
                && h.publicKeySize() > 0) {
            int from = auxStart + (int) h.publicKeyOffset();
            try {
                key = AvbPublicKey.parse(Arrays.copyOfRange(bytes, from, from + (int) h.publicKeySize()),
                        auxOffset + h.publicKeyOffset());
            } catch (ImageException e) {
                problems.add(Problem.error(e.getMessage()));
            }
        }
        return new Vbmeta(offset, bytes, h, descriptors, key, problems, descriptorProblems);
    }

    /** Whether the header's block sizes fit an image of {@code length} bytes. */
    static boolean blocksFit(VbmetaHeader h, int length) {
        long auth = h.authenticationDataBlockSize();
        long aux = h.auxiliaryDataBlockSize();
        return auth >= 0 && aux >= 0 && auth <= length - VbmetaHeader.SIZE && aux <= length - VbmetaHeader.SIZE - auth;
    }

    /** Whether {@code size} bytes at {@code at} lie inside a block of {@code blockLength} (without overflow). */
    static boolean inBlock(long at, long size, long blockLength) {
        return at >= 0 && size >= 0 && at <= blockLength && size <= blockLength - at;
    }

    static Problem outsideBlock(String name, long at, long size, String block, long blockLength, long blockOffset) {
        return Problem.error("the " + name + " (" + Long.toUnsignedString(size) + " bytes at byte "
                + Long.toUnsignedString(at) + ") is not entirely in the " + block + " block (" + blockLength
                + " bytes at payload byte " + blockOffset + ")");
    }

    /** libavb's check that a part lies inside its block: false (and a problem) when it does not. */
    private static boolean check(List<Problem> problems, String name, long at, long size, String block, long blockLength,
                                 long blockOffset) {
        if (size == 0 || inBlock(at, size, blockLength)) {
            return true;
        }
        problems.add(outsideBlock(name, at, size, block, blockLength, blockOffset));
        return false;
    }

    /** Where the vbmeta image starts in the payload. */
    public long offset() {
        return offset;
    }

    /** The whole vbmeta image as read. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Its length in bytes (the footer's vbmeta_size). */
    public int length() {
        return bytes.length;
    }

    public VbmetaHeader header() {
        return header;
    }

    public List<AvbDescriptor> descriptors() {
        return descriptors;
    }

    /** The first hashtree descriptor (apexd takes the first and ignores others). */
    public Optional<AvbDescriptor.Hashtree> hashtree() {
        for (AvbDescriptor d : descriptors) {
            if (d instanceof AvbDescriptor.Hashtree h) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The value of property {@code key} (such as {@code apex.key}), if a property descriptor holds it. */
    public Optional<String> property(String key) {
        for (AvbDescriptor d : descriptors) {
            if (d instanceof AvbDescriptor.Property p && p.key().equals(key)) {
                return Optional.of(p.value());
            }
        }
        return Optional.empty();
    }

    /** The public key in the auxiliary block, when there is a readable one. */
    public Optional<AvbPublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    /** Whether the header's block sizes fit the image, so the hash and signature can be checked. */
    public boolean blocksFit() {
        return blocksFit(header, bytes.length);
    }

    /** The header, the authentication and auxiliary blocks (and padding) as field trees, payload offsets. */
    public List<Field> structures() {
        List<Field> trees = structures;
        if (trees == null) {
            trees = List.copyOf(VbmetaFields.dissect(bytes, offset, header));
            structures = trees;
        }
        return trees;
    }

    /** What libavb's checks of the layout found wrong, which fails its signature check (empty for a sound image). */
    public List<Problem> layoutProblems() {
        return problems;
    }

    /** What the walk of the descriptors found wrong, which makes apexd find no hashtree descriptor. */
    public List<Problem> descriptorProblems() {
        return descriptorProblems;
    }

    /** Everything found wrong: layout, then descriptors. */
    public List<Problem> problems() {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(descriptorProblems);
        return all;
    }
}

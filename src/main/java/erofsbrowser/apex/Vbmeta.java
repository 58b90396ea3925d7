package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImageSource;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A vbmeta image (libavb's {@code avb_vbmeta_image.h}): the 256-byte header, the authentication
 * data block (hash and signature) and the auxiliary data block (descriptors, public key, public key
 * metadata), read whole (apexd reads at most 64 KiB) and dissected at once. The layout checks are
 * libavb's ({@code avb_vbmeta_image_verify}); a part that fails them is reported and left out,
 * and the rest is still shown. Immutable.
 */
public final class Vbmeta {
    /** apexd's {@code kVbMetaMaxSize}: a larger vbmeta_size in the footer is refused. */
    public static final int MAX_SIZE = 64 << 10;

    private final long offset;
    private final byte[] bytes;
    private final VbmetaHeader header;
    private final List<AvbDescriptor> descriptors;
    private final AvbPublicKey publicKey;
    private final List<Field> structures;
    private final List<Problem> problems;
    private final List<Problem> descriptorProblems;
    private final boolean blocksFit;

    private Vbmeta(long offset, byte[] bytes, VbmetaHeader header, List<AvbDescriptor> descriptors, AvbPublicKey publicKey,
                   List<Field> structures, List<Problem> problems, List<Problem> descriptorProblems, boolean blocksFit) {
        this.offset = offset;
        this.bytes = bytes;
        this.header = header;
        this.descriptors = List.copyOf(descriptors);
        this.publicKey = publicKey;
        this.structures = List.copyOf(structures);
        this.problems = List.copyOf(problems);
        this.descriptorProblems = List.copyOf(descriptorProblems);
        this.blocksFit = blocksFit;
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
        return parse(payload.read(at, (int) size), at);
    }

    /** The vbmeta image in {@code bytes}, which lie at payload {@code offset}. */
    static Vbmeta parse(byte[] bytes, long offset) throws ImageException {
        if (bytes.length < VbmetaHeader.SIZE || !Arrays.equals(bytes, 0, 4, VbmetaHeader.MAGIC, 0, 4)) {
            throw new ImageException("no vbmeta image (magic \"AVB0\") at payload byte " + offset, offset);
        }
        VbmetaHeader h = VbmetaHeader.parse(bytes);
        List<Problem> problems = new ArrayList<>();
        List<Field> trees = new ArrayList<>();
        trees.add(VbmetaHeader.dissect(bytes, offset));
        long auth = h.authenticationDataBlockSize();
        long aux = h.auxiliaryDataBlockSize();
        boolean fit = auth >= 0 && aux >= 0 && auth <= bytes.length - VbmetaHeader.SIZE
                && aux <= bytes.length - VbmetaHeader.SIZE - auth;
        if ((auth & 63) != 0 || (aux & 63) != 0) {
            problems.add(Problem.error("the authentication or auxiliary block size is not a multiple of 64"));
        }
        List<AvbDescriptor> descriptors = List.of();
        List<Problem> descriptorProblems = List.of();
        AvbPublicKey key = null;
        int end = VbmetaHeader.SIZE;
        if (!fit) {
            problems.add(Problem.error("the authentication (" + Long.toUnsignedString(auth) + ") and auxiliary ("
                    + Long.toUnsignedString(aux) + ") blocks do not fit the vbmeta image's " + bytes.length + " bytes"));
        } else {
            int authStart = VbmetaHeader.SIZE;
            int auxStart = authStart + (int) auth;
            trees.add(authenticationBlock(bytes, authStart, (int) auth, offset, h, problems));
            AuxiliaryBlock a = new AuxiliaryBlock(bytes, auxStart, (int) aux, offset + auxStart, h, problems);
            trees.add(a.tree);
            descriptors = a.descriptors;
            descriptorProblems = a.descriptorProblems;
            key = a.key;
            end = auxStart + (int) aux;
        }
        if (end < bytes.length) {
            FieldBuilder rest = FieldBuilder.bigEndian("padding", offset + end, bytes, end, bytes.length - end);
            rest.bytes("padding", bytes.length - end, "after the vbmeta blocks, inside vbmeta_size");
            trees.add(rest.meaning((bytes.length - end) + " bytes").build());
        }
        return new Vbmeta(offset, bytes, h, descriptors, key, trees, problems, descriptorProblems, fit);
    }

    private static Field authenticationBlock(byte[] b, int start, int length, long base, VbmetaHeader h,
                                             List<Problem> problems) {
        List<Part> parts = new ArrayList<>();
        part(parts, problems, "hash", h.hashOffset(), h.hashSize(), length, "authentication", base + start,
                p -> leaf(b, start, base, p, HexFormat.of().formatHex(b, start + (int) p.at, start + (int) (p.at + p.size))));
        part(parts, problems, "signature", h.signatureOffset(), h.signatureSize(), length, "authentication", base + start,
                p -> leaf(b, start, base, p, p.size + " bytes"));
        return place("authentication data block", b, start, length, base, parts, problems);
    }

    /** A named run of a block, and how to make its field tree once placed. */
    record Part(String name, long at, long size, java.util.function.Function<Part, Field> maker) {
    }

    /** Adds a part when it lies inside its block, as libavb demands; reports it otherwise. */
    static void part(List<Part> parts, List<Problem> problems, String name, long at, long size, int blockLength,
                     String block, long blockOffset, java.util.function.Function<Part, Field> maker) {
        if (size == 0) {
            return;
        }
        if (at < 0 || size < 0 || at > blockLength || size > blockLength - at) {
            problems.add(Problem.error("the " + name + " (" + Long.toUnsignedString(size) + " bytes at byte "
                    + Long.toUnsignedString(at) + ") is not entirely in the " + block + " block (" + blockLength
                    + " bytes at payload byte " + blockOffset + ")"));
            return;
        }
        parts.add(new Part(name, at, size, maker));
    }

    static Field leaf(byte[] b, int blockStart, long base, Part p, String meaning) {
        int from = blockStart + (int) p.at;
        return Field.leaf(p.name, base + from, p.size,
                new erofsbrowser.image.FieldValue.Bytes(Arrays.copyOfRange(b, from, from + (int) p.size)), meaning);
    }

    /** The block's field tree: its parts in order, overlapping ones left out (and reported), gaps as padding. */
    static Field place(String name, byte[] b, int start, int length, long base, List<Part> parts, List<Problem> problems) {
        FieldBuilder f = FieldBuilder.bigEndian(name, base + start, b, start, length).meaning(length + " bytes");
        parts.sort(Comparator.comparingLong(Part::at));
        long cursor = 0;
        for (Part p : parts) {
            if (p.at < cursor) {
                Problem overlap = Problem.error("the " + p.name + " overlaps the part before it in the " + name);
                problems.add(overlap);
                f.problem(overlap);
                continue;
            }
            if (p.at > cursor) {
                f.bytes("padding", (int) (p.at - cursor), "");
            }
            f.nested(p.maker.apply(p));
            cursor = p.at + p.size;
        }
        if (cursor < length) {
            f.bytes("padding", (int) (length - cursor), "");
        }
        return f.build();
    }

    /** Where the vbmeta image starts in the payload. */
    public long offset() {
        return offset;
    }

    /** The whole vbmeta image as read. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public VbmetaHeader header() {
        return header;
    }

    public List<AvbDescriptor> descriptors() {
        return descriptors;
    }

    /** The first hashtree descriptor (apexd takes the first and ignores others). */
    public Optional<AvbDescriptor.Hashtree> hashtree() {
        return descriptors.stream().filter(d -> d instanceof AvbDescriptor.Hashtree)
                .map(d -> (AvbDescriptor.Hashtree) d).findFirst();
    }

    /** The value of property {@code key} (such as {@code apex.key}), if a property descriptor holds it. */
    public Optional<String> property(String key) {
        return descriptors.stream().filter(d -> d instanceof AvbDescriptor.Property p && p.key().equals(key))
                .map(d -> ((AvbDescriptor.Property) d).value()).findFirst();
    }

    /** The public key in the auxiliary block, when there is a readable one. */
    public Optional<AvbPublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    /** Whether the header's block sizes fit the image, so the hash and signature can be checked. */
    public boolean blocksFit() {
        return blocksFit;
    }

    /** The header, the authentication and auxiliary blocks (and padding) as field trees, payload offsets. */
    public List<Field> structures() {
        return structures;
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
        List<Problem> all = new java.util.ArrayList<>(problems);
        all.addAll(descriptorProblems);
        return all;
    }
}

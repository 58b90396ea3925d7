package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.FieldValue;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The dissector of a vbmeta image: the header, the authentication data block (hash, signature,
 * padding) and the auxiliary data block (descriptors, public key, public key metadata, padding),
 * each part where the header says. A part outside its block, or over the part before it, is left
 * out and its block marked with why.
 */
final class VbmetaFields {
    private VbmetaFields() {
    }

    static List<Field> dissect(byte[] b, long offset, VbmetaHeader h) {
        List<Field> trees = new ArrayList<>();
        trees.add(VbmetaHeader.dissect(b, offset));
        int end = VbmetaHeader.SIZE;
        if (Vbmeta.blocksFit(h, b.length)) {
            int authStart = VbmetaHeader.SIZE;
            int authLength = (int) h.authenticationDataBlockSize();
            int auxStart = authStart + authLength;
            int auxLength = (int) h.auxiliaryDataBlockSize();
            trees.add(authenticationBlock(b, authStart, authLength, offset, h));
            trees.add(auxiliaryBlock(b, auxStart, auxLength, offset, h));
            end = auxStart + auxLength;
        }
        if (end < b.length) {
            FieldBuilder rest = FieldBuilder.bigEndian("padding", offset + end, b, end, b.length - end);
            rest.bytes("padding", b.length - end, Vbmeta.blocksFit(h, b.length)
                    ? "after the vbmeta blocks, inside vbmeta_size" : "not read: the block sizes do not fit");
            trees.add(rest.meaning((b.length - end) + " bytes").build());
        }
        return trees;
    }

    private static Field authenticationBlock(byte[] b, int start, int length, long base, VbmetaHeader h) {
        List<Part> parts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        part(parts, problems, "hash", h.hashOffset(), h.hashSize(), length, "authentication", base + start,
                p -> leaf(b, start, base, p, HexFormat.of().formatHex(b, start + (int) p.at, start + (int) (p.at + p.size))));
        part(parts, problems, "signature", h.signatureOffset(), h.signatureSize(), length, "authentication", base + start,
                p -> leaf(b, start, base, p, p.size + " bytes"));
        return place("authentication data block", b, start, length, base, parts, problems);
    }

    private static Field auxiliaryBlock(byte[] b, int start, int length, long base, VbmetaHeader h) {
        long offset = base + start;
        List<Part> parts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        part(parts, problems, "descriptors", h.descriptorsOffset(), h.descriptorsSize(), length, "auxiliary", offset,
                p -> AvbDescriptorFields.dissect(b, start + (int) p.at(), (int) p.size(), offset + p.at()));
        part(parts, problems, "public key", h.publicKeyOffset(), h.publicKeySize(), length, "auxiliary", offset,
                p -> {
                    int from = start + (int) p.at();
                    byte[] k = Arrays.copyOfRange(b, from, from + (int) p.size());
                    try {
                        return AvbPublicKey.parse(k, offset + p.at()).dissect(offset + p.at());
                    } catch (ImageException e) {
                        FieldBuilder raw = FieldBuilder.bigEndian("public key", offset + p.at(), k, 0, k.length);
                        raw.bytes("key bytes", k.length, "not an AVB RSA key");
                        return raw.problem(Problem.error(e.problem())).build();
                    }
                });
        part(parts, problems, "public key metadata", h.publicKeyMetadataOffset(), h.publicKeyMetadataSize(),
                length, "auxiliary", offset, p -> leaf(b, start, base, p, p.size() + " bytes"));
        return place("auxiliary data block", b, start, length, base, parts, problems);
    }

    /** A named run of a block, and how to make its field tree once placed. */
    private record Part(String name, long at, long size, Function<Part, Field> maker) {
    }

    /** Adds a part when it lies inside its block, as libavb demands; reports it otherwise. */
    private static void part(List<Part> parts, List<Problem> problems, String name, long at, long size, int blockLength,
                             String block, long blockOffset, Function<Part, Field> maker) {
        if (size == 0) {
            return;
        }
        if (!Vbmeta.inBlock(at, size, blockLength)) {
            problems.add(Vbmeta.outsideBlock(name, at, size, block, blockLength, blockOffset));
            return;
        }
        parts.add(new Part(name, at, size, maker));
    }

    private static Field leaf(byte[] b, int blockStart, long base, Part p, String meaning) {
        int from = blockStart + (int) p.at;
        return Field.leaf(p.name, base + from, p.size, new FieldValue.Bytes(Arrays.copyOfRange(b, from, from + (int) p.size)),
                meaning);
    }

    /** The block's field tree: its parts in order, overlapping ones left out (and marked), gaps as padding. */
    private static Field place(String name, byte[] b, int start, int length, long base, List<Part> parts,
                               List<Problem> problems) {
        FieldBuilder f = FieldBuilder.bigEndian(name, base + start, b, start, length).meaning(length + " bytes");
        problems.forEach(f::problem);
        parts.sort(Comparator.comparingLong(Part::at));
        long cursor = 0;
        for (Part p : parts) {
            if (p.at < cursor) {
                f.problem(Problem.error("the " + p.name + " overlaps the part before it in the " + name));
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
}

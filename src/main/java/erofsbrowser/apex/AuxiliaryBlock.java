package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The auxiliary data block of a vbmeta image: the descriptors, the public key and its metadata,
 * each where the header says, read and dissected.
 */
final class AuxiliaryBlock {
    final Field tree;
    final List<AvbDescriptor> descriptors;
    final AvbPublicKey key;
    /** What stopped or bothered the walk of the descriptors (libavb's avb_descriptor_foreach). */
    final List<Problem> descriptorProblems = new ArrayList<>();

    /** The block in {@code b[start, start+length)}, at payload {@code offset}. */
    AuxiliaryBlock(byte[] b, int start, int length, long offset, VbmetaHeader h, List<Problem> problems) {
        long base = offset - start;
        List<Vbmeta.Part> parts = new ArrayList<>();
        List<AvbDescriptor> found = new ArrayList<>();
        AvbPublicKey[] keyFound = {null};
        Vbmeta.part(parts, problems, "descriptors", h.descriptorsOffset(), h.descriptorsSize(), length, "auxiliary", offset,
                p -> {
                    AvbDescriptors.Result r = AvbDescriptors.read(b, start + (int) p.at(), (int) p.size(), offset + p.at());
                    found.addAll(r.descriptors());
                    descriptorProblems.addAll(r.problems());
                    return r.tree();
                });
        Vbmeta.part(parts, problems, "public key", h.publicKeyOffset(), h.publicKeySize(), length, "auxiliary", offset,
                p -> {
                    int from = start + (int) p.at();
                    byte[] k = Arrays.copyOfRange(b, from, from + (int) p.size());
                    try {
                        keyFound[0] = AvbPublicKey.parse(k, offset + p.at());
                        return keyFound[0].dissect(offset + p.at());
                    } catch (ImageException e) {
                        problems.add(Problem.error(e.getMessage()));
                        FieldBuilder raw = FieldBuilder.bigEndian("public key", offset + p.at(), k, 0, k.length);
                        raw.bytes("key bytes", k.length, "not an AVB RSA key");
                        return raw.problem(Problem.error(e.problem())).build();
                    }
                });
        Vbmeta.part(parts, problems, "public key metadata", h.publicKeyMetadataOffset(), h.publicKeyMetadataSize(),
                length, "auxiliary", offset, p -> Vbmeta.leaf(b, start, base, p, p.size() + " bytes"));
        this.tree = Vbmeta.place("auxiliary data block", b, start, length, base, parts, problems);
        this.descriptors = List.copyOf(found);
        this.key = keyFound[0];
    }
}

package erofsbrowser.image;

import java.util.List;

/**
 * A part of an image file that is not its filesystem: in an Android APEX, the zip's records, the
 * manifest, the public key, the AVB structures. The app shows each beside the filesystem's tree.
 *
 * @param name       what it is ("Zip", "apex_manifest.pb", "AVB")
 * @param summary    lines of plain text about it (decoded values, what it says), possibly empty
 * @param structures its structures as field trees, offsets in the image file's bytes
 */
public record ImagePart(String name, List<String> summary, List<Field> structures) {
    public ImagePart {
        summary = List.copyOf(summary);
        structures = List.copyOf(structures);
    }
}

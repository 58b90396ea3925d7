package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The zip of an APEX or CAPEX and the metadata entries beside its payload, each read and decoded:
 * {@code apex_manifest.pb} (or the JSON manifest of Android 10), {@code apex_pubkey},
 * {@code apex_build_info.pb}, {@code AndroidManifest.xml}. An entry that cannot be read or decoded
 * is a {@link Problem} and the others are still there. Immutable.
 */
public final class ApexArchive {
    public static final String PAYLOAD = "apex_payload.img";
    public static final String ORIGINAL_APEX = "original_apex";
    public static final String MANIFEST_PB = "apex_manifest.pb";
    public static final String MANIFEST_JSON = "apex_manifest.json";
    public static final String PUBKEY = "apex_pubkey";
    public static final String BUILD_INFO = "apex_build_info.pb";
    public static final String ANDROID_MANIFEST = "AndroidManifest.xml";
    /** Metadata entries larger than this are not read into memory (real ones are a few KiB). */
    static final int MAX_METADATA = 16 << 20;

    private final ZipArchive zip;
    private final byte[] manifestPb;
    private final ApexManifest manifest;
    private final byte[] manifestJson;
    private final AvbPublicKey publicKey;
    private final byte[] buildInfoPb;
    private final ApexBuildInfo buildInfo;
    private final String androidManifest;
    private final List<Problem> problems = new ArrayList<>();

    private ApexArchive(ZipArchive zip) {
        this.zip = zip;
        problems.addAll(zip.problems());
        for (ZipEntry e : zip.entries()) {
            for (Problem p : e.problems()) {
                problems.add(new Problem(p.severity(), Printable.of(e.rawName()) + ": " + p.message()));
            }
        }
        manifestPb = content(MANIFEST_PB);
        manifestJson = content(MANIFEST_JSON);
        ApexManifest m = null;
        try {
            if (manifestPb != null) {
                m = ApexManifest.parse(manifestPb, offsetOf(MANIFEST_PB));
            } else if (manifestJson != null) {
                m = ApexManifest.fromJson(manifestJson, offsetOf(MANIFEST_JSON));
            } else {
                problems.add(Problem.error("no " + MANIFEST_PB + " or " + MANIFEST_JSON + ": the APEX has no manifest"));
            }
        } catch (ImageException e) {
            problems.add(Problem.error(where(manifestPb != null ? MANIFEST_PB : MANIFEST_JSON) + e.getMessage()));
        }
        manifest = m;
        byte[] key = content(PUBKEY);
        AvbPublicKey k = null;
        if (key != null) {
            try {
                k = AvbPublicKey.parse(key, offsetOf(PUBKEY));
            } catch (ImageException e) {
                problems.add(Problem.error(where(PUBKEY) + e.getMessage()));
            }
        }
        publicKey = k;
        buildInfoPb = content(BUILD_INFO);
        ApexBuildInfo info = null;
        if (buildInfoPb != null) {
            try {
                info = ApexBuildInfo.parse(buildInfoPb, offsetOf(BUILD_INFO));
            } catch (ImageException e) {
                problems.add(Problem.error(where(BUILD_INFO) + e.getMessage()));
            }
        }
        buildInfo = info;
        byte[] axml = content(ANDROID_MANIFEST);
        String xml = null;
        if (axml != null) {
            try {
                xml = BinaryXml.isBinaryXml(axml) ? BinaryXml.toText(axml) : new String(axml, StandardCharsets.UTF_8);
            } catch (ImageException e) {
                problems.add(Problem.error(where(ANDROID_MANIFEST) + e.getMessage()));
            }
        }
        androidManifest = xml;
    }

    /** Reads the parts of the APEX (or CAPEX) zip {@code zip}. */
    static ApexArchive read(ZipArchive zip) {
        return new ApexArchive(zip);
    }

    /** The entry's content, or null when absent or unreadable (then a problem says why). */
    private byte[] content(String name) {
        ZipEntry e = zip.entry(name);
        if (e == null) {
            return null;
        }
        try {
            byte[] content = zip.readUnchecked(e, MAX_METADATA);
            CRC32 crc = new CRC32();
            crc.update(content);
            if (crc.getValue() != e.crc()) {
                problems.add(Problem.error(String.format("%s: its content's CRC-32 is %08x, the central directory says "
                        + "%08x (at byte offset %d); shown as it is", name, crc.getValue(), e.crc(), e.dataOffset())));
            }
            return content;
        } catch (ImageException x) {
            problems.add(Problem.error(x.getMessage()));
            return null;
        }
    }

    /** How a problem of entry {@code name}'s content starts: its name, and what its offsets count from. */
    private String where(String name) {
        ZipEntry e = zip.entry(name);
        return e != null && e.isStored() ? name + ": " : name + " (deflated; offsets count in its content): ";
    }

    /** Where a stored entry's bytes lie in the file (for the offsets of errors); 0 for a deflated one. */
    private long offsetOf(String name) {
        ZipEntry e = zip.entry(name);
        return e != null && e.isStored() ? e.dataOffset() : 0;
    }

    public ZipArchive zip() {
        return zip;
    }

    /** The manifest: from {@code apex_manifest.pb}, or from {@code apex_manifest.json} when there is no .pb. */
    public Optional<ApexManifest> manifest() {
        return Optional.ofNullable(manifest);
    }

    /** The bytes of {@code apex_manifest.pb} as stored. */
    public Optional<byte[]> manifestPb() {
        return manifestPb == null ? Optional.empty() : Optional.of(manifestPb.clone());
    }

    /** The text of {@code apex_manifest.json}. */
    public Optional<String> manifestJson() {
        return manifestJson == null ? Optional.empty() : Optional.of(new String(manifestJson, StandardCharsets.UTF_8));
    }

    /** The key in {@code apex_pubkey}. */
    public Optional<AvbPublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    public Optional<ApexBuildInfo> buildInfo() {
        return Optional.ofNullable(buildInfo);
    }

    /** {@code AndroidManifest.xml} as XML text (decoded from binary XML). */
    public Optional<String> androidManifest() {
        return Optional.ofNullable(androidManifest);
    }

    /** What is wrong with the zip, its entries and the metadata (empty for a sound archive). */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /**
     * Field trees of the zip's structures and of the metadata entries: the zip's local headers,
     * central directory and end records; {@code apex_manifest.pb}, {@code apex_build_info.pb} and
     * {@code apex_pubkey} field by field.
     */
    public List<Structures> structures() throws ImageException {
        List<Structures> out = new ArrayList<>();
        Structures.Origin file = new Structures.InSource(zip.source());
        out.add(new Structures("zip", file, zip.structures()));
        if (manifestPb != null) {
            out.add(entryStructures(MANIFEST_PB, ApexManifest.dissect(manifestPb, offsetOf(MANIFEST_PB)), manifestPb));
        }
        if (buildInfoPb != null) {
            out.add(entryStructures(BUILD_INFO, ApexBuildInfo.dissect(buildInfoPb, offsetOf(BUILD_INFO)), buildInfoPb));
        }
        if (publicKey != null) {
            out.add(entryStructures(PUBKEY, publicKey.dissect(offsetOf(PUBKEY)), publicKey.bytes()));
        }
        return out;
    }

    private Structures entryStructures(String name, Field tree, byte[] content) {
        boolean stored = zip.entry(name).isStored();
        return new Structures(name, stored ? new Structures.InSource(zip.source()) : new Structures.InEntry(name, content),
                List.of(tree));
    }
}

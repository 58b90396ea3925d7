package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static erofsbrowser.apex.ProtoSchema.FieldSpec.message;
import static erofsbrowser.apex.ProtoSchema.FieldSpec.of;
import static erofsbrowser.apex.ProtoSchema.FieldSpec.repeated;
import static erofsbrowser.apex.ProtoSchema.Type.BOOL;
import static erofsbrowser.apex.ProtoSchema.Type.INT64;
import static erofsbrowser.apex.ProtoSchema.Type.STRING;

/**
 * An APEX's manifest, message {@code apex.proto.ApexManifest} of AOSP's
 * {@code system/apex/proto/apex_manifest.proto} (field names as spelled there), read from
 * {@code apex_manifest.pb} or, for APEXes of Android 10, from {@code apex_manifest.json}.
 *
 * @param originalApexDigest {@code capexMetadata.originalApexDigest}: in a CAPEX's copy, the root
 *                           digest of the APEX it holds (empty when not given)
 * @param unknownFields      numbers of fields this schema does not name, kept as they are
 */
public record ApexManifest(String name, long version, String preInstallHook, String postInstallHook,
                           String versionName, boolean noCode, List<String> provideNativeLibs,
                           List<String> requireNativeLibs, List<String> jniLibs, List<String> requireSharedApexLibs,
                           boolean provideSharedApexLibs, Optional<String> originalApexDigest,
                           boolean supportsRebootlessUpdate, String vndkVersion, boolean vendorBootstrap,
                           boolean bootstrap, Set<Integer> unknownFields) {

    static final ProtoSchema CAPEX_METADATA = ProtoSchema.of("CompressedApexMetadata",
            of(1, "originalApexDigest", STRING));

    static final ProtoSchema SCHEMA = ProtoSchema.of("ApexManifest",
            of(1, "name", STRING),
            of(2, "version", INT64),
            of(3, "preInstallHook", STRING),
            of(4, "postInstallHook", STRING),
            of(5, "versionName", STRING),
            of(6, "noCode", BOOL),
            repeated(7, "provideNativeLibs", STRING),
            repeated(8, "requireNativeLibs", STRING),
            repeated(9, "jniLibs", STRING),
            repeated(10, "requireSharedApexLibs", STRING),
            of(11, "provideSharedApexLibs", BOOL),
            message(12, "capexMetadata", CAPEX_METADATA),
            of(13, "supportsRebootlessUpdate", BOOL),
            of(14, "vndkVersion", STRING),
            of(15, "vendorBootstrap", BOOL),
            of(16, "bootstrap", BOOL));

    public ApexManifest {
        provideNativeLibs = List.copyOf(provideNativeLibs);
        requireNativeLibs = List.copyOf(requireNativeLibs);
        jniLibs = List.copyOf(jniLibs);
        requireSharedApexLibs = List.copyOf(requireSharedApexLibs);
        unknownFields = Set.copyOf(unknownFields);
    }

    /** Decodes {@code apex_manifest.pb}'s bytes, which lie at image offset {@code offset} (for errors). */
    public static ApexManifest parse(byte[] pb, long offset) throws ImageException {
        ProtoMessage m = ProtoMessage.parse(pb, 0, pb.length, offset, SCHEMA);
        ProtoMessage capex = m.message(12, 1);
        return new ApexManifest(m.string(1), m.int64(2), m.string(3), m.string(4), m.string(5), m.bool(6),
                m.strings(7), m.strings(8), m.strings(9), m.strings(10), m.bool(11),
                m.has(12) ? Optional.of(capex.string(1)) : Optional.empty(),
                m.bool(13), m.string(14), m.bool(15), m.bool(16), m.unknownNumbers());
    }

    /** The field tree of {@code apex_manifest.pb}'s bytes, which lie at image offset {@code offset}. */
    public static Field dissect(byte[] pb, long offset) {
        return ProtoFields.dissect(pb, 0, pb.length, offset, SCHEMA);
    }

    /** Reads {@code apex_manifest.json}, which lies at image {@code offset}: the same field names, as apexer's JSON form. */
    public static ApexManifest fromJson(byte[] json, long offset) throws ImageException {
        Json.Value root = Json.parse(json, offset);
        if (!(root instanceof Json.Obj o)) {
            throw new ImageException("apex_manifest.json is not a JSON object", offset);
        }
        Optional<Json.Obj> capex = o.object("capexMetadata");
        Optional<String> digest = capex.isPresent() ? Optional.of(capex.get().string("originalApexDigest")) : Optional.empty();
        return new ApexManifest(o.string("name"), o.integer("version"), o.string("preInstallHook"),
                o.string("postInstallHook"), o.string("versionName"), o.bool("noCode"),
                o.strings("provideNativeLibs"), o.strings("requireNativeLibs"), o.strings("jniLibs"),
                o.strings("requireSharedApexLibs"), o.bool("provideSharedApexLibs"), digest,
                o.bool("supportsRebootlessUpdate"), o.string("vndkVersion"), o.bool("vendorBootstrap"),
                o.bool("bootstrap"), Set.of());
    }
}

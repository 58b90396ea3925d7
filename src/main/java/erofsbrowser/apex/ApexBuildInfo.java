package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;

import java.nio.charset.StandardCharsets;

import static erofsbrowser.apex.ProtoSchema.FieldSpec.of;
import static erofsbrowser.apex.ProtoSchema.Type.BOOL;
import static erofsbrowser.apex.ProtoSchema.Type.BYTES;
import static erofsbrowser.apex.ProtoSchema.Type.STRING;

/**
 * What apexer was given to build an APEX, message {@code apex.proto.ApexBuildInfo} of AOSP's
 * {@code apex_build_info.proto}, from {@code apex_build_info.pb}: among others the SELinux
 * {@code file_contexts} and the {@code canned_fs_config} (owner and mode per path) the payload
 * was made with, which a verification compares with what the payload holds.
 */
public record ApexBuildInfo(String apexerCommandLine, String fileContexts, String cannedFsConfig,
                            String androidManifest, String minSdkVersion, String targetSdkVersion,
                            boolean noHashtree, String overrideApkPackageName, String loggingParent,
                            String payloadFsType) {

    static final ProtoSchema SCHEMA = ProtoSchema.of("ApexBuildInfo",
            of(1, "apexer_command_line", STRING),
            of(2, "file_contexts", BYTES),
            of(3, "canned_fs_config", BYTES),
            of(4, "android_manifest", BYTES),
            of(5, "min_sdk_version", STRING),
            of(6, "target_sdk_version", STRING),
            of(7, "no_hashtree", BOOL),
            of(8, "override_apk_package_name", STRING),
            of(9, "logging_parent", STRING),
            of(10, "payload_fs_type", STRING));

    /** Decodes {@code apex_build_info.pb}'s bytes, which lie at image offset {@code offset} (for errors). */
    public static ApexBuildInfo parse(byte[] pb, long offset) throws ImageException {
        ProtoMessage m = ProtoMessage.parse(pb, 0, pb.length, offset, SCHEMA);
        return new ApexBuildInfo(m.string(1), text(m.bytes(2)), text(m.bytes(3)), text(m.bytes(4)), m.string(5),
                m.string(6), m.bool(7), m.string(8), m.string(9), m.string(10));
    }

    /** The field tree of {@code apex_build_info.pb}'s bytes, which lie at image offset {@code offset}. */
    public static Field dissect(byte[] pb, long offset) {
        return ProtoFields.dissect(pb, 0, pb.length, offset, SCHEMA);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

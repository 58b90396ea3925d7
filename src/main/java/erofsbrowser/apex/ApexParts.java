package erofsbrowser.apex;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.ImagePart;
import erofsbrowser.image.ImageSource;

import java.util.ArrayList;
import java.util.List;

/**
 * What an APEX holds around its payload's filesystem, as the parts the app shows beside the tree:
 * the zip, the manifest, the build info, the public key, the AVB structures and the payload's
 * layout; each with a summary in words and, where its bytes lie in the file the app shows, its
 * field trees moved to that file's offsets.
 */
final class ApexParts {
    /** Lines of file_contexts or canned_fs_config shown in a summary; the rest are counted. */
    private static final int TEXT_LINES = 40;

    private ApexParts() {
    }

    static List<ImagePart> of(ApexFile apex, ImageSource shown) {
        List<ImagePart> parts = new ArrayList<>();
        List<Structures> groups;
        try {
            groups = apex.structures();
        } catch (ImageException e) {
            return List.of(new ImagePart(apex.kind().toString(), List.of("its structures cannot be read: " + e.getMessage()),
                    List.of()));
        }
        ApexArchive archive = apex.apex().orElse(apex.archive());
        for (Structures g : groups) {
            parts.add(new ImagePart(title(g), summary(g, archive, apex), fieldsIn(g, shown)));
        }
        apex.payload().ifPresent(p -> parts.add(new ImagePart("payload layout", layout(p), List.of())));
        return parts;
    }

    /** The group's trees moved to {@code shown}'s offsets; none when its bytes are elsewhere (a deflated entry, the CAPEX). */
    private static List<Field> fieldsIn(Structures g, ImageSource shown) {
        if (!(g.origin() instanceof Structures.InSource in) || !in.source().file().equals(shown.file())) {
            return List.of();
        }
        long delta = in.source().fileOffset() - shown.fileOffset();
        List<Field> out = new ArrayList<>();
        for (Field f : g.fields()) {
            out.add(f.shifted(delta));
        }
        return out;
    }

    private static String title(Structures g) {
        return g.title().equals("zip") ? "Zip" : g.title();
    }

    private static List<String> summary(Structures g, ApexArchive archive, ApexFile apex) {
        List<String> lines = new ArrayList<>();
        if (g.origin() instanceof Structures.InEntry e) {
            lines.add(e.entryName() + " is compressed in the zip: its fields count from the start of its inflated bytes");
        }
        String t = g.title();
        if (t.endsWith(ApexArchive.MANIFEST_PB)) {
            archive.manifest().ifPresent(m -> manifest(m, lines));
        } else if (t.endsWith("apex_build_info.pb")) {
            archive.buildInfo().ifPresent(b -> buildInfo(b, lines));
        } else if (t.endsWith("apex_pubkey")) {
            archive.publicKey().ifPresent(k -> {
                lines.add("RSA " + k.keyBits() + ", SHA-256 " + k.sha256());
                apex.publicKeyMatchesVbmeta().ifPresent(same -> lines.add(same
                        ? "the same key as the vbmeta image's" : "NOT the vbmeta image's key"));
            });
        } else if (t.equals("zip")) {
            archive.manifestJson().ifPresent(j -> lines.add("apex_manifest.json: " + j.strip()));
            archive.androidManifest().ifPresent(x -> lines.add("AndroidManifest.xml:\n" + x));
        }
        return lines;
    }

    private static void manifest(ApexManifest m, List<String> lines) {
        lines.add("name " + m.name());
        lines.add("version " + m.version() + (m.versionName().isEmpty() ? "" : " (" + m.versionName() + ")"));
        if (!m.provideNativeLibs().isEmpty()) {
            lines.add("provides " + String.join(", ", m.provideNativeLibs()));
        }
        if (!m.requireNativeLibs().isEmpty()) {
            lines.add("requires " + String.join(", ", m.requireNativeLibs()));
        }
        if (!m.jniLibs().isEmpty()) {
            lines.add("JNI libs " + String.join(", ", m.jniLibs()));
        }
        m.originalApexDigest().ifPresent(d -> lines.add("original APEX digest " + d));
        if (!m.vndkVersion().isEmpty()) {
            lines.add("VNDK version " + m.vndkVersion());
        }
        if (!m.unknownFields().isEmpty()) {
            lines.add("fields this schema does not name: " + m.unknownFields());
        }
    }

    private static void buildInfo(ApexBuildInfo b, List<String> lines) {
        if (!b.payloadFsType().isEmpty()) {
            lines.add("payload filesystem " + b.payloadFsType());
        }
        text("file_contexts", b.fileContexts(), lines);
        text("canned_fs_config", b.cannedFsConfig(), lines);
    }

    private static void text(String name, String text, List<String> lines) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String[] all = text.split("\n");
        StringBuilder sb = new StringBuilder(name + ":");
        for (int i = 0; i < Math.min(all.length, TEXT_LINES); i++) {
            sb.append("\n  ").append(all[i]);
        }
        if (all.length > TEXT_LINES) {
            sb.append("\n  … and ").append(all.length - TEXT_LINES).append(" more lines");
        }
        lines.add(sb.toString());
    }

    private static List<String> layout(Payload p) {
        List<String> lines = new ArrayList<>();
        long base = p.source().fileOffset();
        for (Payload.Region r : p.layout()) {
            lines.add(String.format("%s: payload bytes %,d..%,d (file 0x%x..0x%x)", r.name(), r.range().offset(),
                    r.range().end(), base + r.range().offset(), base + r.range().end()));
        }
        return lines;
    }
}

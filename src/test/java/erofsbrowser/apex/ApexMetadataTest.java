package erofsbrowser.apex;

import erofsbrowser.image.Field;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest, key, build info and AndroidManifest.xml of each APEX, decoded by name. */
class ApexMetadataTest {

    @Test
    void theExampleApexsManifestHoldsWhatTheReadmeSays() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX))) {
            ApexManifest m = apex.archive().manifest().orElseThrow();
            assertEquals(new ApexManifest("com.example.erofs", 340090000, "", "", "14-example", false,
                    List.of("libexample.so"), List.of("libc.so", "libm.so"), List.of(), List.of(), false,
                    Optional.empty(), false, "", false, false, Set.of()), m);
        }
    }

    @Test
    void eachManifestFieldIsNamedAndTiedToItsBytes() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX))) {
            Structures pb = apex.archive().structures().stream().filter(s -> s.title().equals("apex_manifest.pb"))
                    .findFirst().orElseThrow();
            Field manifest = pb.fields().get(0);
            assertEquals("ApexManifest", manifest.name());
            assertEquals(List.of("name", "version", "versionName", "provideNativeLibs", "requireNativeLibs", "requireNativeLibs"),
                    manifest.children().stream().map(Field::name).toList());
            Field version = manifest.child("version");
            long dataOffset = apex.archive().zip().entry("apex_manifest.pb").dataOffset();
            assertEquals(dataOffset + 19, version.offset(), "after name's 19 bytes, in the file");
            assertEquals(6, version.size());
            assertEquals("340090000", version.meaning());
            assertEquals(List.of("key", "value"), version.children().stream().map(Field::name).toList());
            assertEquals("field 2, varint", version.child("key").meaning());
            assertTrue(pb.origin() instanceof Structures.InSource s && s.source() == apex.archive().zip().source());
        }
    }

    @Test
    void theCtsShimHasAJsonManifestOnly() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.SHIM))) {
            assertEquals(Optional.empty(), apex.archive().manifestPb());
            assertEquals("{\n  \"name\": \"com.android.apex.cts.shim\",\n  \"version\": 1\n}\n",
                    apex.archive().manifestJson().orElseThrow());
            ApexManifest m = apex.archive().manifest().orElseThrow();
            assertEquals("com.android.apex.cts.shim", m.name());
            assertEquals(1, m.version());
        }
    }

    @Test
    void thePixelCasApexHasAProtobufManifestBuildInfoAndLibraryGroups() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.CAS))) {
            ApexManifest m = apex.archive().manifest().orElseThrow();
            assertEquals("com.android.hardware.cas", m.name());
            assertEquals(1, m.version());
            assertEquals(List.of(":mediacas", "libbinder_ndk.so", "libc.so", "libdl.so", "liblog.so", "libm.so"),
                    m.requireNativeLibs());
            ApexBuildInfo info = apex.archive().buildInfo().orElseThrow();
            assertEquals("ext4", info.payloadFsType());
            assertEquals("34", info.minSdkVersion());
            assertEquals("34", info.targetSdkVersion());
            assertTrue(info.fileContexts().contains("/bin/hw/android\\.hardware\\.cas-service\\.example"));
            assertTrue(info.cannedFsConfig().startsWith("/ 1000 1000 0755\n"));
            assertTrue(info.androidManifest().contains("package=\"com.android.hardware.cas\""));
        }
    }

    @Test
    void binaryAndroidManifestXmlReadsAsXmlText() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.CAS))) {
            assertEquals("""
                    <?xml version="1.0" encoding="utf-8"?>
                    <manifest xmlns:android="http://schemas.android.com/apk/res/android" android:versionCode="1" \
                    android:compileSdkVersion="34" android:compileSdkVersionCodename="UpsideDownCake" \
                    package="com.android.hardware.cas" platformBuildVersionCode="34" platformBuildVersionName="UpsideDownCake">
                      <uses-sdk android:minSdkVersion="34" android:targetSdkVersion="34" />
                      <application android:hasCode="false" />
                    </manifest>
                    """, apex.archive().androidManifest().orElseThrow());
        }
    }

    @Test
    void apexPubkeyShowsItsSizeItsDigestAndWhetherItIsTheVbmetaKey() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX))) {
            AvbPublicKey key = apex.archive().publicKey().orElseThrow();
            assertEquals(4096, key.keyBits());
            assertEquals("7728e30f50bfa5cea165f473175a08803f6a8346642b5aa10913e9d9e6defef6", key.sha256());
            assertEquals(key, apex.payload().orElseThrow().vbmeta().orElseThrow().publicKey().orElseThrow());
            assertEquals(Optional.of(true), apex.publicKeyMatchesVbmeta());
            assertEquals(List.of(), key.inconsistencies(), "n0inv and rr are those of the modulus");
        }
    }

    @Test
    void theAvbPartsAreDecoded() throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(ApexFixtures.APEX))) {
            Payload payload = apex.payload().orElseThrow();
            AvbFooter footer = payload.footer().orElseThrow();
            assertEquals(new AvbFooter(2555840, 1, 0, 2523136, 2547712, 2176), footer);
            Vbmeta vbmeta = payload.vbmeta().orElseThrow();
            assertEquals(AvbAlgorithm.SHA256_RSA4096, vbmeta.header().algorithm());
            assertEquals("avbtool 1.3.0", vbmeta.header().releaseString());
            AvbDescriptor.Hashtree tree = vbmeta.hashtree().orElseThrow();
            assertEquals("sha256", tree.hashAlgorithm());
            assertEquals(2523136, tree.imageSize());
            assertEquals(24576, tree.treeSize());
            assertEquals("39dbeddee8403f3b8ad2976771ecc47c63a7e6d9ae281cce10aae772d60cb20f", tree.rootDigestHex());
            assertEquals(List.of(new HashtreeLayout.Level(0, new erofsbrowser.image.ByteRange(2527232, 20480)),
                    new HashtreeLayout.Level(1, new erofsbrowser.image.ByteRange(2523136, 4096))),
                    HashtreeLayout.of(tree).levels(), "levels stored top first");
            assertEquals("verity 1 <loop> <loop> 4096 4096 616 616 sha256 "
                    + "39dbeddee8403f3b8ad2976771ecc47c63a7e6d9ae281cce10aae772d60cb20f "
                    + "c02e0c397b142ab879e6a177b04f6cbb6fefa672fb6b40caa3d7840dabc47b35 1 ignore_zero_blocks",
                    HashtreeLayout.dmVerityTable(tree));
        }
    }
}

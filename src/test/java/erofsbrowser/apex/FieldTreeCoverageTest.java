package erofsbrowser.apex;

import erofsbrowser.image.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every zip, protobuf and AVB structure of every test APEX is described field by field: the fields
 * cover the structure's bytes exactly once and each re-encodes to its raw bytes.
 */
class FieldTreeCoverageTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ApexFixtures.APEX, ApexFixtures.CAPEX, ApexFixtures.CORRUPT, ApexFixtures.SHIM,
            ApexFixtures.CAS, ApexFixtures.MISALIGNED})
    void everyStructureIsCoveredExactlyAndReencodes(String name) throws Exception {
        try (ApexFile apex = ApexFile.open(ApexFixtures.file(name))) {
            int leaves = 0;
            List<String> titles = new java.util.ArrayList<>();
            for (Structures s : apex.structures()) {
                titles.add(s.title());
                FieldTrees.Raw raw = s.origin() instanceof Structures.InSource in ? FieldTrees.Raw.of(in.source())
                        : FieldTrees.Raw.of(((Structures.InEntry) s.origin()).content());
                leaves += FieldTrees.assertExact(s.fields(), raw);
            }
            assertTrue(titles.contains("zip") && titles.contains("apex_pubkey") && titles.contains("AVB"), titles.toString());
            if (apex.kind() == ApexFile.Kind.CAPEX) {
                assertTrue(titles.contains("original_apex: zip"), titles.toString());
            }
            List<Field> avb = apex.payload().orElseThrow().structures();
            assertTrue(avb.size() >= 4, "header, authentication block, auxiliary block, footer");
            assertTrue(leaves > 100, leaves + " fields checked");
        }
    }
}

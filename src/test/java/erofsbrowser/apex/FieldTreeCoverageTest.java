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
            List<ApexArchive> archives = apex.kind() == ApexFile.Kind.CAPEX
                    ? List.of(apex.archive(), apex.apex().orElseThrow()) : List.of(apex.archive());
            for (ApexArchive archive : archives) {
                for (Structures s : archive.structures()) {
                    FieldTrees.Raw raw = s.origin() instanceof Structures.InSource in ? FieldTrees.Raw.of(in.source())
                            : FieldTrees.Raw.of(((Structures.InEntry) s.origin()).content());
                    leaves += FieldTrees.assertExact(s.fields(), raw);
                }
            }
            Payload payload = apex.payload().orElseThrow();
            List<Field> avb = payload.structures();
            assertTrue(avb.size() >= 4, "header, authentication block, auxiliary block, footer");
            leaves += FieldTrees.assertExact(avb, FieldTrees.Raw.of(payload.source()));
            assertTrue(leaves > 100, leaves + " fields checked");
        }
    }
}

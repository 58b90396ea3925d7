package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.FieldBuilder;

/** The dissector of an indirect block of a block map: block size / 4 block pointers. */
final class IndirectFields {
    private IndirectFields() {
    }

    /**
     * Indirect block {@code block} (bytes {@code b} at image {@code offset}), at {@code level} above
     * the data (1: its pointers name data blocks).
     */
    static Field block(byte[] b, long offset, long block, int level, Volume volume) {
        FieldBuilder f = FieldBuilder.littleEndian("indirect block " + block, offset, b, 0, b.length);
        String kind = level == 1 ? "data block" : level == 2 ? "single indirect block" : "double indirect block";
        f.meaning((level == 1 ? "single" : level == 2 ? "double" : "triple") + " indirect: " + b.length / 4
                + " pointers to " + kind + "s");
        for (int i = 0; i < b.length / 4; i++) {
            long v = f.u32("[" + i + "]", p -> p == 0 ? "none (a hole)" : kind + " " + p);
            if (v != 0 && !volume.validBlocks(v, 1)) {
                f.problemOnLast(erofsbrowser.image.Problem.error("outside the filesystem"));
            }
        }
        return f.build();
    }
}

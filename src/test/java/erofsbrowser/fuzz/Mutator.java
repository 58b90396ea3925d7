package erofsbrowser.fuzz;

import erofsbrowser.image.Field;

import java.util.Arrays;
import java.util.Random;

/**
 * Makes a damaged copy of a seed: random bit flips, random bytes overwritten, a truncation, or
 * one field of its structure trees set to 0, to all ones, to just past the image's end, or to
 * its neighbour's value (the damage a dissector knows to matter).
 */
final class Mutator {
    /** A damaged image and what was done to it, for the defect report. */
    record Mutant(byte[] bytes, String description) {
    }

    private Mutator() {
    }

    static Mutant mutate(Seed seed, Random random) {
        byte[] b = seed.bytes().clone();
        int kind = random.nextInt(10);
        if (kind < 2) {
            int flips = 1 + random.nextInt(8);
            StringBuilder where = new StringBuilder("bit flips at");
            for (int i = 0; i < flips; i++) {
                int at = random.nextInt(b.length);
                int bit = random.nextInt(8);
                b[at] ^= (byte) (1 << bit);
                where.append(' ').append(at).append('.').append(bit);
            }
            return new Mutant(b, where.toString());
        }
        if (kind < 3) {
            int count = 1 + random.nextInt(16);
            int at = random.nextInt(b.length);
            for (int i = 0; i < count && at + i < b.length; i++) {
                b[at + i] = (byte) random.nextInt(256);
            }
            return new Mutant(b, count + " random bytes at " + at);
        }
        if (kind < 4 || seed.fields().isEmpty()) {
            int length = random.nextInt(b.length);
            return new Mutant(Arrays.copyOf(b, length), "truncated to " + length + " bytes");
        }
        Field f = seed.fields().get(random.nextInt(seed.fields().size()));
        int width = (int) f.size();
        int at = (int) f.offset();
        String what;
        switch (random.nextInt(4)) {
            case 0 -> {
                Arrays.fill(b, at, at + width, (byte) 0);
                what = "0";
            }
            case 1 -> {
                Arrays.fill(b, at, at + width, (byte) 0xff);
                what = "all ones";
            }
            case 2 -> {
                // Just past the end, in bytes or in 4 KiB blocks: the two units offsets come in.
                long past = random.nextBoolean() ? b.length : (b.length >> 12) + 1;
                for (int i = 0; i < width; i++) {
                    b[at + i] = (byte) (past >>> (8 * i));
                }
                what = "just past the end (" + past + ")";
            }
            default -> {
                Field next = seed.fields().get(random.nextInt(seed.fields().size()));
                int n = (int) Math.min(width, next.size());
                System.arraycopy(seed.bytes(), (int) next.offset(), b, at, n);
                what = "the value of " + next.name() + " at " + next.offset();
            }
        }
        return new Mutant(b, "field " + f.name() + " at " + at + " (" + width + " bytes) set to " + what);
    }
}

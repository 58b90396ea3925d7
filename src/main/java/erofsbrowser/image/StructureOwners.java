package erofsbrowser.image;

import java.util.List;

/**
 * Who owns each byte among a few structures laid out by themselves (a zip's records around an
 * APEX's payload, the superblock of an image that cannot be read further): the field trees are
 * the map. A byte no structure covers has no owner.
 */
public final class StructureOwners implements ByteOwnerMap {
    private final List<Field> structures;

    public StructureOwners(List<Field> structures) {
        this.structures = List.copyOf(structures);
    }

    @Override
    public ByteOwner at(long offset) {
        for (Field f : structures) {
            if (f.contains(offset)) {
                return new ByteOwner(f.range(), f.name() + (f.meaning().isEmpty() ? "" : " (" + f.meaning() + ")"),
                        null, f.pathTo(offset));
            }
        }
        return null;
    }

    @Override
    public List<ImageException> problems() {
        return List.of();
    }
}

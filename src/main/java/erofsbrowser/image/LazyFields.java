package erofsbrowser.image;

import java.util.AbstractList;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * A structure's children dissected when asked for, one at a time: an array of thousands of
 * records (a large file's lcluster indexes, a big directory's dirents) is shown and searched
 * without building every field up front. Immutable; each {@link #get} dissects its element anew
 * from bytes the dissector already holds, so it cannot fail.
 */
public final class LazyFields extends AbstractList<Field> implements RandomAccess {
    private final int size;
    private final IntFunction<Field> dissect;

    public LazyFields(int size, IntFunction<Field> dissect) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
        this.size = size;
        this.dissect = dissect;
    }

    @Override
    public Field get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return dissect.apply(index);
    }

    @Override
    public int size() {
        return size;
    }
}

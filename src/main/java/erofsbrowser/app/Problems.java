package erofsbrowser.app;

import erofsbrowser.image.Fault;
import erofsbrowser.image.Printable;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Every fault found so far in the open image, once each: met while the tree read a directory,
 * by the scan that follows opening, or by File › Verify. The same fault found twice (the tree and
 * the scan both read a directory) is one row; the structure that holds its byte is named once the
 * map of owners can say. Used on the FX thread only.
 */
final class Problems {
    /** Rows kept at most: a wrecked image can have millions of faults; the count goes on. */
    static final int MAX_ROWS = 10_000;

    /**
     * One fault as the Problems pane lists it.
     *
     * @param fault     the fault
     * @param structure the structure and field at its byte ("erofs_dirent › nameoff"), or "" while unknown
     */
    record Row(Fault fault, String structure) {
        long offset() {
            return fault.offset();
        }

        String path() {
            return fault.error().path().map(Printable::escape).orElse("");
        }

        String message() {
            String name = fault.nameText();
            String problem = Printable.escape(fault.problem());
            return name.isEmpty() || path().endsWith("/" + name) || problem.contains(name) ? problem
                    : "\"" + name + "\": " + problem;
        }
    }

    private record Key(long offset, String problem, String path) {
        static Key of(Fault f) {
            return new Key(f.offset(), f.problem(), f.error().path().orElse(""));
        }
    }

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Map<Key, Integer> index = new HashMap<>();
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper(this, "count");

    /** The faults found, in the order found (at most {@link #MAX_ROWS}). */
    ObservableList<Row> rows() {
        return rows;
    }

    /** How many different faults were found, counting those past {@link #MAX_ROWS}. */
    ReadOnlyIntegerProperty count() {
        return count.getReadOnlyProperty();
    }

    void add(Collection<Fault> faults) {
        for (Fault f : faults) {
            add(f, "");
        }
    }

    /** Adds {@code fault}, or names the structure of the same fault found before without one. */
    void add(Fault fault, String structure) {
        Key key = Key.of(fault);
        Integer at = index.get(key);
        if (at != null) {
            if (!structure.isEmpty() && rows.get(at).structure().isEmpty()) {
                rows.set(at, new Row(rows.get(at).fault(), structure));
            }
            return;
        }
        count.set(count.get() + 1);
        if (rows.size() < MAX_ROWS) { // past that, faults are counted only (a repeat may count twice)
            index.put(key, rows.size());
            rows.add(new Row(fault, structure));
        }
    }

    void clear() {
        rows.clear();
        index.clear();
        count.set(0);
    }
}

package erofsbrowser.app;

import erofsbrowser.image.DataRun;
import erofsbrowser.image.Field;
import erofsbrowser.image.Node;

import java.util.List;

/**
 * What the detail pane shows of the selected entry, or of the image itself: its key facts, the
 * structures it is made of (as field trees) and where its content is stored. Read in a
 * background task; shown as it is.
 *
 * @param title      the entry's path, or the image file's name
 * @param node       the entry, or null for the image itself
 * @param facts      name and value pairs, in the order shown
 * @param structures the structures, outermost fields first, in the order the reader meets them
 * @param runs       where the content is stored, run by run (empty for the image)
 * @param scrollTo   the image offset the raw view scrolls to, or -1
 */
record EntryView(String title, Node node, List<Fact> facts, List<Field> structures, List<DataRun> runs, long scrollTo) {

    /** One line of key facts: "size" "12,345 bytes". */
    record Fact(String name, String value) {
    }

    EntryView {
        facts = List.copyOf(facts);
        structures = List.copyOf(structures);
        runs = List.copyOf(runs);
    }

    /** The value of fact {@code name}, or "". */
    String fact(String name) {
        for (Fact f : facts) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return "";
    }
}

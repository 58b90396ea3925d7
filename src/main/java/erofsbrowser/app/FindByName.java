package erofsbrowser.app;

import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import javafx.application.Platform;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds entries whose name contains a text, over the whole image, in the background. Results
 * are added to the list as they are found; at the end the list is put in order: exact names
 * first, then names that start with the text, then the rest, each group by path. The task's value
 * is how many matched.
 */
final class FindByName extends Task<Integer> {
    /** Results handed over at a time while the walk goes on. */
    private static final int BATCH = 200;

    private final ImageSession session;
    private final String text;
    private final String needle;
    private final ObservableList<String> results;

    FindByName(ImageSession session, String text, ObservableList<String> results) {
        this.session = session;
        this.text = text;
        this.needle = text.toLowerCase(Locale.ROOT);
        this.results = results;
    }

    /** How well a name matches: 0 exact, 1 prefix, 2 anywhere. */
    int rank(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals(needle) ? 0 : n.startsWith(needle) ? 1 : 2;
    }

    @Override
    protected Integer call() throws Exception {
        updateTitle("Finding \"" + text + "\"");
        List<Node> matches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        session.image().walk(session.root(), n -> {
            if (isCancelled()) {
                throw new ImageException("find cancelled", 0);
            }
            if (!n.isRoot() && n.nameString().toLowerCase(Locale.ROOT).contains(needle)) {
                matches.add(n);
                batch.add(n.pathString());
                if (batch.size() >= BATCH) {
                    List<String> copy = List.copyOf(batch);
                    batch.clear();
                    Platform.runLater(() -> {
                        if (!isCancelled()) {
                            results.addAll(copy);
                        }
                    });
                }
            }
        });
        matches.sort(Comparator.comparingInt((Node n) -> rank(n.nameString())).thenComparing(Node::pathString));
        List<String> ordered = new ArrayList<>(matches.size());
        matches.forEach(n -> ordered.add(n.pathString()));
        Platform.runLater(() -> {
            if (!isCancelled()) {
                results.setAll(ordered);
            }
        });
        return matches.size();
    }
}

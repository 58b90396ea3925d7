package erofsbrowser.app;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** Back and forward through the entries selected, as a browser's history: by path. */
final class History {
    private final Deque<byte[]> back = new ArrayDeque<>();
    private final Deque<byte[]> forward = new ArrayDeque<>();

    /** A new selection: it becomes the current place, and forward is forgotten. */
    void visit(byte[] path) {
        if (!back.isEmpty() && Arrays.equals(back.peek(), path)) {
            return;
        }
        back.push(path);
        forward.clear();
    }

    boolean canGoBack() {
        return back.size() >= 2;
    }

    boolean canGoForward() {
        return !forward.isEmpty();
    }

    /** The place before the current one, which becomes current; null when there is none. */
    byte[] back() {
        if (!canGoBack()) {
            return null;
        }
        forward.push(back.pop());
        return back.peek();
    }

    /** The place after the current one, which becomes current; null when there is none. */
    byte[] forward() {
        if (forward.isEmpty()) {
            return null;
        }
        byte[] path = forward.pop();
        back.push(path);
        return path;
    }
}

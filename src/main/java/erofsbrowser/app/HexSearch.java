package erofsbrowser.app;

import erofsbrowser.app.hex.HexView;
import erofsbrowser.app.hex.SearchPatterns;
import javafx.concurrent.Task;

/**
 * The toolbar's byte search and go-to-offset: find the next occurrence after the caret of bytes
 * (hex pairs) or text in the hex view on show, and show an offset of the raw image. Each says in
 * the status line what happened, found or not.
 */
final class HexSearch {
    private final HexPaneController hex;
    private final SharedSelection selection;
    private final BackgroundTasks tasks;

    HexSearch(HexPaneController hex, SharedSelection selection, BackgroundTasks tasks) {
        this.hex = hex;
        this.selection = selection;
        this.tasks = tasks;
    }

    /** Shows the offset typed (decimal or 0x hex) in the raw view. */
    void goTo(String typed) {
        String text = typed.trim().replace("_", "").replace(",", "");
        try {
            long offset = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (hex.goTo(offset)) {
                selection.status().set("At offset " + selection.offsetText(offset));
            } else {
                selection.status().set("Offset " + text + " is past the end of the image ("
                        + selection.offsetText(hex.rawHex().getLength()) + " bytes)");
            }
        } catch (NumberFormatException e) {
            selection.status().set("Not an offset: " + text + " (use decimal or 0x hex)");
        }
    }

    /** Finds {@code text} (hex pairs, else text) after the caret of the hex view on show; false when there is nothing to find. */
    boolean find(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        HexView view = hex.shownHexView();
        byte[] pattern;
        try {
            pattern = text.trim().matches("(?i)(0x)?[0-9a-f]{2}([ :,]*(0x)?[0-9a-f]{2})*")
                    ? SearchPatterns.fromHex(text) : SearchPatterns.fromText(text);
        } catch (IllegalArgumentException e) {
            selection.status().set("Cannot search for that: " + e.getMessage());
            return true;
        }
        if (view.getSource() == null) {
            return true;
        }
        Task<Long> task = view.find(pattern, view.getCaretOffset() + 1, true);
        task.setOnSucceeded(e -> {
            long at = task.getValue();
            if (at < 0) {
                selection.status().set("\"" + text + "\" not found after the caret");
            } else {
                view.select(at, pattern.length);
                selection.status().set("\"" + text + "\" found at offset " + selection.offsetText(at));
            }
        });
        task.setOnFailed(e -> selection.status().set("Search failed: " + Dialogs.message(task.getException())));
        tasks.runListed(task);
        return true;
    }
}

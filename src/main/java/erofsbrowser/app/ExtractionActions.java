package erofsbrowser.app;

import erofsbrowser.extract.ExtractionOptions;
import erofsbrowser.extract.ExtractionReport;
import erofsbrowser.image.FileType;
import erofsbrowser.image.ImageException;
import erofsbrowser.image.Node;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Getting files out, from the menus: extract the selection or everything to a folder, save one
 * file as, open one with the system's application, and verify the image by reading every file.
 * Each runs as a task with progress and cancel, and ends with one message.
 */
final class ExtractionActions {
    private final Stage stage;
    private final BackgroundTasks tasks;
    private final Dialogs dialogs;
    private final SharedSelection selection;
    private final Supplier<List<Node>> selected;
    private final TempFolderSource folders;
    private final ExtractionService extraction = new ExtractionService();
    /** Hands a file's URI to the system's default application; tests record it instead. */
    private Consumer<String> documentOpener;

    /** Where private folders for opened and dragged files come from (the app's, removed at exit). */
    interface TempFolderSource {
        Path newFolder(String purpose) throws java.io.IOException;
    }

    ExtractionActions(Stage stage, BackgroundTasks tasks, Dialogs dialogs, SharedSelection selection,
                      Supplier<List<Node>> selected, TempFolderSource folders, Consumer<String> documentOpener) {
        this.stage = stage;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.selection = selection;
        this.selected = selected;
        this.folders = folders;
        this.documentOpener = documentOpener;
    }

    void openDocumentsWith(Consumer<String> opener) {
        documentOpener = opener;
    }

    ExtractionService service() {
        return extraction;
    }

    private ImageSession session() {
        return selection.session().get();
    }

    void extractSelected() {
        List<Node> nodes = selected.get();
        if (session() == null || nodes.isEmpty()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Extract " + ExtractionService.describe(nodes) + " to");
        File folder = chooser.showDialog(stage);
        if (folder != null) {
            extractTo(nodes, folder.toPath());
        }
    }

    void extractAll() {
        if (session() == null) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Extract the whole image to");
        File folder = chooser.showDialog(stage);
        if (folder != null) {
            extractTo(List.of(session().root()), folder.toPath());
        }
    }

    /** Extracts in the background, asks once what to do with existing files, and sums up at the end. */
    ExtractionService.ExtractionTask extractTo(List<Node> nodes, Path folder) {
        ExtractionService.ExtractionTask task = extraction.extraction(session().image(), nodes, folder,
                ExtractionOptions.ExistingFiles.ASK, this::askAboutExistingFiles);
        task.setOnSucceeded(e -> dialogs.info("Extraction finished", summary(task.getValue(), folder)));
        task.setOnCancelled(e -> task.finished().thenAccept(report -> Platform.runLater(
                () -> dialogs.info("Extraction cancelled", summary(report, folder)))));
        task.setOnFailed(e -> dialogs.error("Extraction stopped", task.getException(), String.format(
                "%s had been written to %s. The file being written when it stopped was removed.",
                task.writtenSoFar(), folder)));
        tasks.runListed(task);
        return task;
    }

    static String summary(ExtractionReport report, Path folder) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,d entries and %,d bytes written to %s.", report.entries(), report.bytes(), folder));
        if (report.cancelled()) {
            sb.append("\nStopped at ").append(report.stoppedAt()).append(": nothing half-written was left behind.");
        }
        if (!report.faults().isEmpty()) {
            sb.append(String.format("%n%nThe image could not give (%d):", report.faults().size()));
            report.faults().stream().limit(40).forEach(f -> sb.append("\n  ").append(f.line()));
            if (report.faults().size() > 40) {
                sb.append("\n  …and ").append(report.faults().size() - 40).append(" more");
            }
        }
        if (!report.skipped().isEmpty()) {
            sb.append(String.format("%n%nLeft out (%d):", report.skipped().size()));
            report.skipped().stream().limit(40).forEach(s -> sb.append("\n  ").append(s));
            if (report.skipped().size() > 40) {
                sb.append("\n  …and ").append(report.skipped().size() - 40).append(" more");
            }
        }
        return sb.toString();
    }

    /** Called on an extraction thread at the first existing file: asks on the FX thread and waits. */
    private ExtractionOptions.ExistingFiles askAboutExistingFiles(Path firstConflict) {
        CompletableFuture<ExtractionOptions.ExistingFiles> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                ButtonType overwrite = new ButtonType("Overwrite");
                ButtonType skip = new ButtonType("Skip");
                ButtonType keepBoth = new ButtonType("Keep both");
                Alert alert = new Alert(Alert.AlertType.CONFIRMATION, firstConflict + " exists already.\n"
                        + "What should happen to it and to every other existing file of this extraction?",
                        overwrite, skip, keepBoth);
                alert.initOwner(stage);
                alert.setTitle("EROFS Browser");
                alert.setHeaderText("Some files exist already");
                ButtonType chosen = alert.showAndWait().orElse(skip);
                answer.complete(chosen == overwrite ? ExtractionOptions.ExistingFiles.OVERWRITE
                        : chosen == keepBoth ? ExtractionOptions.ExistingFiles.KEEP_BOTH : ExtractionOptions.ExistingFiles.SKIP);
            } catch (RuntimeException e) {
                answer.complete(ExtractionOptions.ExistingFiles.SKIP); // never leave the extraction waiting
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExtractionOptions.ExistingFiles.SKIP;
        } catch (ExecutionException e) {
            return ExtractionOptions.ExistingFiles.SKIP;
        }
    }

    /** Extracts one regular file into a private folder and opens it with the system's application. */
    void openWithSystem() {
        Node node = theOneSelectedFile("Open");
        if (node != null) {
            openWithSystem(node);
        }
    }

    Task<Path> openWithSystem(Node node) {
        Task<Path> task = extraction.openingCopy(session().image(), node, () -> folders.newFolder("open"));
        task.setOnSucceeded(e -> {
            selection.status().set("Opened " + node.pathString() + " with the system's application");
            documentOpener.accept(task.getValue().toUri().toString());
        });
        task.setOnFailed(e -> dialogs.error("Cannot open " + node.nameString(), task.getException()));
        tasks.runListed(task);
        return task;
    }

    /** Saves one regular file under a name and folder the person picks. */
    void saveAs() {
        Node node = theOneSelectedFile("Save as");
        if (node == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save " + node.nameString());
        chooser.setInitialFileName(node.nameString());
        File chosen = chooser.showSaveDialog(stage); // the chooser asks before replacing a file
        if (chosen != null) {
            saveAs(node, chosen.toPath());
        }
    }

    Task<Path> saveAs(Node node, Path target) {
        Task<Path> task = extraction.saving(session().image(), node, target);
        task.setOnSucceeded(e -> selection.status().set("Saved " + task.getValue()));
        task.setOnFailed(e -> dialogs.error("Cannot save " + node.nameString(), task.getException()));
        tasks.runListed(task);
        return task;
    }

    private Node theOneSelectedFile(String action) {
        List<Node> nodes = selected.get();
        if (session() == null || nodes.size() != 1 || nodes.get(0).type() != FileType.FILE) {
            selection.status().set(action + " works on one regular file: select one");
            return null;
        }
        return nodes.get(0);
    }

    /** Reads every file of the image, with progress and cancel: what fsck checks. */
    Task<String> verify() {
        ImageSession s = session();
        if (s == null) {
            return null;
        }
        Task<String> task = new Task<>() {
            @Override
            protected String call() throws Exception {
                updateTitle("Verifying " + s.fileName());
                List<Node> files = new ArrayList<>();
                s.image().walk(s.root(), n -> {
                    if (isCancelled()) {
                        throw new ImageException("verification cancelled", 0);
                    }
                    if (n.type() == FileType.FILE) {
                        files.add(n);
                    }
                });
                long total = files.stream().mapToLong(Node::size).sum();
                long[] done = {0};
                for (Node f : files) {
                    if (isCancelled()) {
                        return "cancelled";
                    }
                    updateMessage(f.pathString());
                    try {
                        s.image().content(f).transferTo((b, off, len) -> {
                            if (isCancelled()) {
                                throw new java.io.InterruptedIOException("cancelled");
                            }
                            done[0] += len;
                            updateProgress(done[0], total);
                        });
                    } catch (ImageException ex) {
                        throw ex.atPath(f.pathString());
                    }
                }
                return String.format("All %,d files read without error (%,d bytes).", files.size(), total);
            }
        };
        task.setOnSucceeded(e -> dialogs.info("Image verified", task.getValue()));
        task.setOnFailed(e -> dialogs.error("The image has a problem", task.getException()));
        tasks.runListed(task);
        return task;
    }
}

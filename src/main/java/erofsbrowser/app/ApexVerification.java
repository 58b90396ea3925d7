package erofsbrowser.app;

import erofsbrowser.apex.ApexImage;
import erofsbrowser.apex.ApexVerifier;
import erofsbrowser.apex.BlockOwners;
import erofsbrowser.apex.CheckResult;
import erofsbrowser.apex.VerificationReport;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * File › Verify for an APEX: every check of {@link ApexVerifier} as a task with progress and
 * cancel, then a report window: each check's outcome and details, and the bad blocks, each with
 * what owns it; selecting a bad block selects its bytes, its entry and its field in the window.
 */
final class ApexVerification {
    private final Stage owner;
    private final BackgroundTasks tasks;
    private final Dialogs dialogs;
    private final LongConsumer selectByte;

    /** {@code selectByte} selects what owns a byte of the file, as a click on the raw view does. */
    ApexVerification(Stage owner, BackgroundTasks tasks, Dialogs dialogs, LongConsumer selectByte) {
        this.owner = owner;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.selectByte = selectByte;
    }

    Task<VerificationReport> start(ApexImage apex, String name) {
        Task<VerificationReport> task = new Task<>() {
            @Override
            protected VerificationReport call() {
                updateTitle("Verifying " + name);
                BlockOwners owners = BlockOwners.whenNeeded(apex.apexFile().payload().flatMap(p -> p.fileSystem()));
                return ApexVerifier.verify(apex.apexFile(), ApexVerifier.Options.standard().withOwners(owners)
                        .withProgress(this::updateProgress, this::isCancelled));
            }
        };
        task.setOnSucceeded(e -> show(task.getValue(), apex.payloadOffset(), name));
        task.setOnFailed(e -> dialogs.error("Verification stopped", task.getException()));
        tasks.runListed(task);
        return task;
    }

    /** The report window: the outcome of each check, then the bad blocks to select. */
    Stage show(VerificationReport report, long payloadOffset, String name) {
        Label verdict = new Label(report.passed() ? "Every check passed." : "Some checks failed.");
        verdict.getStyleClass().add("detail-title");
        TextArea text = new TextArea(report.toText());
        text.setEditable(false);
        text.setPrefRowCount(16);
        text.getStyleClass().add("content-text");
        List<CheckResult.BadBlock> bad = new ArrayList<>();
        for (CheckResult c : report.checks()) {
            bad.addAll(c.badBlocks());
        }
        ListView<CheckResult.BadBlock> blocks = new ListView<>();
        blocks.setId("badBlocks");
        blocks.getItems().setAll(bad);
        blocks.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(CheckResult.BadBlock b, boolean empty) {
                super.updateItem(b, empty);
                setText(empty || b == null ? null : String.format("level %d block %d (payload byte %,d): %s",
                        b.level(), b.index(), b.offset(), b.owner()));
            }
        });
        blocks.getSelectionModel().selectedItemProperty().addListener((obs, old, b) -> {
            if (b != null) {
                selectByte.accept(payloadOffset + b.offset());
            }
        });
        Label blocksHeading = new Label(bad.isEmpty() ? "No bad blocks." : bad.size() + (bad.size() == 1 ? " bad block" : " bad blocks")
                + ": select one to see what owns it");
        blocksHeading.getStyleClass().add("detail-heading");
        VBox box = new VBox(8, verdict, text, blocksHeading, blocks);
        box.setPadding(new Insets(12));
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Verification of " + name);
        Scene scene = new Scene(box, 820, 560);
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}

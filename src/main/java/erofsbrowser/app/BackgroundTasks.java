package erofsbrowser.app;

import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs reading and decompression off the FX thread. Tasks that a person may wait for are listed
 * in {@link #running()} (the window's task strip shows them with progress and cancel); quick
 * ones run unlisted.
 */
public final class BackgroundTasks implements AutoCloseable {
    private final ExecutorService executor;
    private final ObservableList<Task<?>> running = FXCollections.observableArrayList();

    public BackgroundTasks() {
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "erofs-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Tasks shown in the task strip; changed on the FX thread only. */
    public ObservableList<Task<?>> running() {
        return running;
    }

    /** Runs {@code task} and shows it in the task strip until it ends. Call on the FX thread. */
    public <T> Task<T> runListed(Task<T> task) {
        running.add(task);
        task.stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.SUCCEEDED || state == Worker.State.FAILED || state == Worker.State.CANCELLED) {
                running.remove(task);
            }
        });
        executor.execute(task);
        return task;
    }

    /** Runs a short task without listing it. */
    public <T> Task<T> run(Task<T> task) {
        executor.execute(task);
        return task;
    }

    /** Cancels everything (window closing). */
    @Override
    public void close() {
        Platform.runLater(() -> running.forEach(t -> t.cancel(true)));
        executor.shutdownNow();
    }
}

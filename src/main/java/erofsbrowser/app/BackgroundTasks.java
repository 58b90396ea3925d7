package erofsbrowser.app;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

import java.util.List;
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
    private final java.util.Set<Task<?>> all = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        return run(task);
    }

    /** Runs a short task without listing it. */
    public <T> Task<T> run(Task<T> task) {
        all.add(task);
        task.stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.SUCCEEDED || state == Worker.State.FAILED || state == Worker.State.CANCELLED) {
                all.remove(task);
            }
        });
        if (executor.isShutdown()) {
            task.cancel(); // the window closed: a late callback (a runLater) starts nothing
            return task;
        }
        executor.execute(task);
        return task;
    }

    /**
     * Cancels every task (the window is closing) and waits briefly for the workers to stop, so the
     * image can be closed after. Call on the FX thread.
     */
    @Override
    public void close() {
        for (Task<?> t : List.copyOf(all)) {
            t.cancel(true);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

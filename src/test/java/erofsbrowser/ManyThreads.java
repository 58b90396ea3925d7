package erofsbrowser;

/** Runs one body on several threads at once, and fails with the first thing any of them threw. */
public final class ManyThreads {
    private ManyThreads() {
    }

    /** What each thread does; {@code thread} numbers them from 0. */
    public interface Body {
        void run(int thread) throws Exception;
    }

    public static void run(int count, Body body) throws InterruptedException {
        Thread[] threads = new Thread[count];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < count; t++) {
            int number = t;
            threads[t] = new Thread(() -> {
                try {
                    body.run(number);
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
        }
    }
}

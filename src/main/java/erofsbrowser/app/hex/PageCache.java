package erofsbrowser.app.hex;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A bounded LRU cache of fixed-size pages of a {@link ByteSource}, filled in the background.
 *
 * <p>Threading: everything here except the read itself runs on one "owner" thread (the FX
 * thread in the view): the map, the pending set and the callbacks need no locks because results
 * are handed back through {@code ownerThread}. The background thread only reads bytes, and first
 * checks the currently wanted window so that a fast scroll through a huge source skips the pages
 * it flew past instead of reading them all (reads and memory stay proportional to what is shown).
 */
final class PageCache {

    sealed interface Page permits Loaded, Failed {
        long index();
    }

    record Loaded(long index, byte[] bytes) implements Page {
    }

    record Failed(long index, Throwable error) implements Page {
    }

    /** Pages the view currently shows (plus prefetch), published for the background thread. */
    private record Wanted(long generation, long firstPage, long lastPage) {
        boolean covers(long generationOfTask, long page) {
            return generation == generationOfTask && page >= firstPage && page <= lastPage;
        }
    }

    private final int pageSize;
    private final Executor background;
    private final Executor ownerThread;
    private final Runnable onPageArrived;
    private final Consumer<Throwable> onFirstError;
    private final Map<Long, Page> pages;
    private final Set<Long> pending = new HashSet<>();

    private ByteSource source;
    private long length;
    /** Bumped on every source change so that late results for an old source are recognised. */
    private long generation;
    private boolean errorReported;
    private volatile Wanted wanted;

    PageCache(int pageSize, int capacity, Executor background, Executor ownerThread,
              Runnable onPageArrived, Consumer<Throwable> onFirstError) {
        if (pageSize <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("page size and capacity must be positive");
        }
        this.pageSize = pageSize;
        this.background = background;
        this.ownerThread = ownerThread;
        this.onPageArrived = onPageArrived;
        this.onFirstError = onFirstError;
        this.pages = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Page> eldest) {
                return size() > capacity;
            }
        };
    }

    int pageSize() {
        return pageSize;
    }

    /** Drops every page and forgets pending reads; {@code null} means no source. */
    void setSource(ByteSource newSource, long newLength) {
        generation++;
        source = newSource;
        length = newSource == null ? 0 : newLength;
        pages.clear();
        pending.clear();
        errorReported = false;
        wanted = null;
    }

    /** The page if it is loaded (or failed), counting as a use for the LRU order; else {@code null}. */
    Page page(long index) {
        return pages.get(index);
    }

    int cachedPageCount() {
        return pages.size();
    }

    /** Asks for pages {@code first..last} (inclusive); earlier wishes that fell out are skipped. */
    void want(long firstPage, long lastPage) {
        if (source == null || length == 0) {
            return;
        }
        long last = Math.min(lastPage, (length - 1) / pageSize);
        long first = Math.max(0, firstPage);
        wanted = new Wanted(generation, first, last);
        for (long p = first; p <= last; p++) {
            if (!pages.containsKey(p) && pending.add(p)) {
                submit(p);
            }
        }
    }

    private void submit(long page) {
        long generationOfTask = generation;
        ByteSource sourceOfTask = source;
        long lengthOfTask = length;
        try {
            background.execute(() -> load(generationOfTask, sourceOfTask, lengthOfTask, page));
        } catch (RejectedExecutionException disposed) {
            pending.remove(page);
        }
    }

    /** Background thread. */
    private void load(long generationOfTask, ByteSource sourceOfTask, long lengthOfTask, long page) {
        Wanted now = wanted;
        if (now == null || !now.covers(generationOfTask, page)) {
            ownerThread.execute(() -> settle(generationOfTask, page, null));
            return;
        }
        Page result;
        try {
            long start = page * pageSize;
            byte[] bytes = new byte[(int) Math.min(pageSize, lengthOfTask - start)];
            sourceOfTask.readFully(start, bytes, 0, bytes.length);
            result = new Loaded(page, bytes);
        } catch (Exception e) {
            result = new Failed(page, e);
        }
        Page arrived = result;
        ownerThread.execute(() -> settle(generationOfTask, page, arrived));
    }

    /** Owner thread: stores a result ({@code null} = skipped because nobody wanted it any more). */
    private void settle(long generationOfTask, long page, Page result) {
        if (generationOfTask != generation) {
            return;
        }
        pending.remove(page);
        if (result == null) {
            // Wanted again between the skip and now: the want() in between saw it pending.
            Wanted now = wanted;
            if (now != null && now.covers(generation, page) && pending.add(page)) {
                submit(page);
            }
            return;
        }
        pages.put(page, result);
        if (result instanceof Failed failed && !errorReported) {
            errorReported = true;
            onFirstError.accept(failed.error());
        }
        onPageArrived.run();
    }
}

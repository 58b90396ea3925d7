package erofsbrowser.app.hex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The cache on its own, with the background and owner threads replaced by queues the test drains. */
class PageCacheTest {

    private static final int PAGE = 16;

    private final Queue<Runnable> background = new ArrayDeque<>();
    private final Queue<Runnable> owner = new ArrayDeque<>();
    private final List<Throwable> errors = new ArrayList<>();
    private int arrivals;
    private final PageCache cache = new PageCache(PAGE, 4, queue(background), queue(owner),
            () -> arrivals++, errors::add);

    private static Executor queue(Queue<Runnable> tasks) {
        return tasks::add;
    }

    /** Lets the reader run everything queued, then the owner thread apply the results. */
    private void settle() {
        while (!background.isEmpty() || !owner.isEmpty()) {
            while (!background.isEmpty()) {
                background.poll().run();
            }
            while (!owner.isEmpty()) {
                owner.poll().run();
            }
        }
    }

    @Test
    void loadsTheWantedPagesInTheBackgroundAndHandsThemToTheOwnerThread() {
        RecordingSource source = RecordingSource.computed(10 * PAGE, position -> (byte) position);
        cache.setSource(source, source.length());

        cache.want(2, 3);
        assertNull(cache.page(2), "nothing is read on the calling thread");
        settle();

        PageCache.Loaded page = assertInstanceOf(PageCache.Loaded.class, cache.page(3));
        assertEquals((byte) (3 * PAGE), page.bytes()[0]);
        assertEquals(2, source.readCount());
        assertEquals(2, arrivals);
    }

    @Test
    void pagesScrolledPastBeforeTheReaderGotToThemAreSkipped() {
        RecordingSource source = RecordingSource.computed(100 * PAGE, position -> 1);
        cache.setSource(source, source.length());

        for (long p = 0; p < 50; p++) {
            cache.want(p, p);
        }
        settle();

        assertEquals(1, source.readCount(), "only the page still wanted at the end is read");
        assertInstanceOf(PageCache.Loaded.class, cache.page(49));
    }

    @Test
    void holdsNoMoreThanItsCapacityEvictingTheLeastRecentlyUsed() {
        RecordingSource source = RecordingSource.computed(100 * PAGE, position -> 1);
        cache.setSource(source, source.length());

        for (long p = 0; p < 20; p++) {
            cache.want(p, p);
            settle();
        }

        assertEquals(4, cache.cachedPageCount());
        assertNull(cache.page(0));
        assertInstanceOf(PageCache.Loaded.class, cache.page(19));
    }

    @Test
    void resultsForAPreviousSourceAreDropped() {
        RecordingSource old = RecordingSource.computed(10 * PAGE, position -> (byte) 0xaa);
        RecordingSource current = RecordingSource.computed(10 * PAGE, position -> (byte) 0xbb);
        cache.setSource(old, old.length());
        cache.want(0, 0);
        background.poll().run();

        cache.setSource(current, current.length());
        cache.want(0, 0);
        settle();

        PageCache.Loaded page = assertInstanceOf(PageCache.Loaded.class, cache.page(0));
        assertEquals((byte) 0xbb, page.bytes()[0]);
    }

    @Test
    void theFirstFailedReadOfASourceIsReportedOnceAndFailedPagesAreKept() {
        RecordingSource broken = RecordingSource.failing(10 * PAGE, new IOException("bad sector"));
        cache.setSource(broken, broken.length());

        cache.want(0, 2);
        settle();

        assertEquals(1, errors.size());
        assertInstanceOf(PageCache.Failed.class, cache.page(1));
        cache.want(0, 2);
        settle();
        assertEquals(3, broken.readCount(), "failed pages are not retried on every repaint");
    }

    @Test
    void theLastPageIsShortAndNothingPastTheEndIsRequested() {
        RecordingSource source = RecordingSource.computed(2 * PAGE + 5, position -> 7);
        cache.setSource(source, source.length());

        cache.want(0, 10);
        settle();

        assertEquals(5, assertInstanceOf(PageCache.Loaded.class, cache.page(2)).bytes().length);
        assertTrue(source.readCount() <= 3);
        assertNull(cache.page(3));
    }
}

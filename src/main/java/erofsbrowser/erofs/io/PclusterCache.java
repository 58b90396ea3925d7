package erofsbrowser.erofs.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decompressed extents, kept so that reads of neighbouring ranges do not decompress a pcluster
 * again. Bounded by total bytes; the least recently used extent goes first. Shared by all threads
 * reading one image.
 */
public final class PclusterCache {
    /** Which extent: the inode and where the extent starts in it. */
    public record Key(long nid, long logicalOffset) {
    }

    private final long capacity;
    private final LinkedHashMap<Key, byte[]> map = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    public PclusterCache(long capacity) {
        this.capacity = capacity;
    }

    public synchronized byte[] get(Key key) {
        return map.get(key);
    }

    public synchronized void put(Key key, byte[] data) {
        if (data.length > capacity) {
            return;
        }
        byte[] old = map.put(key, data);
        if (old != null) {
            bytes -= old.length;
        }
        bytes += data.length;
        var it = map.entrySet().iterator();
        while (bytes > capacity && it.hasNext()) {
            Map.Entry<Key, byte[]> eldest = it.next();
            bytes -= eldest.getValue().length;
            it.remove();
        }
    }

    public synchronized long size() {
        return bytes;
    }
}

package erofsbrowser.bench;

import erofsbrowser.image.ByteOwner;
import erofsbrowser.image.ByteOwnerMap;
import erofsbrowser.image.Field;
import erofsbrowser.image.FileSystemImage;
import erofsbrowser.image.Node;
import erofsbrowser.open.ImageFiles;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The structure pane's costs on a large image: the field trees of every entry (each built alone,
 * as selecting it builds them), the byte ownership map (time and retained heap), and byte → field
 * lookups at random offsets (as clicks on the raw view). Run by bench-fields.sh.
 */
public final class FieldBench {
    private FieldBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        try (FileSystemImage image = ImageFiles.open(file, 0, List.of())) {
            List<Node> nodes = new ArrayList<>();
            image.walk(image.root(), nodes::add);
            System.out.printf("%s: %,d entries, %,d bytes%n", file.getFileName(), nodes.size(), image.source().length());

            // Field trees: one warm-up pass (the JIT), then every entry timed alone.
            long fields = 0;
            for (Node n : nodes) {
                fields += count(image.structures(n));
            }
            long[] nanos = new long[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                long t0 = System.nanoTime();
                List<Field> s = image.structures(nodes.get(i));
                s.size();
                nanos[i] = System.nanoTime() - t0;
            }
            long[][] slowest = new long[nodes.size()][];
            for (int i = 0; i < nodes.size(); i++) {
                slowest[i] = new long[] {nanos[i], i};
            }
            Arrays.sort(slowest, (a, b) -> Long.compare(b[0], a[0]));
            for (int k = 0; k < 3; k++) {
                Node n = nodes.get((int) slowest[k][1]);
                System.out.printf("  slowest: %.2f ms %s (%s, %,d bytes)%n", slowest[k][0] / 1e6, n.pathString(), n.type().label(), n.size());
            }
            Arrays.sort(nanos);
            System.out.printf("field trees: %,d top-level fields+; per entry mean %.3f ms, p50 %.3f, p99 %.3f, max %.3f ms%n",
                    fields, Arrays.stream(nanos).average().orElse(0) / 1e6, nanos[nanos.length / 2] / 1e6,
                    nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6);

            // The ownership map: its build time and what it keeps on the heap.
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            ByteOwnerMap map = image.buildOwnerMap(() -> false);
            long build = System.nanoTime() - t0;
            long after = usedAfterGc();
            System.out.printf("owner map: built in %.0f ms, %.1f MiB retained%n", build / 1e6, (after - before) / 1048576.0);

            // Byte -> field at random offsets, as clicks would ask.
            SplittableRandom random = new SplittableRandom(42);
            long length = image.source().length();
            int withField = 0;
            for (int i = 0; i < lookups / 10; i++) {
                map.at(random.nextLong(length)); // warm-up
            }
            long[] each = new long[lookups];
            for (int i = 0; i < lookups; i++) {
                long offset = random.nextLong(length);
                long s = System.nanoTime();
                ByteOwner owner = map.at(offset);
                each[i] = System.nanoTime() - s;
                if (owner != null && owner.field() != null) {
                    withField++;
                }
            }
            Arrays.sort(each);
            System.out.printf("byte -> field: %,d random offsets (%,d in a field); mean %.2f us, p50 %.2f, p99 %.2f, max %.0f us%n",
                    lookups, withField, Arrays.stream(each).average().orElse(0) / 1e3, each[lookups / 2] / 1e3,
                    each[(int) (lookups * 0.99)] / 1e3, each[lookups - 1] / 1e3);
            // Metadata only: clicks on structures (inodes, dirents, indexes) rather than file data.
            long[] meta = new long[Math.min(lookups, nodes.size())];
            for (int i = 0; i < meta.length; i++) {
                Node n = nodes.get(random.nextInt(nodes.size()));
                List<Field> s = image.structures(n);
                if (s.isEmpty()) {
                    meta[i] = -1;
                    continue;
                }
                Field f = s.get(random.nextInt(s.size()));
                long offset = f.offset() + (f.size() > 0 ? random.nextLong(f.size()) : 0);
                long t1 = System.nanoTime();
                map.at(offset);
                meta[i] = System.nanoTime() - t1;
            }
            long[] valid = Arrays.stream(meta).filter(v -> v >= 0).sorted().toArray();
            System.out.printf("byte -> field on structures: %,d lookups; mean %.2f us, p50 %.2f, p99 %.2f us%n", valid.length,
                    Arrays.stream(valid).average().orElse(0) / 1e3, valid[valid.length / 2] / 1e3,
                    valid[(int) (valid.length * 0.99)] / 1e3);
            if (map.problems().size() > 1_000_000) {
                System.out.println(); // keeps the map reachable until here
            }
        }
    }

    private static long count(List<Field> fields) {
        return fields.size();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

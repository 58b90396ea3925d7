package erofsbrowser.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SingleInstance}: later launches hand their images to the app that runs, through a socket only its user reaches. */
class SingleInstanceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path privateFolder() throws Exception {
        return SingleInstance.userFolder(dir.toString(), dir).orElseThrow();
    }

    private static SingleInstance first(SingleInstance.Claim claim) {
        return assertInstanceOf(SingleInstance.First.class, claim).instance();
    }

    @Test
    void theFolderIsMadeInTheRuntimeFolderForTheUserAlone() throws Exception {
        Path folder = privateFolder();

        assertEquals(dir.resolve("erofs-browser"), folder);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    }

    @Test
    void withoutARuntimeFolderItIsTheUsersFolderInTheTemporaryFolder() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");

        assertEquals(Optional.of(dir.resolve("erofs-browser-" + uid)), SingleInstance.userFolder(null, dir));
        assertEquals(Optional.of(dir.resolve("erofs-browser-" + uid)), SingleInstance.userFolder("relative/path", dir));
    }

    @Test
    void aFolderOthersMayEnterOrASymbolicLinkIsNotUsed() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.createDirectory(open.resolve("erofs-browser"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx---r-x")));
        Files.setPosixFilePermissions(open.resolve("erofs-browser"), PosixFilePermissions.fromString("rwx---r-x"));
        assertEquals(Optional.empty(), SingleInstance.userFolder(open.toString(), dir));

        Path linked = Files.createDirectory(dir.resolve("linked"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(linked.resolve("erofs-browser"), elsewhere);
        assertEquals(Optional.empty(), SingleInstance.userFolder(linked.toString(), dir));
    }

    @Test
    void theFirstLaunchListensAndALaterOneHandsItsImagesOverWithAbsolutePaths() throws Exception {
        Path folder = privateFolder();
        BlockingQueue<List<ImageRequest>> opened = new LinkedBlockingQueue<>();
        try (SingleInstance app = first(SingleInstance.claim(folder, List.of(), PATIENCE))) {
            app.serve(opened::add);

            List<ImageRequest> later = List.of(new ImageRequest(Path.of("system.img"), 0),
                    new ImageRequest(Path.of("/images/vendor"), 4096));
            assertTrue(SingleInstance.handOver(folder, later, PATIENCE));
            assertInstanceOf(SingleInstance.HandedOver.class, SingleInstance.claim(folder, List.of(), PATIENCE));

            assertEquals(List.of(new ImageRequest(Path.of("system.img").toAbsolutePath(), 0),
                    new ImageRequest(Path.of("/images/vendor"), 4096)), opened.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of(), opened.poll(10, TimeUnit.SECONDS), "a launch with no image opens the sample there");
        }
    }

    @Test
    void aLaunchWaitsForAnAppStillStartingToTakeItsImages() throws Exception {
        Path folder = privateFolder();
        BlockingQueue<List<ImageRequest>> opened = new LinkedBlockingQueue<>();
        try (SingleInstance app = first(SingleInstance.claim(folder, List.of(), PATIENCE))) {
            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                app.serve(opened::add); // its toolkit is up
            });
            later.start();
            assertTrue(SingleInstance.handOver(folder, List.of(new ImageRequest(Path.of("/a"), 0)), PATIENCE));
            later.join();
        }
    }

    @Test
    void withNoAppRunningNothingIsHandedOver() throws Exception {
        assertFalse(SingleInstance.handOver(privateFolder(), List.of(), PATIENCE));
    }

    @Test
    void aSocketLeftByAnAppThatDiedIsReplaced() throws Exception {
        Path folder = privateFolder();
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(folder.resolve("socket")));
        dead.close(); // the socket file stays, as after a crash

        assertFalse(SingleInstance.handOver(folder, List.of(), PATIENCE));
        try (SingleInstance app = first(SingleInstance.claim(folder, List.of(), PATIENCE))) {
            app.serve(images -> { });
            assertTrue(SingleInstance.handOver(folder, List.of(), PATIENCE));
        }
    }

    @Test
    void closingRemovesTheSocketUnlessAnotherAppHasReplacedIt() throws Exception {
        Path folder = privateFolder();
        SingleInstance app = first(SingleInstance.claim(folder, List.of(), PATIENCE));
        app.close();
        assertFalse(Files.exists(folder.resolve("socket")));

        SingleInstance hung = first(SingleInstance.claim(folder, List.of(), PATIENCE)); // never serves
        SingleInstance replacement = first(SingleInstance.claim(folder, List.of(), Duration.ofMillis(200)));
        hung.close();
        assertTrue(Files.exists(folder.resolve("socket")), "the replacement's socket stays");
        replacement.close();
    }

    @Test
    void aMalformedRequestIsDroppedAndTheNextLaunchStillHandsOver() throws Exception {
        Path folder = privateFolder();
        BlockingQueue<List<ImageRequest>> opened = new LinkedBlockingQueue<>();
        try (SingleInstance app = first(SingleInstance.claim(folder, List.of(), PATIENCE))) {
            app.serve(opened::add);
            try (SocketChannel rogue = SocketChannel.open(UnixDomainSocketAddress.of(folder.resolve("socket")))) {
                rogue.write(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(1).flip()); // a 2 GiB request
                assertEquals(-1, readOrReset(rogue), "closed without an answer");
            }
            assertTrue(SingleInstance.handOver(folder, List.of(new ImageRequest(Path.of("/b"), 0)), PATIENCE));
            assertEquals(List.of(new ImageRequest(Path.of("/b"), 0)), opened.poll(10, TimeUnit.SECONDS));
        }
    }

    /** What a read gives: -1 at the end, also when the other side reset the connection (it closed with bytes unread). */
    private static int readOrReset(SocketChannel channel) {
        try {
            return channel.read(ByteBuffer.allocate(1));
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void decodingARequestChecksEveryCountAndLength() {
        ByteBuffer encoded = SingleInstance.encode(List.of(new ImageRequest(Path.of("/x.img"), 7)));
        encoded.getInt(); // the length, read before decoding
        assertEquals(List.of(new ImageRequest(Path.of("/x.img"), 7)), SingleInstance.decode(encoded));

        assertThrows(IllegalArgumentException.class, () -> SingleInstance.decode(ByteBuffer.allocate(8).putInt(2).putInt(0).flip()),
                "another version");
        assertThrows(IllegalArgumentException.class,
                () -> SingleInstance.decode(ByteBuffer.allocate(8).putInt(1).putInt(1_000_000).flip()), "too many images");
        assertThrows(IllegalArgumentException.class,
                () -> SingleInstance.decode(ByteBuffer.allocate(20).putInt(1).putInt(1).putLong(0).putInt(-5).flip()),
                "a negative length");
        assertThrows(IllegalArgumentException.class,
                () -> SingleInstance.decode(ByteBuffer.allocate(20).putInt(1).putInt(1).putLong(-1).putInt(1).flip()),
                "a negative offset");
    }

    @Test
    void theWindowsArgumentsNameImagesEachWithItsOffset() {
        assertEquals(List.of(new ImageRequest(Path.of("a.img"), 4096), new ImageRequest(Path.of("b"), 0),
                        new ImageRequest(Path.of("c"), 512)),
                ImageRequest.parse(List.of("--offset", "4096", "a.img", "b", "--offset=512", "c")));
    }
}

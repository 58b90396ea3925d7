package erofsbrowser.app;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One running app per user: a launch while the app runs hands its images to that app, which opens
 * each in a new window, rather than starting a second Java VM: measured with
 * {@code src/bench/bench-startup.sh}, the new window's first frame came 0.63 s after the launch
 * (which itself ended after 0.20 s), against 1.64 s for a second app, which holds 200 MB more.
 *
 * <p>The app listens on a Unix domain socket in a folder only its user may enter:
 * {@code $XDG_RUNTIME_DIR/erofs-browser}, or {@code erofs-browser-UID} in the temporary folder
 * where there is no runtime folder. A folder that is a symbolic link, belongs to someone else or
 * lets others in is not used (the app then starts on its own). A lock file makes "connect, or else
 * listen" one step, so two launches at once cannot both listen; a socket that refuses connections
 * was left by an app that died, and is replaced. No JavaFX here: a launch that hands over never
 * starts the toolkit. Only this user can connect; a request is still bounded in size and checked.
 */
final class SingleInstance implements AutoCloseable {
    private static final String SOCKET = "socket";
    private static final String LOCK = "lock";
    private static final int VERSION = 1;
    private static final int MAX_IMAGES = 1024;
    private static final int MAX_PATH_BYTES = 64 * 1024;
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    private static final byte ACCEPTED = 1;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** What a launch comes to. */
    sealed interface Claim {
    }

    /** The running app took the images: this launch has nothing more to do. */
    record HandedOver() implements Claim {
    }

    /** No app was running: this launch is the app, and {@code instance} listens for the next ones. */
    record First(SingleInstance instance) implements Claim {
    }

    private final Path folder;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Object socketKey;

    private SingleInstance(Path folder, ServerSocketChannel server) throws IOException {
        this.folder = folder;
        this.socket = folder.resolve(SOCKET);
        this.server = server;
        this.socketKey = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * This user's folder for the socket, made if missing: {@code runtimeDir/erofs-browser} when
     * {@code runtimeDir} (the value of {@code XDG_RUNTIME_DIR}) is an absolute path, else
     * {@code tmpDir/erofs-browser-UID}. Empty when the folder is not this user's alone.
     */
    static Optional<Path> userFolder(String runtimeDir, Path tmpDir) throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Path folder = runtimeDir != null && !runtimeDir.isEmpty() && Path.of(runtimeDir).isAbsolute()
                ? Path.of(runtimeDir, "erofs-browser") : tmpDir.resolve("erofs-browser-" + uid);
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // checked below, as a folder made now is
        }
        PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        boolean private_ = attributes.isDirectory() && owner == uid && OWNER_ONLY.containsAll(attributes.permissions());
        return private_ ? Optional.of(folder) : Optional.empty();
    }

    /**
     * Hands {@code images} to the app listening in {@code folder}, waiting up to {@code patience} for
     * it to take them (an app still starting takes them once its toolkit runs); or, when none listens
     * there, listens itself.
     */
    static Claim claim(Path folder, List<ImageRequest> images, Duration patience) throws IOException {
        try (FileChannel lockFile = lock(folder)) {
            Path socket = folder.resolve(SOCKET);
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                if (send(socket, images, patience)) {
                    return new HandedOver();
                }
                Files.deleteIfExists(socket); // left by an app that died, or one that no longer answers
            }
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(socket));
                return new First(new SingleInstance(folder, server));
            } catch (IOException e) {
                server.close();
                throw e;
            }
        }
    }

    /** The folder's lock file, locked until it is closed. */
    private static FileChannel lock(Path folder) throws IOException {
        FileChannel lockFile = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            lockFile.lock();
            return lockFile;
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
    }

    /**
     * Hands {@code images} to the app listening in {@code folder}, if one does, waiting up to
     * {@code patience} for it to take them; false when none took them.
     */
    static boolean handOver(Path folder, List<ImageRequest> images, Duration patience) {
        try {
            return send(folder.resolve(SOCKET), images, patience);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean send(Path socket, List<ImageRequest> images, Duration patience) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (java.net.ConnectException | NoSuchFileException e) {
            return false;
        }
        try (channel; Selector selector = Selector.open()) {
            ByteBuffer request = encode(images);
            while (request.hasRemaining()) {
                channel.write(request);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer reply = ByteBuffer.allocate(1);
            long deadline = System.nanoTime() + patience.toNanos();
            while (reply.hasRemaining()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) < 0) {
                    return false;
                }
                selector.selectedKeys().clear();
                if (channel.read(reply) < 0) {
                    return false; // closed without an answer: the app is on its way out
                }
            }
            return reply.get(0) == ACCEPTED;
        } catch (IOException e) {
            return false;
        }
    }

    /** Accepts launches on a daemon thread, giving each one's images to {@code opener}. */
    void serve(Consumer<List<ImageRequest>> opener) {
        Thread thread = new Thread(() -> acceptLaunches(opener), "single-instance");
        thread.setDaemon(true);
        thread.start();
    }

    private void acceptLaunches(Consumer<List<ImageRequest>> opener) {
        while (server.isOpen()) {
            try (SocketChannel launch = server.accept()) {
                List<ImageRequest> images = decode(readRequest(launch));
                opener.accept(images);
                launch.write(ByteBuffer.wrap(new byte[] {ACCEPTED}));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | IllegalArgumentException | BufferUnderflowException e) {
                // a launch that went away, or a malformed request: nothing to open
            }
        }
    }

    /*
     * A request: int version, int count, then per image: long offset, int length, the path's UTF-8
     * bytes; all bounded, though only this user can connect.
     */
    static ByteBuffer encode(List<ImageRequest> images) {
        List<byte[]> paths = new ArrayList<>();
        int size = 8;
        for (ImageRequest r : images) {
            byte[] path = r.absolute().file().toString().getBytes(StandardCharsets.UTF_8);
            paths.add(path);
            size += 12 + path.length;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + size);
        b.putInt(size).putInt(VERSION).putInt(images.size());
        for (int i = 0; i < images.size(); i++) {
            b.putLong(images.get(i).offset()).putInt(paths.get(i).length).put(paths.get(i));
        }
        return b.flip();
    }

    private static ByteBuffer readRequest(SocketChannel launch) throws IOException {
        ByteBuffer length = readFully(launch, ByteBuffer.allocate(4));
        int size = length.getInt(0);
        if (size < 8 || size > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("a request of " + size + " bytes");
        }
        return readFully(launch, ByteBuffer.allocate(size));
    }

    private static ByteBuffer readFully(SocketChannel channel, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new IOException("the request ends early");
            }
        }
        return b.flip();
    }

    static List<ImageRequest> decode(ByteBuffer b) {
        if (b.getInt() != VERSION) {
            throw new IllegalArgumentException("another version's request");
        }
        int count = b.getInt();
        if (count < 0 || count > MAX_IMAGES) {
            throw new IllegalArgumentException(count + " images");
        }
        List<ImageRequest> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offset = b.getLong();
            int length = b.getInt();
            if (length <= 0 || length > MAX_PATH_BYTES || offset < 0) {
                throw new IllegalArgumentException("a path of " + length + " bytes at offset " + offset);
            }
            byte[] path = new byte[length];
            b.get(path);
            images.add(new ImageRequest(Path.of(new String(path, StandardCharsets.UTF_8)), offset));
        }
        return images;
    }

    /** Stops listening and removes the socket, unless another app has replaced it since. */
    @Override
    public void close() throws IOException {
        server.close();
        try (FileChannel lockFile = lock(folder)) {
            Object current = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (current.equals(socketKey)) {
                Files.delete(socket);
            }
        } catch (NoSuchFileException e) {
            // already gone
        }
    }
}

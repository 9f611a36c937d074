package dev.ctx.index.embed;

import dev.ctx.index.Embedder;
import dev.ctx.model.CtxException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long-lived process holding the model, so a {@code ctx search} pays a socket round-trip instead of
 * the model load. It listens on a Unix domain socket, holds a lock file for its whole life (a second
 * server finds it taken and leaves), and exits after an idle time. Nothing depends on it for
 * correctness: a client that cannot reach it embeds in-process.
 */
public final class WarmServer {
    /** How one run of the server ended. */
    public sealed interface Outcome {
        /** Another server holds the lock: nothing to do. */
        record AlreadyRunning() implements Outcome {
        }

        /** Served until idle for the configured time. */
        record IdleExit(long requests) implements Outcome {
        }

        /** Could not load the model or bind the socket; clients fall back to in-process. */
        record Failed(String reason) implements Outcome {
        }
    }

    private final WarmPaths paths;
    private final ModelLoader loader;
    private final Duration idle;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Object modelLock = new Object();
    private volatile ServerSocketChannel listening;
    private volatile boolean stopped;

    /** Loads the model to serve; a failure ends the server with {@link Outcome.Failed}. */
    @FunctionalInterface
    public interface ModelLoader {
        Embedder load() throws CtxException;
    }

    public WarmServer(WarmPaths paths, ModelLoader loader, Duration idle) {
        this.paths = paths;
        this.loader = loader;
        this.idle = idle;
    }

    /** Serves until idle; returns at once when another server holds the lock. */
    public Outcome run() throws IOException {
        paths.prepare();
        try (FileChannel lockFile = FileChannel.open(paths.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockFile)) {
            if (lock == null) {
                return new Outcome.AlreadyRunning();
            }
            // The lock file's time says when this server started: clients wait for a young one only.
            lockFile.truncate(0).write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            Embedder model;
            try {
                model = loader.load();
            } catch (CtxException | RuntimeException e) {
                String reason = BuiltinEmbedder.oneLine(e);
                Files.writeString(paths.failed(), reason + "\n", StandardCharsets.UTF_8);
                return new Outcome.Failed(reason);
            }
            Files.deleteIfExists(paths.failed());
            try (model) {
                return serve(model);
            } finally {
                Files.deleteIfExists(paths.socket());
            }
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // a server in this very process holds it
        }
    }

    /** Stops serving as if idle; for a host process shutting down (and tests). */
    public void stop() {
        stopped = true;
        ServerSocketChannel s = listening;
        if (s != null) {
            closeWhenIdle(s);
        }
    }

    private Outcome serve(Embedder model) throws IOException {
        // We hold the lock, so a socket file left here belongs to a server that died: replace it.
        Files.deleteIfExists(paths.socket());
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("ctx-embed-idle"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(paths.socket()));
            listening = server;
            if (stopped) {
                closeWhenIdle(server); // stop() came while the model loaded
            }
            restrictToOwner(paths.socket());
            long tick = Math.max(50, Math.min(1000, idle.toMillis() / 4));
            watchdog.scheduleWithFixedDelay(() -> closeWhenIdle(server), tick, tick, TimeUnit.MILLISECONDS);
            lastActivity.set(System.nanoTime());
            while (true) {
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (ClosedChannelException e) { // closed by the idle watchdog
                    break;
                }
                lastActivity.set(System.nanoTime());
                clients.add(client);
                Thread t = new Thread(() -> handle(client, model), "ctx-embed-client");
                t.setDaemon(true);
                t.start();
            }
        } finally {
            watchdog.shutdownNow();
            for (SocketChannel c : clients) {
                c.close();
            }
        }
        return new Outcome.IdleExit(requests.get());
    }

    private void closeWhenIdle(ServerSocketChannel server) {
        long quiet = System.nanoTime() - lastActivity.get();
        if (stopped || inFlight.get() == 0 && quiet >= idle.toNanos()) {
            try {
                // Remove the name first: a client arriving now finds nothing rather than a closing server.
                Files.deleteIfExists(paths.socket());
                server.close();
            } catch (IOException e) {
                // closing anyway: the accept loop ends either way
            }
        }
    }

    private void handle(SocketChannel client, Embedder model) {
        try (client) {
            while (true) {
                ByteBuffer req = WarmProtocol.readFrame(client);
                if (req == null) {
                    return;
                }
                inFlight.incrementAndGet();
                try {
                    WarmProtocol.writeFully(client, answer(req, model));
                } finally {
                    requests.incrementAndGet();
                    lastActivity.set(System.nanoTime());
                    inFlight.decrementAndGet();
                }
            }
        } catch (IOException e) {
            // The client went away or spoke nonsense: drop this connection, keep serving others.
        } finally {
            clients.remove(client);
        }
    }

    private ByteBuffer answer(ByteBuffer req, Embedder model) {
        try {
            byte op = req.get();
            List<String> texts = WarmProtocol.texts(req);
            return switch (op) {
                case WarmProtocol.HELLO -> WarmProtocol.hello(model.modelId(), model.dimensions());
                // A query (a few milliseconds) never waits behind a batch of passages (seconds, when the
                // background embedder is filling in vectors): ONNX Runtime runs sessions concurrently.
                case WarmProtocol.QUERY -> WarmProtocol.vectors(List.of(model.embedQuery(texts.get(0))));
                case WarmProtocol.PASSAGES -> {
                    // Batches of passages one at a time: on a small machine parallel batches only fight over the cores.
                    synchronized (modelLock) {
                        yield WarmProtocol.vectors(model.embedPassages(texts));
                    }
                }
                default -> WarmProtocol.error("unknown request " + op);
            };
        } catch (CtxException | IOException | RuntimeException e) {
            return WarmProtocol.error(BuiltinEmbedder.oneLine(e));
        }
    }

    static void restrictToOwner(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's own permissions are all we have.
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

package dev.ctx.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The resident server of one user: holds {@code server.lock} in the private {@link RuntimeDir} for its whole
 * life (one server per user; a second start leaves at once), listens on {@code server.sock} (mode 0600, Unix
 * domain only), runs each request on its own thread through the {@link Handler}, and leaves when idle for
 * {@link Settings#idle}, when told to stop, or when a client of another build arrives (that client then
 * starts the server of its own build).
 */
public final class Server {
    /** What the server needs: its folder, its build, when to leave, the commands, and extra status lines. */
    public record Settings(RuntimeDir dir, String build, Duration idle, Handler handler, Supplier<Map<String, String>> info, PrintStream log) {
    }

    /** Why {@link #run} returned. */
    public sealed interface Outcome {
        record Left(String why) implements Outcome {
        }

        record AlreadyRunning() implements Outcome {
        }

        record Failed(String reason) implements Outcome {
        }
    }

    /** In-flight requests are given this long to finish once the server leaves. */
    static final Duration DRAIN = Duration.ofSeconds(60);

    private final Settings settings;
    private final UserPrincipal me;
    private final long startedNanos = System.nanoTime();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicReference<String> leaving = new AtomicReference<>();
    private final CountDownLatch left = new CountDownLatch(1);
    private volatile ServerSocketChannel listener;
    private volatile FileLock lock;

    public Server(Settings settings, UserPrincipal me) {
        this.settings = settings;
        this.me = me;
    }

    /** Serves until idle, stopped or replaced; then waits for in-flight requests. */
    public Outcome run() {
        RuntimeDir dir = settings.dir();
        try {
            dir.prepare(me);
            FileChannel ch = FileChannel.open(dir.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return new Outcome.AlreadyRunning();
            }
            // We hold the lock, so a socket file there is a dead server's: replace it.
            Files.deleteIfExists(dir.socket());
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(dir.socket()));
            RuntimeDir.ownerOnly(dir.socket());
        } catch (IOException e) {
            release();
            return new Outcome.Failed(e.getMessage());
        }
        settings.log().println("ctx server: pid " + ProcessHandle.current().pid() + " serving on " + dir.socket() + " (build " + settings.build() + ")");
        ExecutorService workers = Executors.newCachedThreadPool(daemon("ctx-request"));
        ExecutorService watchdog = Executors.newSingleThreadExecutor(daemon("ctx-idle"));
        watchdog.submit(this::watchIdle);
        try {
            while (leaving.get() == null) {
                SocketChannel client;
                try {
                    client = listener.accept();
                } catch (ClosedChannelException closed) { // also AsynchronousCloseException: leave() closed it
                    break;
                }
                workers.submit(() -> new Connection(this, client).serve());
            }
        } catch (IOException e) {
            leave("accept failed: " + e.getMessage());
        }
        leave("stopped");
        watchdog.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        left.countDown();
        settings.log().println("ctx server: pid " + ProcessHandle.current().pid() + " left (" + leaving.get() + ")");
        return new Outcome.Left(leaving.get());
    }

    /**
     * Stops taking requests: the socket name and the lock go first, so a new server (of another build) can
     * start at once while in-flight requests finish on their own connections.
     */
    public void leave(String why) {
        if (!leaving.compareAndSet(null, why)) {
            return;
        }
        release();
    }

    /** For a shutdown hook: leave, then wait a little for requests in flight. */
    public void leaveAndWait(Duration wait) {
        leave("terminated");
        try {
            left.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release() {
        try {
            if (listener != null) {
                Files.deleteIfExists(settings.dir().socket());
                listener.close();
            }
        } catch (IOException e) {
            // the process is leaving; a stale socket is replaced by the next server
        }
        try {
            if (lock != null) {
                lock.release();
                lock.channel().close();
            }
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        }
    }

    private void watchIdle() {
        long tick = Math.max(50, Math.min(1000, settings.idle().toMillis() / 4));
        try {
            while (leaving.get() == null) {
                Thread.sleep(tick);
                if (active.get() == 0 && System.nanoTime() - lastActivity.get() > settings.idle().toNanos()) {
                    leave("idle for " + settings.idle().toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void begin() {
        active.incrementAndGet();
        requests.incrementAndGet();
        lastActivity.set(System.nanoTime());
    }

    void end() {
        lastActivity.set(System.nanoTime());
        active.decrementAndGet();
    }

    Settings settings() {
        return settings;
    }

    UserPrincipal me() {
        return me;
    }

    /** The answer to {@code ctx server status}: one "key value" per line. */
    String status() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("pid", Long.toString(ProcessHandle.current().pid()));
        s.put("build", settings.build());
        s.put("socket", settings.dir().socket().toString());
        s.put("uptime_ms", Long.toString((System.nanoTime() - startedNanos) / 1_000_000));
        s.put("requests", Long.toString(requests.get()));
        s.put("active", Integer.toString(active.get() - 1)); // not counting the status request itself
        s.put("idle_exit_ms", Long.toString(settings.idle().toMillis()));
        s.putAll(settings.info().get());
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        return b.toString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package dev.ctx.index.embed;

import dev.ctx.index.Embedder;
import dev.ctx.model.CtxException;
import dev.ctx.model.HelperProcess;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Embeds through the warm server, starting it when nobody serves yet, and embeds in-process whenever
 * the server cannot be reached in time: the server saves the model load, it is never needed for an
 * answer. One connection per instance, reused across calls; after one failed exchange on a fresh
 * connection this instance stays in-process for the rest of its life, so a dead server costs one
 * timeout, not one per call.
 */
public final class WarmClientEmbedder implements Embedder {
    /** Starts a server process for the given paths; the returned process is only watched, never waited for. */
    @FunctionalInterface
    public interface Launcher {
        Process launch(WarmPaths paths) throws IOException;
    }

    /** A failed start is not retried for this long, so a broken setup does not cost a wait on every call. */
    static final Duration FAILURE_BACKOFF = Duration.ofMinutes(10);
    private static final int REMOTE_BATCH = 64;

    private final String modelId;
    private final int dimensions;
    private final WarmPaths paths;
    private final Launcher launcher;
    private final Duration startWait;
    private final WarmServer.ModelLoader fallback;
    private SocketChannel channel;
    private Selector selector;
    private boolean inProcess;
    private Embedder local;
    private long remoteCalls;
    private long localCalls;

    /**
     * @param launcher  starts a server when none answers; null never starts one (use a running server or none)
     * @param startWait how long a call waits for a server it started (or one that is starting) to answer
     * @param fallback  loads the in-process model, only when the server cannot be used
     */
    public WarmClientEmbedder(String modelId, int dimensions, WarmPaths paths, Launcher launcher, Duration startWait,
                              WarmServer.ModelLoader fallback) {
        this.modelId = modelId;
        this.dimensions = dimensions;
        this.paths = paths;
        this.launcher = launcher;
        this.startWait = startWait;
        this.fallback = fallback;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    /** Requests the server answered. */
    public synchronized long remoteCalls() {
        return remoteCalls;
    }

    /** Requests answered in-process because the server could not be used. */
    public synchronized long localCalls() {
        return localCalls;
    }

    @Override
    public synchronized float[] embedQuery(String text) throws CtxException {
        List<float[]> r = remote(WarmProtocol.QUERY, List.of(text), 5_000);
        if (r != null) {
            return r.get(0);
        }
        localCalls++;
        return local().embedQuery(text);
    }

    @Override
    public synchronized List<float[]> embedPassages(List<String> texts) throws CtxException {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += REMOTE_BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + REMOTE_BATCH));
            List<float[]> r = remote(WarmProtocol.PASSAGES, batch, 10_000 + 500L * batch.size());
            if (r == null) {
                localCalls++;
                r = local().embedPassages(batch);
            }
            out.addAll(r);
        }
        return out;
    }

    private Embedder local() throws CtxException {
        if (local == null) {
            local = fallback.load();
        }
        return local;
    }

    /** The server's answer, or null when this call (and every later one) must be answered in-process. */
    private List<float[]> remote(byte op, List<String> texts, long timeoutMillis) {
        if (inProcess) {
            return null;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            boolean reused = channel != null;
            if (channel == null && !connectOrStart()) {
                break;
            }
            try {
                ByteBuffer res = WarmProtocol.call(channel, selector, WarmProtocol.request(op, texts), timeoutMillis);
                if (res.get() != WarmProtocol.OK) {
                    break; // the server's model failed on this; the in-process one reports it properly
                }
                List<float[]> vs = WarmProtocol.readVectors(res);
                if (vs.size() != texts.size() || vs.stream().anyMatch(v -> v.length != dimensions)) {
                    break;
                }
                remoteCalls++;
                return vs;
            } catch (IOException e) {
                disconnect();
                if (!reused) {
                    break; // a fresh connection failed: the server is broken, not just gone idle
                }
            }
        }
        disconnect();
        inProcess = true;
        return null;
    }

    private boolean connectOrStart() {
        if (connect()) {
            return true;
        }
        if (launcher == null || recentFailure()) {
            return false;
        }
        Process started = null;
        if (lockHeld()) {
            if (startedLongAgo()) {
                return false; // holds the lock but never opened the socket: stuck, do not wait for it
            }
        } else {
            try {
                Files.deleteIfExists(paths.failed());
                started = launcher.launch(paths);
            } catch (IOException e) {
                return false;
            }
        }
        long deadline = System.nanoTime() + startWait.toNanos();
        while (System.nanoTime() < deadline) {
            if (connect()) {
                return true;
            }
            if (started != null && !started.isAlive() || Files.exists(paths.failed())) {
                return false;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Connects and checks the server serves our model; false when nobody answers on the socket. */
    private boolean connect() {
        if (!Files.exists(paths.socket())) {
            return false;
        }
        SocketChannel ch = null;
        Selector sel = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(paths.socket()));
            ch.configureBlocking(false);
            sel = Selector.open();
            ByteBuffer res = WarmProtocol.call(ch, sel, WarmProtocol.request(WarmProtocol.HELLO, List.of()), 2_000);
            if (res.get() == WarmProtocol.OK && modelId.equals(WarmProtocol.string(res)) && res.getInt() == dimensions) {
                channel = ch;
                selector = sel;
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // nobody listening, a stale socket file, or a confused peer: not a server we can use
        }
        close(ch, sel);
        return false;
    }

    private boolean startedLongAgo() {
        try {
            return Files.getLastModifiedTime(paths.lock()).toMillis() < fileSystemNow() - startWait.toMillis();
        } catch (IOException e) {
            return true;
        }
    }

    private boolean recentFailure() {
        try {
            return Files.exists(paths.failed())
                    && Files.getLastModifiedTime(paths.failed()).toMillis() > fileSystemNow() - FAILURE_BACKOFF.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Now on the clock that stamps the lock and failure files: a file touched beside them. Ages of files
     * are measured on the clock that wrote them (it may lag the JVM's), and this package reads no wall clock.
     */
    private long fileSystemNow() throws IOException {
        Path probe = paths.lock().resolveSibling("clock-probe");
        Files.write(probe, new byte[0]);
        return Files.getLastModifiedTime(probe).toMillis();
    }

    /** Whether a server holds the lock (running, or still loading the model). */
    private boolean lockHeld() {
        try {
            paths.prepare();
            try (FileChannel ch = FileChannel.open(paths.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.tryLock()) {
                return lock == null;
            }
        } catch (OverlappingFileLockException e) {
            return true; // this very process runs the server
        } catch (IOException e) {
            return false;
        }
    }

    private void disconnect() {
        close(channel, selector);
        channel = null;
        selector = null;
    }

    private static void close(SocketChannel ch, Selector sel) {
        try {
            if (sel != null) {
                sel.close();
            }
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // closing a socket we no longer use
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
        if (local != null) {
            local.close();
        }
    }

    /**
     * Starts the adapter's embedding server ({@code server}, with {@code {cache_dir}}, {@code {natives}} and
     * {@code {idle_seconds}} in its arguments) detached, logging to the paths' log file.
     */
    public static Launcher processLauncher(Path cacheDir, Path nativeDir, Duration idle, HelperProcess server) {
        return paths -> {
            paths.prepare();
            return SelfProcess.start(server.withJvmFlags(List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true"))
                    .bind(Map.of("cache_dir", cacheDir.toAbsolutePath().toString(), "natives", nativeDir.toAbsolutePath().toString(),
                            "idle_seconds", Long.toString(idle.toSeconds()))), paths.log(), Map.of());
        };
    }
}

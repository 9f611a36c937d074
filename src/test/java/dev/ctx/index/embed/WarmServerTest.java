package dev.ctx.index.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.CtxException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm server in a thread of the test JVM with a stand-in model; the process path is WarmServerProcessTest. */
class WarmServerTest {
    @TempDir
    Path cache;
    private final FakeEmbedder served = new FakeEmbedder("fake:warm", 6);
    private final AtomicInteger localLoads = new AtomicInteger();

    private WarmServer.ModelLoader localModel() {
        return () -> {
            localLoads.incrementAndGet();
            return new FakeEmbedder("fake:warm", 6);
        };
    }

    private final List<WarmServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopServers() {
        servers.forEach(WarmServer::stop);
    }

    /** Runs a server on its own thread (the common pool may have a single thread on a small machine). */
    private CompletableFuture<WarmServer.Outcome> serve(WarmPaths paths, Duration idle, long delayMillis) {
        WarmServer server = new WarmServer(paths, () -> served, idle);
        servers.add(server);
        CompletableFuture<WarmServer.Outcome> run = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(delayMillis);
                run.complete(server.run());
            } catch (Exception e) {
                run.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return run;
    }

    private CompletableFuture<WarmServer.Outcome> start(WarmPaths paths, Duration idle) throws Exception {
        CompletableFuture<WarmServer.Outcome> run = serve(paths, idle, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.exists(paths.socket()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return run;
    }

    private WarmClientEmbedder client(WarmPaths paths, WarmClientEmbedder.Launcher launcher) {
        return new WarmClientEmbedder("fake:warm", 6, paths, launcher, Duration.ofSeconds(3), localModel());
    }

    @Test
    void roundTripServesQueriesAndPassages() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, "fake:warm");
        CompletableFuture<WarmServer.Outcome> server = start(paths, Duration.ofSeconds(30));
        try (WarmClientEmbedder c = client(paths, null)) {
            assertArrayEquals(FakeEmbedder.vector("query: where", 6), c.embedQuery("where"));
            List<String> texts = List.of("a", "b", "c");
            List<float[]> vs = c.embedPassages(texts);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(FakeEmbedder.vector("passage: " + texts.get(i), 6), vs.get(i));
            }
            assertEquals(List.of(), c.embedPassages(List.of()));
            assertEquals(2, c.remoteCalls());
            assertEquals(0, c.localCalls());
        }
        assertEquals(0, localLoads.get(), "the in-process model was never loaded");
        assertFalse(server.isDone());
        assertEquals(1, served.queries.get());
    }

    @Test
    void exitsWhenIdleAndClientsFallBackToInProcess() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, "fake:warm");
        CompletableFuture<WarmServer.Outcome> server = start(paths, Duration.ofMillis(300));
        try (WarmClientEmbedder c = client(paths, null)) {
            c.embedQuery("one");
            WarmServer.Outcome outcome = server.get(5, TimeUnit.SECONDS);
            WarmServer.Outcome.IdleExit exit = assertInstanceOf(WarmServer.Outcome.IdleExit.class, outcome);
            assertEquals(2, exit.requests(), "hello and one query");
            assertFalse(Files.exists(paths.socket()), "the socket name is removed on exit");
            assertArrayEquals(FakeEmbedder.vector("query: two", 6), c.embedQuery("two"));
            assertEquals(1, c.localCalls());
            assertEquals(1, localLoads.get());
        }
    }

    @Test
    void aSecondServerLeavesAtOnce() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, "fake:warm");
        CompletableFuture<WarmServer.Outcome> first = start(paths, Duration.ofSeconds(30));
        WarmServer.Outcome second = new WarmServer(paths, () -> {
            throw new AssertionError("a second server must not load the model");
        }, Duration.ofSeconds(30)).run();
        assertInstanceOf(WarmServer.Outcome.AlreadyRunning.class, second);
        try (WarmClientEmbedder c = client(paths, null)) {
            c.embedQuery("still served by the first");
            assertEquals(1, c.remoteCalls());
        }
        servers.get(0).stop();
        assertInstanceOf(WarmServer.Outcome.IdleExit.class, first.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aDeadSocketFallsBackQuicklyAndStartsAServer() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, "fake:warm");
        paths.prepare();
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(paths.socket())); // leaves a socket file nobody will answer on
        }
        assertTrue(Files.exists(paths.socket()));
        AtomicInteger launches = new AtomicInteger();
        long t0 = System.nanoTime();
        try (WarmClientEmbedder c = client(paths, p -> {
            launches.incrementAndGet();
            return new ProcessBuilder("true").start(); // a "server" that dies at once
        })) {
            assertArrayEquals(FakeEmbedder.vector("query: q", 6), c.embedQuery("q"));
            c.embedQuery("again");
            assertEquals(2, c.localCalls());
        }
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "no long wait for a dead server");
        assertEquals(1, launches.get(), "one start attempt, then in-process for the rest of the run");
    }

    @Test
    void aServerThatNeverAnswersCostsOneTimeout() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, "fake:warm");
        paths.prepare();
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(paths.socket())); // accepts connections, never replies
            try (WarmClientEmbedder c = client(paths, null)) {
                long t0 = System.nanoTime();
                c.embedQuery("q");
                c.embedPassages(List.of("p"));
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4));
                assertEquals(2, c.localCalls());
            }
        }
    }

    @Test
    void aStartedServerIsAwaitedAndUsed() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, "fake:warm");
        AtomicInteger launches = new AtomicInteger();
        try (WarmClientEmbedder c = client(paths, p -> {
            launches.incrementAndGet();
            serve(p, Duration.ofSeconds(30), 300); // the model takes a moment to load
            return new ProcessBuilder("sleep", "5").start();
        })) {
            c.embedQuery("q");
            assertEquals(1, c.remoteCalls());
            assertEquals(0, localLoads.get());
        }
        assertEquals(1, launches.get());
    }

    @Test
    void aServerStuckLoadingIsNotWaitedFor() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, "fake:warm");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WarmServer stuck = new WarmServer(paths, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return served;
        }, Duration.ofSeconds(30));
        servers.add(stuck);
        Thread t = new Thread(() -> {
            try {
                stuck.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.setDaemon(true);
        t.start();
        while (!Files.exists(paths.lock()) || Files.size(paths.lock()) == 0) {
            Thread.sleep(10);
        }
        Files.setLastModifiedTime(paths.lock(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        AtomicInteger launches = new AtomicInteger();
        long t0 = System.nanoTime();
        try (WarmClientEmbedder c = client(paths, p -> {
            launches.incrementAndGet();
            return new ProcessBuilder("true").start();
        })) {
            c.embedQuery("q");
            assertEquals(1, c.localCalls());
        }
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
        assertEquals(0, launches.get(), "the lock is held: no second server");
        release.countDown();
    }

    @Test
    void aFailedStartIsRememberedForAWhile() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, "fake:warm");
        WarmServer.Outcome outcome = new WarmServer(paths, () -> {
            throw CtxException.io("no natives for this platform", null);
        }, Duration.ofSeconds(1)).run();
        assertEquals(new WarmServer.Outcome.Failed("no natives for this platform"), outcome);
        AtomicInteger launches = new AtomicInteger();
        try (WarmClientEmbedder c = client(paths, p -> {
            launches.incrementAndGet();
            return new ProcessBuilder("true").start();
        })) {
            c.embedQuery("q");
        }
        assertEquals(0, launches.get());
    }

    @Test
    void aLongCacheDirGetsAShortSocketPath() {
        Path deep = cache.resolve("a".repeat(60)).resolve("b".repeat(60));
        WarmPaths paths = WarmPaths.of(deep, "fake:warm");
        assertTrue(paths.socket().toString().length() <= WarmPaths.MAX_SOCKET_PATH, paths.socket().toString());
        assertTrue(paths.lock().startsWith(deep.toAbsolutePath()));
        assertEquals(paths.socket(), WarmPaths.of(deep, "fake:warm").socket(), "every process finds the same socket");
        assertFalse(paths.socket().equals(WarmPaths.of(cache.resolve("c".repeat(120)), "fake:warm").socket()));
    }
}

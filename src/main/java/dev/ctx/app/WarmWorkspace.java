package dev.ctx.app;

import dev.ctx.index.embed.Embedders;
import dev.ctx.index.embed.SharedModels;
import dev.ctx.model.CtxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The resident server's pool: one open {@link Ctx} per repository root (and per environment that changes how
 * it opens), handed to concurrent commands; one loaded embedding model for all of them; background
 * embedding on one thread of this process. Safe for concurrent commands because the store takes the
 * repository's write lock and compare-and-swaps the branch on every write (so other processes and plain git
 * writing meanwhile are seen at the next read), and the search index catches up with the branch tip at
 * every search under its own lock.
 */
public final class WarmWorkspace implements Workspace, AutoCloseable {
    /**
     * The variables that change what a Ctx opens (caches, the model's natives, embedding switches and
     * endpoints' keys); two commands that differ only in others (PWD, CTX_AGENT, TERM) share one Ctx.
     */
    static boolean shapesCtx(String name) {
        return name.equals("HOME") || name.startsWith("XDG_") || name.startsWith("CTX_EMBED") || name.startsWith("GIT_")
                || name.endsWith("_KEY") || name.endsWith("_TOKEN") || name.equals("DJL_CACHE_DIR");
    }

    private record Key(Path root, Map<String, String> env) {
    }

    private final Map<Key, Ctx> pool = new ConcurrentHashMap<>();
    private final SharedModels models = new SharedModels();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ctx-background-embedding");
        t.setDaemon(true);
        return t;
    });
    private final Ctx.Warmth warmth = new Ctx.Warmth(models, background);

    @Override
    public Ctx open(Path root, Clock clock, Map<String, String> env) throws CtxException {
        Map<String, String> shaping = new TreeMap<>();
        env.forEach((k, v) -> {
            if (shapesCtx(k)) {
                shaping.put(k, v);
            }
        });
        Key key = new Key(root.toAbsolutePath().normalize(), shaping);
        Ctx warm = pool.get(key);
        if (warm != null && Files.exists(key.root().resolve(".git"))) {
            return warm;
        }
        if (warm != null && pool.remove(key, warm)) {
            warm.closePooled(); // the repository went away (or was re-created): let go of its files
        }
        Map<String, String> ctxEnv = new HashMap<>(env);
        // The model lives in this process: never start or call the separate warm embedding server.
        ctxEnv.put(Embedders.WARM_ENV, "0");
        Ctx fresh = Ctx.openPooled(key.root(), clock, ctxEnv, warmth);
        Ctx raced = pool.putIfAbsent(key, fresh);
        if (raced != null) {
            fresh.closePooled();
            return raced;
        }
        return fresh;
    }

    /** When each warm repository last synced in the background (issue 15). */
    private final Map<Path, java.time.Instant> lastSync = new ConcurrentHashMap<>();

    /**
     * Syncs each warm repository whose ctx.yaml sets {@code sync.interval} and whose interval has passed since
     * its last background sync; one line per sync or failure goes to {@code log}. A repository with a write in
     * flight is skipped this turn and tried at the next. Failures never stop the others or the server.
     */
    public void syncDue(java.time.Instant now, java.util.function.Consumer<String> log) {
        for (Map.Entry<Key, Ctx> e : List.copyOf(pool.entrySet())) {
            Path root = e.getKey().root();
            try {
                java.util.Optional<java.time.Duration> every = e.getValue().backgroundSyncInterval();
                java.time.Instant last = lastSync.get(root);
                if (every.isEmpty() || (last != null && now.isBefore(last.plus(every.get())))) {
                    continue;
                }
                java.util.Optional<dev.ctx.model.SyncReport> r = e.getValue().backgroundSync();
                if (r.isEmpty()) {
                    continue;
                }
                lastSync.put(root, now);
                dev.ctx.model.SyncReport s = r.get();
                log.accept("ctx server: synced " + root + " with " + s.remote() + ": " + s.action().name().toLowerCase(java.util.Locale.ROOT)
                        + (s.hasConflicts() ? "; conflicts left in " + String.join(", ", s.unresolved()) + " (ctx resolve)" : ""));
            } catch (CtxException | RuntimeException failed) {
                lastSync.put(root, now);
                log.accept("ctx server: background sync of " + root + " failed: " + failed.getMessage());
            }
        }
    }

    /** How many repositories are warm (for {@code ctx server status}). */
    public int size() {
        return pool.size();
    }

    @Override
    public void close() {
        background.shutdownNow();
        for (Ctx c : List.copyOf(pool.values())) {
            c.closePooled();
        }
        pool.clear();
        models.close();
    }
}

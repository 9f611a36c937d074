package dev.ctx.app;

import dev.ctx.format.CtxConfig;
import dev.ctx.index.Embedder;
import dev.ctx.index.SearchIndex;
import dev.ctx.index.WindowVectors;
import dev.ctx.index.embed.BackgroundEmbedding;
import dev.ctx.index.embed.Embedders;
import dev.ctx.index.embed.SharedModels;
import dev.ctx.index.lucene.LuceneSearchIndex;
import dev.ctx.model.CtxException;
import dev.ctx.model.Provenance;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Init;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The front door of ctx as a library: opens (or creates) a context repository and exposes its use cases.
 * The CLI and the MCP server are thin adapters over this class.
 */
public final class Ctx implements AutoCloseable {
    /** The folder {@code ctx init} creates inside a project when no folder is named. */
    public static final String PROJECT_DIR = ".ctx";

    private final ContextStore store;
    private final Map<String, String> env;
    /** Set when a {@link WarmWorkspace} owns this Ctx: then close() by a command leaves it open for the next. */
    private final Warmth warmth;
    private final java.util.concurrent.atomic.AtomicBoolean filling = new java.util.concurrent.atomic.AtomicBoolean();
    private SearchIndex search;
    private Embedder embedder;
    private String embeddingProblem;

    private Ctx(ContextStore store, Map<String, String> env) {
        this(store, env, null);
    }

    private Ctx(ContextStore store, Map<String, String> env, Warmth warmth) {
        this.store = store;
        this.env = Map.copyOf(env);
        this.warmth = warmth;
    }

    /** What a pooled Ctx shares with its pool: the one loaded model and the thread that embeds in the background. */
    record Warmth(SharedModels models, Executor background) {
    }

    /** A Ctx a {@link WarmWorkspace} keeps open across commands; only the pool closes it ({@link #closePooled}). */
    static Ctx openPooled(Path root, Clock clock, Map<String, String> env, Warmth warmth) throws CtxException {
        return new Ctx(ContextStore.open(root, clock), env, warmth);
    }

    private Ctx(ContextStore store) {
        this(store, System.getenv());
    }

    public static Ctx open(Path root, Clock clock) throws CtxException {
        return new Ctx(ContextStore.open(root, clock));
    }

    /** Opens with an explicit environment (HOME, XDG_CACHE_HOME, API keys named in ctx.yaml, CTX_EMBED_WARM). */
    public static Ctx open(Path root, Clock clock, Map<String, String> env) throws CtxException {
        return new Ctx(ContextStore.open(root, clock), env);
    }

    public static Ctx init(Path dir, Provenance who, Clock clock) throws CtxException {
        return new Ctx(Init.create(dir, who, clock));
    }

    public static Ctx cloneFrom(String url, Path dir, Clock clock) throws CtxException {
        return new Ctx(Init.cloneFrom(url, dir, clock));
    }

    /**
     * Where the repository is: the explicit one, else {@code $CTX_REPO}, else the nearest folder at or above
     * {@code cwd} that is a context repository (or holds one in {@code .ctx}), else {@code cwd/.ctx}.
     */
    public static Path locate(Path explicit, String envRepo, Path cwd) {
        if (explicit != null) {
            return cwd.resolve(explicit).toAbsolutePath().normalize();
        }
        if (envRepo != null && !envRepo.isBlank()) {
            return cwd.resolve(envRepo).toAbsolutePath().normalize();
        }
        for (Path d = cwd.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(CtxConfig.FILE)) && Files.exists(d.resolve(".git"))) {
                return d;
            }
            Path nested = d.resolve(PROJECT_DIR);
            if (Files.isRegularFile(nested.resolve(CtxConfig.FILE))) {
                return nested;
            }
        }
        return cwd.resolve(PROJECT_DIR).toAbsolutePath().normalize();
    }

    public ContextStore store() {
        return store;
    }

    public Path root() {
        return store.root();
    }

    /** The search index of this repository, opened on first use; it catches up with the branch on every search. */
    public synchronized SearchIndex search() throws CtxException {
        if (search == null) {
            CtxConfig config = store.config();
            Embedders.Resolution r = Embedders.resolve(config, store.git().ctxDir(), env, warmth == null ? null : warmth.models());
            embedder = r.embedder().orElse(null);
            embeddingProblem = r instanceof Embedders.Resolution.Unavailable u ? u.reason() : null;
            LuceneSearchIndex.Options options = LuceneSearchIndex.Options.defaults()
                    .withMaxFileBytes(config.maxFileBytes())
                    .withWindowVectors(windowVectors(config))
                    .withDeferEmbedding(backgroundEmbedding(config));
            search = LuceneSearchIndex.open(store.git(), embedder, options);
        }
        return search;
    }

    /**
     * Whether searches leave new text's vectors to a background process ({@link #embedPendingInBackground}):
     * on with a model, unless {@code search.embed_in_background: false} or {@code CTX_EMBED_BACKGROUND=0}.
     */
    private boolean backgroundEmbedding(CtxConfig config) throws CtxException {
        Object v = config.section("search").get("embed_in_background");
        if (v != null && !(v instanceof Boolean)) {
            throw CtxException.refused("ctx.yaml search.embed_in_background must be true or false, not '" + v + "'");
        }
        return embedder != null && !Boolean.FALSE.equals(v) && !"0".equals(env.get(BackgroundEmbedding.ENV));
    }

    /**
     * Starts a detached process that embeds the chunks searches left without vectors, unless one is running;
     * for hosts that end soon after a search (the CLI). False when none was started. Never needed for
     * correctness: pending chunks are found by BM25 meanwhile, and the next search tries again.
     */
    public boolean embedPendingInBackground() {
        if (warmth != null) {
            // one fill queued or running per repository is enough: it embeds whatever is pending when it runs
            if (filling.compareAndSet(false, true)) {
                warmth.background().execute(this::fillPending);
            }
            return true;
        }
        try {
            return BackgroundEmbedding.start(store.root(), store.git().ctxDir(), env);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A pooled Ctx's background embedding: in this process with the loaded model, under the same filler lock a
     * detached filler takes, so a foreground {@code ctx index update} elsewhere still waits for it, not races it.
     */
    private void fillPending() {
        filling.set(false);
        try (BackgroundEmbedding.Claim claim = BackgroundEmbedding.claim(store.git().ctxDir())) {
            if (claim != null) {
                search().update();
            }
        } catch (IOException | CtxException | RuntimeException e) {
            // never needed for correctness: what is left stays pending, and the next search asks again
        }
    }

    private static WindowVectors windowVectors(CtxConfig config) throws CtxException {
        try {
            return WindowVectors.parse(config.section("search").get("window_vectors"));
        } catch (IllegalArgumentException e) {
            throw CtxException.refused(e.getMessage());
        }
    }

    /** Why search has no embedding model (null when it has one, or search was not opened). */
    public String embeddingProblem() {
        return embeddingProblem;
    }

    /** Ends a command's use; a pooled Ctx stays open for the next command. */
    @Override
    public void close() {
        if (warmth == null) {
            closePooled();
        }
    }

    /** Closes for real: the end of a command's own Ctx, or the pool letting go of a warm one. */
    synchronized void closePooled() {
        if (search != null) {
            search.close();
        }
        if (embedder != null) {
            embedder.close();
        }
        store.close();
    }
}

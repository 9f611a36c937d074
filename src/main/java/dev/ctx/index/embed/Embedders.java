package dev.ctx.index.embed;

import dev.ctx.format.CtxConfig;
import dev.ctx.index.Embedder;
import dev.ctx.model.CtxException;
import dev.ctx.model.HelperProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the embedder ctx.yaml asks for: provider, then (builtin) the warm server client or the
 * in-process model, then the on-disk cache in front. Nothing is loaded or contacted here; the model
 * loads, the server starts or the endpoint is called at the first embedding.
 *
 * <p>Cache layout under {@code cacheDir}: {@code embeddings/} (vectors) and {@code embed-server/}
 * (socket, lock, log of the warm server). The native libraries (31 MB) are extracted once per user, see
 * {@link #nativeDir}.
 */
public final class Embedders {
    /** Set to {@code 0} to never use or start the warm server (scripts, tests, debugging). */
    public static final String WARM_ENV = "CTX_EMBED_WARM";
    /**
     * How long a call waits for a warm server that is starting before it loads the model itself. A
     * server is ready in about the time an in-process load takes plus a JVM start (1.8-4.4 s measured on
     * a busy 2-core machine), and loading both at once on two cores slows both: wait rather than race.
     */
    static final Duration START_WAIT = Duration.ofSeconds(10);

    private Embedders() {
    }

    /** What the configuration yields: an embedder, or the reason there is none, said once to the user. */
    public sealed interface Resolution {
        Optional<Embedder> embedder();

        record Available(Embedder model, String description) implements Resolution {
            @Override
            public Optional<Embedder> embedder() {
                return Optional.of(model);
            }
        }

        record Unavailable(String reason) implements Resolution {
            @Override
            public Optional<Embedder> embedder() {
                return Optional.empty();
            }
        }
    }

    /** The configured embedder, or empty when none is available (search then runs BM25-only). */
    public static Optional<Embedder> fromConfig(CtxConfig config, Path cacheDir, Map<String, String> env) {
        return resolve(config, cacheDir, env).embedder();
    }

    /**
     * Like {@link #fromConfig} but says why there is no embedder. {@code cacheDir} is ctx's cache for the
     * repository ({@code $GIT_COMMON_DIR/ctx}); null means {@link #userCacheDir}.
     */
    public static Resolution resolve(CtxConfig config, Path cacheDir, Map<String, String> env) {
        return resolve(config, cacheDir, env, null);
    }

    /**
     * Like {@link #resolve(CtxConfig, Path, Map)}, starting the warm embedding server as {@code embedServer}
     * says when none answers; null never starts one (a running server is used, else the model loads in process).
     */
    public static Resolution resolve(CtxConfig config, Path cacheDir, Map<String, String> env, HelperProcess embedServer) {
        return resolve(config, cacheDir, env, embedServer, null);
    }

    /**
     * Like {@link #resolve(CtxConfig, Path, Map, HelperProcess)}; with {@code shared} (a long-lived process), the
     * builtin model is the process's one loaded copy, never the separate warm server.
     */
    public static Resolution resolve(CtxConfig config, Path cacheDir, Map<String, String> env, HelperProcess embedServer,
            SharedModels shared) {
        EmbeddingSettings s;
        try {
            s = EmbeddingSettings.from(config);
        } catch (IllegalArgumentException e) {
            return new Resolution.Unavailable(e.getMessage());
        }
        Path cache = cacheDir != null ? cacheDir : userCacheDir(env);
        return switch (s.provider()) {
            case NONE -> new Resolution.Unavailable("embeddings are off (search.embeddings.provider: none)");
            case OPENAI -> openai(s, cache, env);
            case BUILTIN -> builtin(s, cache, env, embedServer, shared);
        };
    }

    /** {@code $XDG_CACHE_HOME/ctx}, else {@code $HOME/.cache/ctx}, else the temp dir. */
    public static Path userCacheDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "ctx");
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, ".cache", "ctx");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "ctx-cache-" + System.getProperty("user.name"));
    }

    /**
     * Where the model's native libraries are extracted: the user's cache ({@code $XDG_CACHE_HOME/ctx/natives}
     * or {@code ~/.cache/ctx/natives}), shared by all repositories; without either variable, the
     * repository's cache. Never a shared temp folder: a library loaded from a folder others can write is
     * theirs to replace.
     */
    public static Path nativeDir(Path cacheDir, Map<String, String> env) {
        boolean user = notBlank(env.get("XDG_CACHE_HOME")) || notBlank(env.get("HOME"));
        return user ? userCacheDir(env).resolve("natives") : cacheDir.resolve("natives");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static Resolution openai(EmbeddingSettings s, Path cache, Map<String, String> env) {
        if (s.model() == null) {
            return new Resolution.Unavailable("search.embeddings.provider is openai but no search.embeddings.model is set");
        }
        String key = null;
        if (s.apiKeyEnv() != null) {
            key = env.get(s.apiKeyEnv());
            if (key == null || key.isBlank()) {
                return new Resolution.Unavailable("search.embeddings.api_key_env names " + s.apiKeyEnv() + " but that variable is not set");
            }
        }
        try {
            OpenAiEmbedder e = new OpenAiEmbedder(s.url(), s.model(), key, s.dimensions(), s.batchSize(), s.timeout());
            return new Resolution.Available(new CachingEmbedder(e, cache.resolve("embeddings")), s.model() + " at " + e.endpoint());
        } catch (IllegalArgumentException e) {
            return new Resolution.Unavailable(e.getMessage());
        }
    }

    private static Resolution builtin(EmbeddingSettings s, Path cache, Map<String, String> env, HelperProcess embedServer,
            SharedModels shared) {
        if (!BuiltinEmbedder.available()) {
            return new Resolution.Unavailable("the builtin embedding model has no native libraries for " + BuiltinEmbedder.Natives.platform()
                    + " in this build; set search.embeddings.provider: openai to use an endpoint");
        }
        Path natives = nativeDir(cache, env);
        WarmServer.ModelLoader load = () -> BuiltinEmbedder.load(natives, env);
        Embedder model;
        if (shared != null) {
            model = shared.view(BuiltinEmbedder.MODEL_ID, BuiltinEmbedder.DIMENSIONS, load);
        } else if (s.warm() && !"0".equals(env.get(WARM_ENV))) {
            model = new WarmClientEmbedder(BuiltinEmbedder.MODEL_ID, BuiltinEmbedder.DIMENSIONS,
                    WarmPaths.of(cache, BuiltinEmbedder.MODEL_ID), embedServer == null ? null : WarmClientEmbedder.processLauncher(cache, natives, s.warmIdle(), embedServer),
                    START_WAIT, load);
        } else {
            model = new Lazy(BuiltinEmbedder.MODEL_ID, BuiltinEmbedder.DIMENSIONS, load);
        }
        return new Resolution.Available(new CachingEmbedder(model, cache.resolve("embeddings")), "builtin e5-small-v2 (int8)");
    }

    /** The in-process model, loaded at its first use: a search that needs no vectors pays nothing. */
    static final class Lazy implements Embedder {
        private final String modelId;
        private final int dimensions;
        private final WarmServer.ModelLoader loader;
        private Embedder model;

        Lazy(String modelId, int dimensions, WarmServer.ModelLoader loader) {
            this.modelId = modelId;
            this.dimensions = dimensions;
            this.loader = loader;
        }

        private synchronized Embedder model() throws CtxException {
            if (model == null) {
                model = loader.load();
            }
            return model;
        }

        @Override
        public String modelId() {
            return modelId;
        }

        @Override
        public int dimensions() {
            return dimensions;
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) throws CtxException {
            return model().embedPassages(texts);
        }

        @Override
        public float[] embedQuery(String text) throws CtxException {
            return model().embedQuery(text);
        }

        @Override
        public synchronized void close() {
            if (model != null) {
                model.close();
            }
        }
    }
}

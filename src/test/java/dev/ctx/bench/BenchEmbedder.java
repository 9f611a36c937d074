package dev.ctx.bench;

import dev.ctx.format.CtxConfig;
import dev.ctx.index.Embedder;
import dev.ctx.index.embed.Embedders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The embedding model the benchmarks use: the product's default, in-process, never downloaded. */
final class BenchEmbedder {
    private BenchEmbedder() {
    }

    /**
     * The builtin e5-small-v2 int8 (ctx.yaml defaults). Its vector cache is a temp folder, so every run
     * pays the model in full, unless {@code BENCH_EMBED_CACHE} names a folder to keep between runs (then
     * build figures measure the cache, not the model: say so when quoting them).
     */
    static Embedder real() {
        return real(System.getenv("BENCH_EMBED_CACHE"));
    }

    /** The builtin model with a cache of its own that starts empty: every vector it gives is the model's. */
    static Embedder fresh() {
        return real(null);
    }

    private static Embedder real(String keep) {
        try {
            Path cache = keep != null && !keep.isBlank() ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("ctx-bench-embed");
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("CTX_EMBED_WARM", "0");
            return Embedders.fromConfig(CtxConfig.defaults(), cache, env)
                    .orElseThrow(() -> new IllegalStateException("the builtin embedding model is not available in this build"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

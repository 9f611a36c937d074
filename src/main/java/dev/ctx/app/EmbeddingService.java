package dev.ctx.app;

import dev.ctx.index.embed.BuiltinEmbedder;
import dev.ctx.index.embed.Embedders;
import dev.ctx.index.embed.WarmPaths;
import dev.ctx.index.embed.WarmServer;
import dev.ctx.model.CtxException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The warm embedding server as the library runs it: holds the builtin model and answers other ctx
 * processes on a Unix socket under the cache folder until idle. {@link #stop} may be called from another
 * thread (a shutdown hook): the socket name goes first, so clients find nothing rather than a dead socket.
 */
public final class EmbeddingService {
    private final WarmServer server;

    private EmbeddingService(WarmServer server) {
        this.server = server;
    }

    /** {@code natives} null: where the model's native libraries go by default (the user's cache, per {@code env}). */
    public static EmbeddingService of(Path cacheDir, Path natives, Duration idle, Map<String, String> env) {
        WarmPaths paths = WarmPaths.of(cacheDir, BuiltinEmbedder.MODEL_ID);
        Path nativeDir = natives != null ? natives : Embedders.nativeDir(cacheDir, env);
        return new EmbeddingService(new WarmServer(paths, () -> BuiltinEmbedder.load(nativeDir, env), idle));
    }

    /** Serves until idle (or until another server is found running); IO when the server could not start. */
    public void run() throws CtxException {
        WarmServer.Outcome outcome;
        try {
            outcome = server.run();
        } catch (IOException e) {
            throw CtxException.io("embedding server failed: " + e.getMessage(), e);
        }
        if (outcome instanceof WarmServer.Outcome.Failed f) {
            throw CtxException.io("embedding server could not start: " + f.reason(), null);
        }
    }

    public void stop() {
        server.stop();
    }
}

package dev.ctx.index.embed;

import dev.ctx.index.Embedder;
import dev.ctx.model.CtxException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embedding models loaded once for a long-lived process (the resident server) and lent to every repository
 * it opens: one copy of the builtin model (about 280 MB) however many repositories are warm. Calls into a
 * model are serialized, as the separate warm server did: inference already uses the cores.
 */
public final class SharedModels implements AutoCloseable {
    private final Map<String, Embedders.Lazy> models = new ConcurrentHashMap<>();

    /** The shared model of this id, loaded at its first use; closing the view leaves the model loaded. */
    Embedder view(String modelId, int dimensions, WarmServer.ModelLoader loader) {
        Embedders.Lazy model = models.computeIfAbsent(modelId, id -> new Embedders.Lazy(id, dimensions, loader));
        return new Embedder() {
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
                synchronized (model) {
                    return model.embedPassages(texts);
                }
            }

            @Override
            public float[] embedQuery(String text) throws CtxException {
                synchronized (model) {
                    return model.embedQuery(text);
                }
            }
        };
    }

    @Override
    public void close() {
        models.values().forEach(Embedders.Lazy::close);
        models.clear();
    }
}

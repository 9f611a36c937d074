package dev.ctx.index.embed;

import dev.ctx.index.Embedder;
import dev.ctx.model.CtxException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embedding models loaded once for a long-lived process (the resident server) and lent to every repository
 * it opens: one copy of the builtin model (about 280 MB) however many repositories are warm. Passage batches
 * are serialized (inference already uses the cores, and two fills would only slow each other); a query is
 * never queued behind a batch, which can take seconds: an ONNX Runtime session runs concurrent calls, and the
 * model and tokenizer hold no per-call state.
 */
public final class SharedModels implements AutoCloseable {
    private final Map<String, Embedders.Lazy> models = new ConcurrentHashMap<>();
    private final Map<String, Object> passageLocks = new ConcurrentHashMap<>();

    /** The shared model of this id, loaded at its first use; closing the view leaves the model loaded. */
    Embedder view(String modelId, int dimensions, WarmServer.ModelLoader loader) {
        Embedders.Lazy model = models.computeIfAbsent(modelId, id -> new Embedders.Lazy(id, dimensions, loader));
        Object passages = passageLocks.computeIfAbsent(modelId, id -> new Object());
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
                synchronized (passages) {
                    return model.embedPassages(texts);
                }
            }

            @Override
            public float[] embedQuery(String text) throws CtxException {
                return model.embedQuery(text);
            }
        };
    }

    @Override
    public void close() {
        models.values().forEach(Embedders.Lazy::close);
        models.clear();
    }
}

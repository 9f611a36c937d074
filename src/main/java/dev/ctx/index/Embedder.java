package dev.ctx.index;

import dev.ctx.model.CtxException;
import java.util.List;

/**
 * Turns text into vectors for semantic search. Implementations: the model built into ctx (offline, ONNX),
 * any OpenAI-compatible endpoint, a cache in front of either, and a client of the warm ctx process.
 * Vectors are L2-normalised so dot product equals cosine similarity.
 */
public interface Embedder extends AutoCloseable {
    /** Identifies model and preprocessing; part of every cache key and recorded in the index. */
    String modelId();

    int dimensions();

    /** Embeds stored text (chunks). Models with asymmetric prefixes (e5: "passage: ") apply them here. */
    List<float[]> embedPassages(List<String> texts) throws CtxException;

    /** Embeds a search query (e5: "query: "). */
    float[] embedQuery(String text) throws CtxException;

    /**
     * The vectors of these passages that are at hand without running the model (a cache), null where
     * not: what a search that defers embedding can still attach at once. None, by default.
     */
    default List<float[]> knownPassages(List<String> texts) {
        return java.util.Arrays.asList(new float[texts.size()][]);
    }

    @Override
    default void close() {
    }
}

package dev.ctx.index.embed;

/**
 * A model that can run in process from resources on the class path: where its files are, how its last
 * hidden state becomes one vector, and the prefixes its training expects. Both models here are BERT-small
 * (384 dimensions, the same uncased WordPiece tokenizer); they differ in pooling and prefixes.
 *
 * @param id          model, pooling and prefixes; bump the suffix when preprocessing changes so caches are not reused
 * @param onnx        the ONNX resource
 * @param tokenizer   the HuggingFace tokenizer.json resource
 * @param clsPooling  the first token's state (bge) rather than the mean over the real tokens (e5)
 * @param queryPrefix   text put before a query (empty for none)
 * @param passagePrefix text put before a passage (empty for none)
 */
public record BuiltinModel(String id, String onnx, String tokenizer, boolean clsPooling, String queryPrefix, String passagePrefix) {
    /** ctx's default: e5-small-v2 int8, mean pooling, {@code query: } / {@code passage: }. */
    public static final BuiltinModel E5_SMALL_V2 = new BuiltinModel("builtin:e5-small-v2-int8:mean:v1",
            "e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json", false, "query:", "passage:");
    /**
     * bge-small-en-v1.5 int8, CLS pooling; its model card's instruction before short queries that look
     * for passages, nothing before passages.
     */
    public static final BuiltinModel BGE_SMALL_EN_V15 = new BuiltinModel("builtin:bge-small-en-v1.5-int8:cls:v1",
            "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", true,
            "Represent this sentence for searching relevant passages:", "");

    public static final int DIMENSIONS = 384;

    public BuiltinModel {
        if (id == null || id.isBlank() || onnx == null || tokenizer == null || queryPrefix == null || passagePrefix == null) {
            throw new IllegalArgumentException("a builtin model needs an id, its resources and its prefixes");
        }
    }

    /** The same model with other prefixes (and so another id): for measuring what a prefix is worth. */
    public BuiltinModel withPrefixes(String query, String passage) {
        return new BuiltinModel(id + ":q=" + query.hashCode() + ":p=" + passage.hashCode(), onnx, tokenizer, clsPooling, query, passage);
    }
}

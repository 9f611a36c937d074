package dev.ctx.model;

/**
 * The index as it describes itself: its folder and schema, the commit it reflects against the branch
 * tip, the embedding model its vectors come from ({@code none}: BM25 only), how many chunks still wait
 * for their vectors, its size and segments (each with its own HNSW graph, which a query searches in turn),
 * whether this process could take the write lock, and what its last update did.
 */
public record IndexStatus(String location, int schema, String indexedCommit, String tip, boolean behind, String modelId,
                          int files, int chunks, int pendingChunks, long bytes, int segments, boolean writable, UpdateStats lastUpdate) {
}

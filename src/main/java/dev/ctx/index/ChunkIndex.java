package dev.ctx.index;

import dev.ctx.model.CtxException;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The layer under {@link SearchIndex}: chunks grouped by file, replaced and removed a file at a time,
 * searched with the same analysis, fields and fusion as the product. Exposed so that benchmarks (and
 * other sources of chunks) run exactly the product's retrieval.
 */
public interface ChunkIndex extends AutoCloseable {
    /** Replaces every chunk of {@code file} by {@code chunks} (in document order); returns how many were embedded anew. */
    int putFile(String file, List<Chunk> chunks) throws CtxException;

    void deleteFile(String file) throws CtxException;

    /** Makes the changes durable and visible to searches. */
    void commit() throws CtxException;

    /** Searches with the given mode (never null here). */
    List<SearchHit> search(SearchRequest request, SearchMode mode) throws CtxException;

    /**
     * The searchable vectors of these chunks (by {@link dev.ctx.model.SearchHit#id()}), the ones hits' similarities
     * were computed with; chunks without a vector are absent, and an index without vectors answers an empty map.
     */
    default Map<String, float[]> vectors(Collection<String> ids) throws CtxException {
        return Map.of();
    }

    @Override
    void close();
}

package dev.ctx.index;

import dev.ctx.model.CtxException;
import dev.ctx.model.IndexStatus;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.SearchResult;
import dev.ctx.model.UpdateStats;
import java.util.Collection;
import java.util.Map;

/**
 * A search index over a context repository, kept in step with the branch: every {@link #search} first
 * catches up with the commits made since the index was last updated (when this process can take the
 * write lock), so results reflect the tip. The index is a cache: deleting it loses nothing.
 */
public interface SearchIndex extends AutoCloseable {
    SearchResult search(SearchRequest request) throws CtxException;

    /**
     * Indexes what changed between the indexed commit and the tip, and embeds whatever earlier searches left
     * without vectors; a no-op when there is nothing to do.
     */
    UpdateStats update() throws CtxException;

    /**
     * Embeds the chunks that searches indexed without vectors (when embedding is deferred), without holding
     * up searches meanwhile; returns how many texts were embedded.
     */
    int embedPending() throws CtxException;

    /** Throws the index away and builds it again from the tip. */
    UpdateStats rebuild() throws CtxException;

    /** {@link #update()}, reporting the chunks it embeds. */
    default UpdateStats update(dev.ctx.model.Progress progress) throws CtxException {
        return update();
    }

    /** {@link #rebuild()}, reporting the chunks it embeds. */
    default UpdateStats rebuild(dev.ctx.model.Progress progress) throws CtxException {
        return rebuild();
    }

    IndexStatus status() throws CtxException;

    /** {@link ChunkIndex#vectors}: the searchable vectors of these hits' chunks, by id. */
    default Map<String, float[]> vectors(Collection<String> ids) throws CtxException {
        return Map.of();
    }

    @Override
    void close();
}

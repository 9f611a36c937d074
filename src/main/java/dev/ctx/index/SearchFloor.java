package dev.ctx.index;

import dev.ctx.model.Explanation;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchResult;
import java.util.List;

/**
 * What counts as a match, in absolute terms. Fused scores are min-max normalised per query, so the top hit
 * always scores 1 even when nothing is related; this floor judges each hit on its own evidence instead: a
 * word of the query in the chunk or its neighbours (any BM25 match), or an embedding similarity (the dense
 * cosine) at or above {@code minSimilarity}. Hits with neither are dropped, so a query about nothing stored
 * answers with no hits. BM25-only searches are never filtered: every BM25 hit shares a word with the query.
 */
public record SearchFloor(float minSimilarity) {
    /**
     * Measured on LoCoMo (docs/search.md, Retrieval): the highest cosine floor of e5-small-v2 that costs no
     * recall@10 of hybrid search (gold turns without a shared word are kept by their similarity).
     */
    public static final float DEFAULT = 0.79f;

    public SearchFloor {
        if (!(minSimilarity >= -1f && minSimilarity <= 1f)) {
            throw new IllegalArgumentException("search.min_similarity must be a cosine between -1 and 1, not " + minSimilarity);
        }
    }

    public static SearchFloor defaults() {
        return new SearchFloor(DEFAULT);
    }

    /** Whether a hit has evidence of its own; a hit without an explanation cannot be judged and is kept. */
    public boolean keeps(SearchHit h) {
        Explanation e = h.explain();
        return e == null || e.bm25Rank() != null || (e.denseScore() != null && e.denseScore() >= minSimilarity);
    }

    public SearchResult apply(SearchResult r) {
        if (r.mode() == SearchMode.BM25) {
            return r;
        }
        List<SearchHit> kept = r.hits().stream().filter(this::keeps).toList();
        return kept.size() == r.hits().size() ? r
                : new SearchResult(r.mode(), kept, r.indexedCommit(), r.behind(), r.pendingChunks(), r.notes(), r.millis());
    }
}

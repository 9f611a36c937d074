package dev.ctx.index;

import dev.ctx.model.Explanation;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchResult;
import java.util.List;

/**
 * What counts as a match, in absolute terms. Fused scores are min-max normalised per query, so the top hit
 * always scores 1 even when nothing is related; this floor judges each hit on its own evidence instead: its
 * words (the share of the query's word weight, by rarity, that its own text contains: {@link Explanation#words()})
 * at or above {@code minWords}, or its embedding similarity (the dense cosine) at or above
 * {@code minSimilarity}. Hits with neither are dropped, so a query about nothing stored answers with no hits.
 * Sharing one common word is not evidence: "how do we run integration tests" shares "run" with many texts.
 * BM25-only searches are never filtered: there every hit was found by the query's words, and there is no
 * similarity to stand in for the words a paraphrase does not share.
 */
public record SearchFloor(float minSimilarity, float minWords) {
    /**
     * Measured on LoCoMo (docs/search.md, Retrieval): e5-small-v2's cosines are compressed (unrelated English
     * scores 0.78-0.82), so the similarity floor alone cannot tell noise from a paraphrase.
     */
    public static final float DEFAULT = 0.80f;
    /** Measured with {@link #DEFAULT} on LoCoMo and its off-topic questions (docs/search.md). */
    public static final float DEFAULT_WORDS = 0.3f;

    public SearchFloor {
        if (!(minSimilarity >= -1f && minSimilarity <= 1f)) {
            throw new IllegalArgumentException("search.min_similarity must be a cosine between -1 and 1, not " + minSimilarity);
        }
        if (!(minWords >= 0f && minWords <= 1f)) {
            throw new IllegalArgumentException("search.min_word_share must be a share between 0 and 1, not " + minWords);
        }
    }

    /** Only a similarity floor; any word shared with the query is evidence enough. */
    public SearchFloor(float minSimilarity) {
        this(minSimilarity, 0f);
    }

    public static SearchFloor defaults() {
        return new SearchFloor(DEFAULT, DEFAULT_WORDS);
    }

    /** Whether a hit has evidence of its own; a hit without an explanation cannot be judged and is kept. */
    public boolean keeps(SearchHit h) {
        Explanation e = h.explain();
        if (e == null || e.denseScore() != null && e.denseScore() >= minSimilarity) {
            return true;
        }
        if (e.words() == null || minWords <= 0f) {
            return e.bm25Rank() != null;
        }
        return e.words() > 0f && e.words() >= minWords;
    }

    /** The hits of {@code found} with evidence, in order; BM25-only answers are kept whole. */
    public List<SearchHit> keep(SearchMode mode, List<SearchHit> found) {
        return mode == SearchMode.BM25 ? found : found.stream().filter(this::keeps).toList();
    }

    public SearchResult apply(SearchResult r) {
        List<SearchHit> kept = keep(r.mode(), r.hits());
        return kept.size() == r.hits().size() ? r
                : new SearchResult(r.mode(), kept, r.indexedCommit(), r.behind(), r.pendingChunks(), r.notes(), r.millis());
    }
}

package dev.ctx.model;

/**
 * Why a hit ranked where it did: its rank and raw score in each list (null when absent from that list),
 * the scores after min-max normalisation, and the fused score ({@code 0.4 bm25 + 0.6 dense} in hybrid).
 * {@code words} is the hit's word evidence in absolute terms: the share of the query's word weight (each
 * analysed term weighted by its rarity, BM25's idf) that the hit's own text contains, 0 to 1; null when
 * not measured.
 */
public record Explanation(Integer bm25Rank, Float bm25Score, Float bm25Norm,
                          Integer denseRank, Float denseScore, Float denseNorm, float fused, Float words) {
    public Explanation(Integer bm25Rank, Float bm25Score, Float bm25Norm, Integer denseRank, Float denseScore, Float denseNorm, float fused) {
        this(bm25Rank, bm25Score, bm25Norm, denseRank, denseScore, denseNorm, fused, null);
    }

    public Explanation withWords(Float share) {
        return new Explanation(bm25Rank, bm25Score, bm25Norm, denseRank, denseScore, denseNorm, fused, share);
    }
}

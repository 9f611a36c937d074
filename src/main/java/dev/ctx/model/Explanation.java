package dev.ctx.model;

/**
 * Why a hit ranked where it did: its rank and raw score in each list (null when absent from that list),
 * the scores after min-max normalisation, and the fused score ({@code 0.4 bm25 + 0.6 dense} in hybrid).
 */
public record Explanation(Integer bm25Rank, Float bm25Score, Float bm25Norm,
                          Integer denseRank, Float denseScore, Float denseNorm, float fused) {
}

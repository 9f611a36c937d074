package dev.ctx.model;

/**
 * Why a hit ranked where it did: its rank and raw score in each list (null when absent from that list),
 * the scores after min-max normalisation, and the fused score ({@code 0.4 bm25 + 0.6 dense} in hybrid).
 * {@code words} is the hit's word evidence in absolute terms: the share of the query's word weight (each
 * analysed term weighted by its rarity, BM25's idf) that the hit's own text contains, 0 to 1; null when
 * not measured. {@code lift} is what hybrid's second stage added to the fused score, part by part; null
 * when there was no second stage.
 */
public record Explanation(Integer bm25Rank, Float bm25Score, Float bm25Norm,
                          Integer denseRank, Float denseScore, Float denseNorm, float fused, Float words, Lift lift) {
    public Explanation(Integer bm25Rank, Float bm25Score, Float bm25Norm, Integer denseRank, Float denseScore, Float denseNorm, float fused) {
        this(bm25Rank, bm25Score, bm25Norm, denseRank, denseScore, denseNorm, fused, null, null);
    }

    public Explanation(Integer bm25Rank, Float bm25Score, Float bm25Norm, Integer denseRank, Float denseScore, Float denseNorm,
            float fused, Float words) {
        this(bm25Rank, bm25Score, bm25Norm, denseRank, denseScore, denseNorm, fused, words, null);
    }

    public Explanation withWords(Float share) {
        return new Explanation(bm25Rank, bm25Score, bm25Norm, denseRank, denseScore, denseNorm, fused, share, lift);
    }

    public Explanation withLift(Lift l) {
        return new Explanation(bm25Rank, bm25Score, bm25Norm, denseRank, denseScore, denseNorm, fused, words, l);
    }

    /** Whether hybrid's second stage found this hit to be a turn of the speaker the query names. */
    public boolean speakerNamed() {
        return lift != null && lift.speaker() > 0f;
    }

    /**
     * The second stage's three additions to the fused score: the file's other evidence, the speaker the query
     * names, the date the query names (0 when that piece does not apply).
     */
    public record Lift(float file, float speaker, float date) {
        public float total() {
            return file + speaker + date;
        }
    }
}

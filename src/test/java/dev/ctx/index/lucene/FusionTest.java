package dev.ctx.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ctx.model.SearchMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {
    private static Fusion.Scored s(int doc, float score) {
        return new Fusion.Scored(doc, score);
    }

    @Test
    void minMaxFusionWeighsScoresNotJustRanks() {
        // Doc 1 wins BM25 by a hair, doc 2 wins dense by a mile: score fusion prefers 2, where RRF would tie them.
        List<Fusion.Scored> bm25 = List.of(s(1, 10f), s(2, 9.9f), s(3, 1f));
        List<Fusion.Scored> dense = List.of(s(2, 0.9f), s(1, 0.2f), s(4, 0.1f));
        List<Fusion.Fused> f = Fusion.fuse(bm25, dense, SearchMode.HYBRID, 10);
        assertEquals(List.of(2, 1, 3, 4), f.stream().map(Fusion.Fused::doc).toList());
        Fusion.Fused top = f.get(0);
        assertEquals(0.4f * (9.9f - 1f) / 9f + 0.6f * 1f, top.score(), 1e-5);
        assertEquals(2, top.explain().bm25Rank());
        assertEquals(1, top.explain().denseRank());
        Fusion.Fused onlyBm25 = f.get(2);
        assertNull(onlyBm25.explain().denseRank());
        assertEquals(0f, onlyBm25.score(), 1e-6, "the bottom of the BM25 list normalises to 0 and has no dense score");
    }

    @Test
    void aHitWithoutAVectorYetIsScoredOnItsBm25AloneNotAsZeroOnTheDenseSide() {
        // Doc 9 was just written: the best BM25 hit, not embedded yet. Doc 2 is the best dense hit.
        List<Fusion.Scored> bm25 = List.of(s(9, 12f), s(2, 6f), s(3, 2f));
        List<Fusion.Scored> dense = List.of(s(2, 0.9f), s(4, 0.5f), s(3, 0.1f));
        List<Integer> unaware = Fusion.fuse(bm25, dense, SearchMode.HYBRID, 10).stream().map(Fusion.Fused::doc).toList();
        assertEquals(2, unaware.get(0), "counted as dense 0, the new fact loses to older text");
        List<Fusion.Fused> f = Fusion.fuse(bm25, dense, java.util.Set.of(9), SearchMode.HYBRID, 10);
        assertEquals(9, f.get(0).doc());
        assertEquals(1f, f.get(0).score(), 1e-6, "its normalised BM25 stands in for both parts");
        assertEquals(0.4f * 0.4f + 0.6f, f.get(1).score(), 1e-5, "others are fused as before");
    }

    @Test
    void singleModesKeepRawScoresAndCutAtK() {
        List<Fusion.Fused> f = Fusion.fuse(List.of(s(5, 3f), s(6, 2f), s(7, 1f)), List.of(), SearchMode.BM25, 2);
        assertEquals(List.of(5, 6), f.stream().map(Fusion.Fused::doc).toList());
        assertEquals(3f, f.get(0).score());
    }

    @Test
    void aListOfEqualScoresNormalisesToOne() {
        assertEquals(1f, Fusion.normalise(List.of(s(1, 2f), s(2, 2f))).get(2));
    }
}

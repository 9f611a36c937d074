package dev.ctx.index.lucene;

import dev.ctx.model.Explanation;
import dev.ctx.model.SearchMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Min-max score fusion of the BM25 and dense lists. Measured on LoCoMo (FACTS.md) it beats reciprocal
 * rank fusion by 2.5-4 points of recall@10: scores carry how far ahead a hit is, ranks throw that away.
 */
final class Fusion {
    static final float BM25_WEIGHT = 0.4f;
    static final float DENSE_WEIGHT = 0.6f;

    /** A document of one list with its raw score, best first. */
    record Scored(int doc, float score) {
    }

    record Fused(int doc, float score, Explanation explain) {
    }

    private Fusion() {
    }

    static List<Fused> fuse(List<Scored> bm25, List<Scored> dense, SearchMode mode, int k) {
        return fuse(bm25, dense, Set.of(), mode, k);
    }

    /**
     * {@code unembedded}: BM25 hits that have no vector yet (their embedding is pending). Their dense score
     * is unknown, not zero, so in hybrid they are scored on the evidence there is: their normalised BM25
     * score stands in for both parts. Scoring them zero would bury a fact written a second ago under any
     * vaguely similar older text.
     */
    static List<Fused> fuse(List<Scored> bm25, List<Scored> dense, Set<Integer> unembedded, SearchMode mode, int k) {
        Map<Integer, Integer> bmRank = ranks(bm25);
        Map<Integer, Integer> dnRank = ranks(dense);
        Map<Integer, Float> bmNorm = normalise(bm25);
        Map<Integer, Float> dnNorm = normalise(dense);
        Map<Integer, Float> bmRaw = raw(bm25);
        Map<Integer, Float> dnRaw = raw(dense);
        LinkedHashMap<Integer, Float> fused = new LinkedHashMap<>();
        switch (mode) {
            case BM25 -> bm25.forEach(s -> fused.put(s.doc(), s.score()));
            case VECTOR -> dense.forEach(s -> fused.put(s.doc(), s.score()));
            case HYBRID -> {
                for (Scored s : bm25) {
                    float b = bmNorm.get(s.doc());
                    fused.merge(s.doc(), unembedded.contains(s.doc()) ? b : BM25_WEIGHT * b, Float::sum);
                }
                for (Scored s : dense) {
                    fused.merge(s.doc(), DENSE_WEIGHT * dnNorm.get(s.doc()), Float::sum);
                }
            }
        }
        List<Fused> out = new ArrayList<>();
        fused.entrySet().stream()
                .sorted(Map.Entry.<Integer, Float>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(k)
                .forEach(e -> {
                    int d = e.getKey();
                    out.add(new Fused(d, e.getValue(), new Explanation(bmRank.get(d), bmRaw.get(d), bmNorm.get(d),
                            dnRank.get(d), dnRaw.get(d), dnNorm.get(d), e.getValue())));
                });
        return out;
    }

    private static Map<Integer, Integer> ranks(List<Scored> list) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            m.putIfAbsent(list.get(i).doc(), i + 1);
        }
        return m;
    }

    private static Map<Integer, Float> raw(List<Scored> list) {
        Map<Integer, Float> m = new HashMap<>();
        list.forEach(s -> m.putIfAbsent(s.doc(), s.score()));
        return m;
    }

    /** Maps the list's scores onto [0, 1]; a list whose scores are all equal maps to 1. */
    static Map<Integer, Float> normalise(List<Scored> list) {
        Map<Integer, Float> m = new HashMap<>();
        if (list.isEmpty()) {
            return m;
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (Scored s : list) {
            min = Math.min(min, s.score());
            max = Math.max(max, s.score());
        }
        float range = max - min;
        for (Scored s : list) {
            m.putIfAbsent(s.doc(), range <= 0 ? 1f : (s.score() - min) / range);
        }
        return m;
    }
}

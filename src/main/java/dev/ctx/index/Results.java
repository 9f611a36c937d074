package dev.ctx.index;

import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import java.util.List;
import java.util.Map;

/**
 * The result path after retrieval, in one place: {@code ctx search} and the recall benchmarks both go
 * through it, so what is measured is what users get. The index is asked for more than k, then hits without
 * evidence are dropped ({@link SearchFloor}, against the query's own noise level: {@link QueryNoise}), then
 * near-duplicates and hits past the per-file limit ({@link HitShaping}).
 */
public final class Results {
    private Results() {
    }

    /**
     * How many hits to ask the index for: more than k, so hits dropped as near-duplicates or past the
     * per-file limit leave room for others. Up to k = 25 the fused lists stay 50 deep, so the ranking
     * itself is the one measured.
     */
    public static int depth(int k, int perFile) {
        return Math.min(SearchRequest.MAX_K, k * (perFile > 0 ? 3 : 2));
    }

    /** {@link #finish(SearchMode, List, SearchFloor, Float, int, int)} without a noise level (the fixed floor alone). */
    public static List<SearchHit> finish(SearchMode mode, List<SearchHit> found, SearchFloor floor, int perFile, int k) {
        return finish(mode, found, floor, null, perFile, k);
    }

    /**
     * The hits a user sees, in order: at most {@code k} of {@code found}. {@code noise} is the query's noise level
     * ({@link QueryNoise#level}), null when not known.
     */
    public static List<SearchHit> finish(SearchMode mode, List<SearchHit> found, SearchFloor floor, Float noise, int perFile, int k) {
        return finish(mode, found, floor, noise, Map.of(), perFile, k);
    }

    /**
     * The hits a user sees, with the hubness correction: {@code textNoise} holds the noise levels of hits' texts by
     * hit id ({@link HubNoise#levels}).
     */
    public static List<SearchHit> finish(SearchMode mode, List<SearchHit> found, SearchFloor floor, Float noise,
            Map<String, Float> textNoise, int perFile, int k) {
        return HitShaping.shape(floor.keep(mode, found, noise, textNoise), perFile, k);
    }
}

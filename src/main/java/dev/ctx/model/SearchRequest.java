package dev.ctx.model;

import java.time.Instant;
import java.util.Set;

/**
 * A search: the query text, the mode (null: hybrid when an embedding model is available, else BM25),
 * filters (kinds, path prefix, date), the number of hits, and whether to explain each rank.
 */
public record SearchRequest(String query, SearchMode mode, Set<Kind> kinds, String pathPrefix, Instant since, int k, boolean explain) {
    public static final int DEFAULT_K = 10;
    public static final int MAX_K = 1000;

    public SearchRequest {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("the search query is empty");
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("the number of hits must be between 1 and " + MAX_K + ", not " + k);
        }
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
        pathPrefix = pathPrefix == null || pathPrefix.isBlank() ? null : pathPrefix.strip();
    }

    public static SearchRequest of(String query) {
        return new SearchRequest(query, null, Set.of(), null, null, DEFAULT_K, false);
    }

    public SearchRequest withMode(SearchMode m) {
        return new SearchRequest(query, m, kinds, pathPrefix, since, k, explain);
    }

    public SearchRequest withKinds(Set<Kind> ks) {
        return new SearchRequest(query, mode, ks, pathPrefix, since, k, explain);
    }

    public SearchRequest withPathPrefix(String p) {
        return new SearchRequest(query, mode, kinds, p, since, k, explain);
    }

    public SearchRequest withSince(Instant t) {
        return new SearchRequest(query, mode, kinds, pathPrefix, t, k, explain);
    }

    public SearchRequest withK(int n) {
        return new SearchRequest(query, mode, kinds, pathPrefix, since, n, explain);
    }

    public SearchRequest withExplain(boolean e) {
        return new SearchRequest(query, mode, kinds, pathPrefix, since, k, e);
    }
}

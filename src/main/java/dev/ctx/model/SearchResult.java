package dev.ctx.model;

import java.util.List;

/**
 * The hits of one search and the state of the index that answered it. {@code behind} is true when the
 * index could not catch up with the branch (another process holds the index write lock): the hits are
 * from the commit {@code indexedCommit}. {@code pendingChunks} have text in the index but no vectors yet
 * (BM25 finds them, vector scores do not, until {@link SearchIndex#embedPending()} runs). {@code notes} are
 * one-line remarks for people (stderr). {@code floor} is the evidence floor the hits passed (null: none applied,
 * as in a result straight from the index).
 */
public record SearchResult(SearchMode mode, List<SearchHit> hits, String indexedCommit, boolean behind, int pendingChunks,
                           List<String> notes, double millis, FloorReport floor) {
    public SearchResult {
        hits = List.copyOf(hits);
        notes = List.copyOf(notes);
    }

    public SearchResult(SearchMode mode, List<SearchHit> hits, String indexedCommit, boolean behind, int pendingChunks,
                        List<String> notes, double millis) {
        this(mode, hits, indexedCommit, behind, pendingChunks, notes, millis, null);
    }
}

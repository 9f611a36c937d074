package dev.ctx.store;

import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import java.util.List;
import java.util.Map;

/**
 * One agent-visible write, planned as a pure function of the current head. The store runs
 * {@link #plan} against the branch tip, validates the result, commits it, and if the branch moved
 * underneath, plans again on the new tip: so an operation must derive everything from the snapshot and
 * must throw {@link dev.ctx.model.Problem#CONFLICT} when its premise no longer holds (the text it
 * replaces is gone). Open, not sealed: later areas (recall, history, dreaming) add their own operations.
 */
public interface Operation {
    /** The Ctx-Op trailer value and subject prefix: write, append, replace, remember, ingest, revert... */
    String op();

    /** The paths the subject names (the first one or two are shown). */
    List<RepoPath> subjectPaths();

    Change plan(Snapshot head) throws CtxException;

    /** Extra trailers beyond Ctx-Op/Agent/Session/Reason (for example Ctx-Reverts), in order. */
    default Map<String, String> trailers() {
        return Map.of();
    }

    /**
     * Whether this operation may touch a file marked {@code read_only}. Agent operations never may;
     * rollback of history a person asked for may.
     */
    default boolean mayTouchReadOnly() {
        return false;
    }

    /**
     * Commits joined as further parents of this operation's commit (asked after {@link #plan}): an import that adopts
     * another repository's history. With any, the commit is made even when the change is empty.
     */
    default List<String> extraParents() {
        return List.of();
    }
}

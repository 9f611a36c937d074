package dev.ctx.history;

import dev.ctx.model.CtxException;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Change;
import dev.ctx.store.Operation;
import dev.ctx.store.Snapshot;
import java.util.List;
import java.util.Map;

/**
 * Undoes a set of commits as one new commit. Planned afresh on every tip the store offers (a three-way
 * merge per file, so later work by others stays), and refused with CONFLICT naming the later commit when
 * that work touches the same lines, unless forced.
 */
record RevertOp(RevertPlanner planner, List<MemoryCommit> commits, boolean force, String summary) implements Operation {
    RevertOp {
        commits = List.copyOf(commits);
    }

    @Override
    public String op() {
        return "revert";
    }

    @Override
    public List<RepoPath> subjectPaths() {
        return List.of();
    }

    @Override
    public Change plan(Snapshot head) throws CtxException {
        Rollback.Plan p = planner.plan(commits, head, force);
        if (!p.conflicts().isEmpty() && !force) {
            throw p.conflicts().get(0).toException(p.conflicts().size() - 1);
        }
        return new Change(p.files(), p.contents(), summary);
    }

    @Override
    public Map<String, String> trailers() {
        TrailerList t = new TrailerList();
        for (MemoryCommit c : commits) {
            t.add(History.REVERTS, c.id());
        }
        return t;
    }

    @Override
    public boolean mayTouchReadOnly() {
        return true;
    }
}

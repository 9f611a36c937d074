package dev.ctx.history;

import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Change;
import dev.ctx.store.Operation;
import dev.ctx.store.Snapshot;
import java.util.List;
import java.util.Map;

/** Brings one file back to its text at an earlier commit, as one new commit naming what it undid. */
record RestoreOp(RepoPath path, String from, String text, List<String> undone) implements Operation {
    RestoreOp {
        undone = List.copyOf(undone);
    }

    @Override
    public String op() {
        return "restore";
    }

    @Override
    public List<RepoPath> subjectPaths() {
        return List.of(path);
    }

    @Override
    public Change plan(Snapshot head) throws CtxException {
        if (head.read(path).map(text::equals).orElse(false)) {
            return new Change(Map.of(), "");
        }
        return Change.put(path, text, "as at " + from.substring(0, 10));
    }

    @Override
    public Map<String, String> trailers() {
        TrailerList t = new TrailerList().add(History.RESTORED_FROM, from);
        undone.forEach(id -> t.add(History.REVERTS, id));
        return t;
    }

    @Override
    public boolean mayTouchReadOnly() {
        return true;
    }
}

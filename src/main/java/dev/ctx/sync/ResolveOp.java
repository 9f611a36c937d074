package dev.ctx.sync;

import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Change;
import dev.ctx.store.Operation;
import dev.ctx.store.Snapshot;
import java.util.List;

/** {@code ctx resolve}: settles the sync conflicts of one file as one commit, planned on the tip like every write. */
public record ResolveOp(RepoPath path, ConflictMarkers.Keep keep) implements Operation {
    @Override
    public String op() {
        return "resolve";
    }

    @Override
    public List<RepoPath> subjectPaths() {
        return List.of(path);
    }

    @Override
    public Change plan(Snapshot head) throws CtxException {
        String text = head.read(path).orElseThrow(() -> CtxException.notFound(path + " does not exist; 'ctx sync' lists the files with sync conflicts"));
        if (!ConflictMarkers.has(text)) {
            throw CtxException.notFound(path + " has no sync conflict to resolve; 'ctx sync' lists the files that do");
        }
        return Change.put(path, ConflictMarkers.resolve(text, keep), "kept " + keep.name().toLowerCase(java.util.Locale.ROOT) + " of each conflict");
    }

    /** A person settles a conflict, so even a read_only file may be fixed. */
    @Override
    public boolean mayTouchReadOnly() {
        return true;
    }
}

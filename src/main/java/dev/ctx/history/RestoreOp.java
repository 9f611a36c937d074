package dev.ctx.history;

import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Change;
import dev.ctx.store.Operation;
import dev.ctx.store.Snapshot;
import java.util.List;
import java.util.Map;

/**
 * Brings one file back to its content at an earlier commit, as one new commit naming what it undid: text for
 * memory files; bytes and mode ({@code bytes}) for a skill's files, so an image or a script comes back whole.
 */
record RestoreOp(RepoPath path, String from, FileContent content, boolean bytes, List<String> undone) implements Operation {
    RestoreOp {
        undone = List.copyOf(undone);
    }

    /** Whether the file already is as it would be restored: text alike for memory, bytes and mode alike for skills. */
    static boolean same(Snapshot head, RepoPath path, FileContent content, boolean bytes) throws CtxException {
        return bytes ? head.content(path).map(content::equals).orElse(false)
                : head.read(path).map(content.textOrNull()::equals).orElse(false);
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
        if (same(head, path, content, bytes)) {
            return new Change(Map.of(), "");
        }
        String summary = "as at " + from.substring(0, 10);
        return bytes ? new Change(Map.of(), Map.of(path, content), summary) : Change.put(path, content.textOrNull(), summary);
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

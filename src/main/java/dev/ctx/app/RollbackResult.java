package dev.ctx.app;

import dev.ctx.history.Rollback;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.WriteResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a revert, undo or restore did or, for a dry run, would do: the commit ({@code write} null on a dry
 * run), the commits undone, those skipped because an earlier revert already undid them (mapped to that
 * revert), the files the plan writes, and the conflicts (overridden with force, or reported by a dry run).
 */
public record RollbackResult(WriteResult write, List<MemoryCommit> undone, Map<String, String> alreadyReverted, List<String> paths,
                             List<Conflict> conflicts) {
    public RollbackResult {
        undone = List.copyOf(undone);
        alreadyReverted = Collections.unmodifiableMap(new LinkedHashMap<>(alreadyReverted));
        paths = List.copyOf(paths);
        conflicts = List.copyOf(conflicts);
    }

    /** A later commit by someone else that built on what is being undone (the same lines of a file). */
    public record Conflict(String path, MemoryCommit undoing, List<MemoryCommit> later, String why) {
        public Conflict {
            later = List.copyOf(later);
        }
    }

    public boolean changed() {
        return write != null && write.changed();
    }

    static RollbackResult of(Rollback.Outcome o) {
        return new RollbackResult(o.write(), o.undone(), o.alreadyReverted(),
                o.plan().paths().stream().map(Object::toString).toList(),
                o.plan().conflicts().stream().map(c -> new Conflict(c.path(), c.undoing(), c.later(), c.why())).toList());
    }
}

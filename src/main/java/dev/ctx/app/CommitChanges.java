package dev.ctx.app;

import dev.ctx.model.FileDiff;
import dev.ctx.model.MemoryCommit;
import java.util.List;

/** One commit in memory terms and what it changed, file by file. */
public record CommitChanges(MemoryCommit commit, List<FileDiff> diffs) {
    public CommitChanges {
        diffs = List.copyOf(diffs);
    }
}

package dev.ctx.app;

import dev.ctx.format.SystemBudgets;
import dev.ctx.format.ValidationCache;
import dev.ctx.git.WorkTreeWatch;
import dev.ctx.model.CtxException;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
import dev.ctx.store.ContextStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The state of a repository at a glance: where it is, its branch and head, its files, uncommitted edits,
 * the validation summary, the always-loaded context against its budget, and whether opening it finished
 * a write an interrupted process left half done.
 */
public record Status(Path path, String branch, String head, String headSubject, int files, List<String> uncommitted,
                     long errors, long warnings, SystemBudget system, boolean recoveredInterruptedWrite,
                     List<dev.ctx.model.Tracking> remotes) {
    public Status {
        uncommitted = List.copyOf(uncommitted);
        remotes = List.copyOf(remotes);
    }

    /** {@code worktree}: a pooled Ctx's watch of the working tree, or null to scan it whole (a one-shot command). */
    static Status of(ContextStore store, ValidationCache validations, WorkTreeWatch worktree, TipFiles tipFiles) throws CtxException {
        boolean recovered = store.recover();
        String tip = store.git().tip();
        String subject = store.git().commitInfo(tip).subject();
        List<String> uncommitted = List.copyOf(new java.util.TreeSet<>(worktree == null ? store.git().uncommitted() : worktree.uncommitted()));
        // Only blobs the cache has not judged are read: a warm server's status costs what changed since the last
        Map<RepoPath, String> ids = tipFiles.of(store, tip);
        ValidationCache.Result checked = validations.checkRepository(store.config(), ids,
                (path, blob) -> store.git().readBlob(blob, path.value(), Long.MAX_VALUE));
        List<Finding> findings = checked.findings();
        long errors = findings.stream().filter(Finding::isError).count();
        SystemBudget budget = SystemBudgets.measure(store.config(), checked.systemTexts());
        return new Status(store.root(), store.git().branch(), tip, subject, checked.files(), uncommitted, errors,
                findings.size() - errors, budget, recovered,
                new Syncing(store, Map.of()).tracking()); // ahead/behind of each remote as last fetched (issue 15)
    }
}

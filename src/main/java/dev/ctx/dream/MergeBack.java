package dev.ctx.dream;

import dev.ctx.format.CtxConfig;
import dev.ctx.git.GitRepo;
import dev.ctx.git.PathChange;
import dev.ctx.git.Worktrees;
import dev.ctx.model.CtxException;
import dev.ctx.model.DreamOutcome;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.store.ContextStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Lands a dream on the checked-out branch through the store (write lock, journal, refusal over uncommitted
 * edits, compare-and-swap, working tree and index of the changed paths): a fast-forward when the branch has
 * not moved since the dream began, else a merge commit of the two when they merge cleanly and the result
 * still passes the checks; a conflict otherwise, with the branch kept.
 */
final class MergeBack {
    private MergeBack() {
    }

    static DreamOutcome land(ContextStore store, String id, String dreamTip, CtxConfig config, Provenance who) throws CtxException {
        GitRepo git = store.git();
        String[] how = {null};
        List<String> clash = new ArrayList<>();
        String branch = DreamFiles.branchRef(id).substring("refs/heads/".length());
        try {
            var r = store.land("dream", tip -> {
                if (git.isAncestor(dreamTip, tip)) {
                    return null;
                }
                if (git.isAncestor(tip, dreamTip)) {
                    how[0] = "fast-forward";
                    return new ContextStore.Landed(dreamTip, paths(git, tip, dreamTip), "dream " + id + ": fast-forward");
                }
                Worktrees.TreeMerge m = Worktrees.mergeTrees(git, tip, dreamTip);
                if (!m.clean()) {
                    clash.clear();
                    clash.addAll(m.conflicts());
                    throw CtxException.conflict("the branch moved since dream " + id + " began and does not merge with it (" + String.join(", ", m.conflicts()) + ")");
                }
                String subject = "dream(" + id + "): merge its passes with " + git.branch() + "'s new commits";
                String msg = Repo.message(subject, "The branch moved while the dream ran; both sides are kept.", id, null, "dream-merge", who);
                String commit = Worktrees.commitTree(git, m.tree(), List.of(tip, dreamTip), store.author(who), store.committer(), msg);
                List<Checks.Problem> problems = Run.check(git, tip, commit, config);
                if (!problems.isEmpty()) {
                    clash.clear();
                    if (problems.get(0).path() != null) {
                        clash.add(problems.get(0).path().value());
                    }
                    throw CtxException.conflict("merged with the branch's new commits, dream " + id + " would break a check: " + problems.get(0));
                }
                how[0] = "merge-commit";
                return new ContextStore.Landed(commit, paths(git, tip, commit), subject);
            });
            if (r.commit() == null) {
                return new DreamOutcome.Merged(id, "already-merged", git.tip());
            }
            return new DreamOutcome.Merged(id, how[0], r.commit());
        } catch (CtxException e) {
            if (e.problem() == Problem.CONFLICT) {
                return new DreamOutcome.Conflict(id, branch, clash.isEmpty() ? List.of(e.getMessage()) : clash);
            }
            throw e;
        }
    }

    private static List<String> paths(GitRepo git, String from, String to) throws CtxException {
        List<String> out = new ArrayList<>();
        for (PathChange c : git.diff(from, to)) {
            if (c.type() == PathChange.Type.RENAME) {
                out.add(c.oldPath());
            }
            out.add(c.type() == PathChange.Type.DELETE ? c.oldPath() : c.path());
        }
        return out.stream().distinct().toList();
    }
}

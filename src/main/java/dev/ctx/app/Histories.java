package dev.ctx.app;

import dev.ctx.history.History;
import dev.ctx.history.Review;
import dev.ctx.history.ReviewMarkdown;
import dev.ctx.history.Rollback;
import dev.ctx.model.BlameEntry;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileDiff;
import dev.ctx.model.LogQuery;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.ReviewReport;
import java.time.Clock;
import java.util.List;

/** The history use cases of {@link Ctx}: log, show-commit, blame, diff, review and the rollbacks. */
final class Histories {
    private final History history;

    Histories(History history) {
        this.history = history;
    }

    List<MemoryCommit> log(LogQuery query) throws CtxException {
        return history.log(query);
    }

    CommitChanges showCommit(String rev) throws CtxException {
        MemoryCommit c = history.commit(history.resolve(rev));
        return new CommitChanges(c, history.show(c.id()));
    }

    List<BlameEntry> blame(RepoPath path, String at) throws CtxException {
        return history.blame(path, at);
    }

    boolean isRevision(String text) {
        try {
            history.resolve(text);
            return true;
        } catch (CtxException e) {
            return false;
        }
    }

    Diff diff(String rev, String path) throws CtxException {
        if (rev == null) {
            return new Diff(null, null, history.diffWorkTree(path));
        }
        if (rev.contains("...")) {
            throw new CtxException(Problem.USAGE, "'" + rev + "': use two dots (A..B)");
        }
        int dots = rev.indexOf("..");
        String from = history.resolve(dots < 0 ? rev : rev.substring(0, dots));
        String to = dots < 0 || rev.substring(dots + 2).isEmpty() ? history.tip() : history.resolve(rev.substring(dots + 2));
        List<FileDiff> diffs = history.diffCommits(from, to, path);
        return new Diff(from, to, diffs);
    }

    ReviewResult review(String range, double threshold) throws CtxException {
        Review review = new Review(history);
        ReviewReport r = review.review(range != null ? range : review.defaultRange(), threshold);
        return new ReviewResult(r, ReviewMarkdown.render(r));
    }

    RollbackResult revert(RevertTarget target, Provenance who, boolean force, boolean dryRun) throws CtxException {
        Rollback.Selection s;
        if (target instanceof RevertTarget.Commits c) {
            s = new Rollback.Commits(c.revs());
        } else if (target instanceof RevertTarget.Session se) {
            s = new Rollback.Session(se.id(), se.since());
        } else if (target instanceof RevertTarget.Agent a) {
            s = new Rollback.Agent(a.name(), a.since());
        } else {
            s = new Rollback.Dream(((RevertTarget.Dream) target).id());
        }
        return RollbackResult.of(new Rollback(history).revert(s, who, force, dryRun));
    }

    RollbackResult undo(Provenance who, boolean force, boolean dryRun) throws CtxException {
        return RollbackResult.of(new Rollback(history).undo(who, force, dryRun));
    }

    RollbackResult restore(RepoPath path, String at, Provenance who, Clock clock, boolean dryRun) throws CtxException {
        return RollbackResult.of(new Rollback(history).restore(path, at, who, clock, dryRun));
    }
}

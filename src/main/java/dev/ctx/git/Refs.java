package dev.ctx.git;

import dev.ctx.model.CtxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * Refs other than the checked-out branch (remote-tracking refs, sync's staging refs, backups) and the
 * history questions integration asks: the merge base, and the local commits a remote has not seen.
 */
public final class Refs {
    /** Where a fetch puts what it brought, before sync accepts it: {@code refs/ctx/sync/<remote>/<branch>}. */
    public static final String SYNC_PREFIX = "refs/ctx/sync/";

    private final GitRepo git;

    public Refs(GitRepo git) {
        this.git = git;
    }

    /** The commit {@code ref} points at, or null when it does not exist. */
    public String get(String ref) throws CtxException {
        try {
            Ref r = repo().exactRef(ref);
            return r == null || r.getObjectId() == null ? null : r.getObjectId().name();
        } catch (IOException e) {
            throw GitRepo.io("read " + ref, e);
        }
    }

    /** Points {@code ref} at {@code id} whatever it held: only for refs ctx owns (tracking and backup refs). */
    public void set(String ref, String id, String reflog) throws CtxException {
        try {
            RefUpdate u = repo().updateRef(ref);
            u.setNewObjectId(ObjectId.fromString(id));
            u.setForceUpdate(true);
            u.setRefLogMessage(reflog, false);
            RefUpdate.Result r = u.update();
            if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE && r != RefUpdate.Result.FAST_FORWARD) {
                throw new CtxException(dev.ctx.model.Problem.IO, "cannot write " + ref + " (" + r + "); run 'git fsck' and retry");
            }
        } catch (IOException e) {
            throw GitRepo.io("write " + ref, e);
        }
    }

    /**
     * Moves {@code ref} from {@code expected} to {@code next} even when {@code next} does not descend from it
     * (integration re-applies local commits, so the new tip is a rewrite of the local line), but only while the
     * ref still holds {@code expected}: a compare-and-swap, never a blind overwrite. Returns MOVED when it did not.
     */
    public CasResult rewrite(String ref, String expected, String next, String reflog) throws CtxException {
        try {
            RefUpdate u = repo().updateRef(ref);
            u.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : ObjectId.fromString(expected));
            u.setNewObjectId(ObjectId.fromString(next));
            u.setForceUpdate(true);
            u.setRefLogMessage(reflog, false);
            RefUpdate.Result r = u.update();
            return switch (r) {
                case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> CasResult.UPDATED;
                case LOCK_FAILURE -> CasResult.MOVED;
                default -> throw new CtxException(dev.ctx.model.Problem.IO, "git refused to move " + ref + " (" + r + "); run 'git fsck' and retry");
            };
        } catch (IOException e) {
            throw GitRepo.io("update " + ref, e);
        }
    }

    public void delete(String ref) throws CtxException {
        try {
            RefUpdate u = repo().updateRef(ref);
            u.setForceUpdate(true);
            u.delete();
        } catch (IOException e) {
            throw GitRepo.io("delete " + ref, e);
        }
    }

    /** Full names of the refs under {@code prefix}, sorted. */
    public List<String> names(String prefix) throws CtxException {
        try {
            List<String> out = new ArrayList<>();
            for (Ref r : repo().getRefDatabase().getRefsByPrefix(prefix)) {
                out.add(r.getName());
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw GitRepo.io("list refs", e);
        }
    }

    /** The best common ancestor of two commits, or null when their histories are unrelated. */
    public String mergeBase(String a, String b) throws CtxException {
        try (RevWalk rw = new RevWalk(repo())) {
            rw.setRevFilter(RevFilter.MERGE_BASE);
            rw.markStart(rw.parseCommit(ObjectId.fromString(a)));
            rw.markStart(rw.parseCommit(ObjectId.fromString(b)));
            RevCommit base = rw.next();
            return base == null ? null : base.getName();
        } catch (IOException e) {
            throw GitRepo.io("find the merge base", e);
        }
    }

    /**
     * The commits on {@code tip}'s first-parent line that {@code upstream} does not contain, oldest first.
     * First parents only: a merge someone made with git is re-applied as its whole change against its first
     * parent, so what it brought in is kept even when its other parent is not re-applied on its own.
     */
    public List<String> unseen(String tip, String upstream) throws CtxException {
        List<String> out = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo())) {
            RevCommit up = upstream == null ? null : rw.parseCommit(ObjectId.fromString(upstream));
            RevCommit c = rw.parseCommit(ObjectId.fromString(tip));
            while (c != null) {
                if (up != null && rw.isMergedInto(c, up)) {
                    break;
                }
                out.add(c.getName());
                rw.parseHeaders(c);
                c = c.getParentCount() == 0 ? null : rw.parseCommit(c.getParent(0));
                rw.reset();
            }
        } catch (IOException e) {
            throw GitRepo.io("walk the local history", e);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** How many commits {@code a} has that {@code b} has not (all parents counted, as git status does). */
    public int countOnlyIn(String a, String b) throws CtxException {
        if (a == null) {
            return 0;
        }
        try (RevWalk rw = new RevWalk(repo())) {
            rw.markStart(rw.parseCommit(ObjectId.fromString(a)));
            if (b != null) {
                rw.markUninteresting(rw.parseCommit(ObjectId.fromString(b)));
            }
            int n = 0;
            while (rw.next() != null) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw GitRepo.io("count commits", e);
        }
    }

    private Repository repo() {
        return git.jgit();
    }
}

package dev.ctx.git;

import dev.ctx.model.CtxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.blame.BlameResult;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.lib.BranchConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * History plumbing over one {@link GitRepo}: commit walks, per-commit diffs with rename detection, blame
 * that follows renames, merge bases and the upstream of a branch. Commit ids in and out are hex strings;
 * JGit exceptions stop here.
 */
public final class GitHistory {
    private final GitRepo git;
    private final Repository repo;

    public GitHistory(GitRepo git) {
        this.git = git;
        this.repo = git.jgit();
    }

    public GitRepo repo() {
        return git;
    }

    /**
     * Commits reachable from {@code include} but not from {@code exclude} (null: none excluded), newest
     * first in topological order, so a commit always comes before its parents.
     */
    public List<CommitInfo> walk(String include, String exclude) throws CtxException {
        List<CommitInfo> out = new ArrayList<>();
        if (include == null) {
            return out;
        }
        try (RevWalk rw = new RevWalk(repo)) {
            rw.sort(RevSort.TOPO, true);
            rw.sort(RevSort.COMMIT_TIME_DESC, true);
            rw.markStart(rw.parseCommit(ObjectId.fromString(include)));
            if (exclude != null) {
                rw.markUninteresting(rw.parseCommit(ObjectId.fromString(exclude)));
            }
            for (RevCommit c : rw) {
                out.add(GitRepo.info(c));
            }
            return out;
        } catch (IOException e) {
            throw GitRepo.io("walk history", e);
        }
    }

    /** What {@code commit} changed against its first parent (everything added for a root commit), renames detected. */
    public List<PathChange> changes(String commit) throws CtxException {
        CommitInfo c = git.commitInfo(commit);
        return diff(c.parents().isEmpty() ? null : c.parents().get(0), commit, true);
    }

    /** Paths that differ between two commits ({@code from} null: the empty tree), optionally with rename detection. */
    public List<PathChange> diff(String from, String to, boolean renames) throws CtxException {
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            if (from == null) {
                tw.addTree(new EmptyTreeIterator());
            } else {
                tw.addTree(rw.parseCommit(ObjectId.fromString(from)).getTree());
            }
            tw.addTree(rw.parseCommit(ObjectId.fromString(to)).getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            List<DiffEntry> entries = DiffEntry.scan(tw);
            if (renames) {
                RenameDetector rd = new RenameDetector(repo);
                rd.addAll(entries);
                entries = rd.compute();
            }
            List<PathChange> out = new ArrayList<>();
            for (DiffEntry d : entries) {
                PathChange.Type t = switch (d.getChangeType()) {
                    case ADD, COPY -> PathChange.Type.ADD;
                    case DELETE -> PathChange.Type.DELETE;
                    case RENAME -> PathChange.Type.RENAME;
                    case MODIFY -> PathChange.Type.MODIFY;
                };
                String oldPath = d.getChangeType() == DiffEntry.ChangeType.COPY || t == PathChange.Type.ADD ? null : d.getOldPath();
                String newPath = t == PathChange.Type.DELETE ? d.getOldPath() : d.getNewPath();
                String oldBlob = t == PathChange.Type.ADD ? null : d.getOldId().name();
                String newBlob = t == PathChange.Type.DELETE ? null : d.getNewId().name();
                out.add(new PathChange(t, oldPath, newPath, oldBlob, newBlob));
            }
            return out;
        } catch (IOException e) {
            throw GitRepo.io("diff commits", e);
        }
    }

    /**
     * Per line of {@code path} at {@code commit}, the commit that last changed it, following renames.
     * Returns null when the path is not a file at that commit.
     */
    public List<BlameLine> blame(String commit, String path) throws CtxException {
        if (git.blobId(commit, path) == null) {
            return null;
        }
        try (Git g = Git.wrap(repo)) {
            BlameResult r = g.blame().setStartCommit(ObjectId.fromString(commit)).setFilePath(path).setFollowFileRenames(true).call();
            if (r == null) {
                return null;
            }
            RawText text = r.getResultContents();
            List<BlameLine> out = new ArrayList<>();
            for (int i = 0; i < text.size(); i++) {
                RevCommit src = r.getSourceCommit(i);
                out.add(new BlameLine(i + 1, src == null ? null : src.getName(), r.getSourcePath(i), r.getSourceLine(i) + 1, text.getString(i)));
            }
            return out;
        } catch (GitAPIException | JGitInternalException e) {
            throw GitRepo.io("blame " + path, e);
        }
    }

    /** The best common ancestor of two commits, or null when they share no history. */
    public String mergeBase(String a, String b) throws CtxException {
        try (RevWalk rw = new RevWalk(repo)) {
            rw.setRevFilter(RevFilter.MERGE_BASE);
            rw.markStart(rw.parseCommit(ObjectId.fromString(a)));
            rw.markStart(rw.parseCommit(ObjectId.fromString(b)));
            RevCommit base = rw.next();
            return base == null ? null : base.getName();
        } catch (IOException e) {
            throw GitRepo.io("find the merge base", e);
        }
    }

    /** The commit the current branch's upstream (branch.NAME.merge/remote) points at, or null when it has none. */
    public String upstream() throws CtxException {
        String branch = git.branch();
        String tracking = new BranchConfig(repo.getConfig(), branch).getTrackingBranch();
        if (tracking == null) {
            return null;
        }
        try {
            Ref r = repo.exactRef(tracking);
            return r == null || r.getObjectId() == null ? null : r.getObjectId().name();
        } catch (IOException e) {
            throw GitRepo.io("read " + tracking, e);
        }
    }

    /** The upstream's short name (e.g. origin/main), or null. */
    public String upstreamName() throws CtxException {
        String tracking = new BranchConfig(repo.getConfig(), git.branch()).getTrackingBranch();
        return tracking == null ? null : Repository.shortenRefName(tracking);
    }
}

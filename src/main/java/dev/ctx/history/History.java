package dev.ctx.history;

import dev.ctx.git.BlameLine;
import dev.ctx.git.CommitInfo;
import dev.ctx.git.GitHistory;
import dev.ctx.git.GitRepo;
import dev.ctx.git.PathChange;
import dev.ctx.model.BlameEntry;
import dev.ctx.model.ChangeStatus;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileChange;
import dev.ctx.model.FileContent;
import dev.ctx.model.FileDiff;
import dev.ctx.model.LogQuery;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import dev.ctx.store.CommitMessage;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Git history in memory terms over one context repository: log queries, what a commit changed, diffs of
 * memory files, blame, and the revision and time arithmetic the rollback and review commands share.
 */
public final class History {
    /** Trailer naming a commit a rollback undid, one per commit. */
    public static final String REVERTS = "Ctx-Reverts";
    /** Trailer of a restore: the commit the file was brought back from. */
    public static final String RESTORED_FROM = "Ctx-Restored-From";
    public static final String DREAM = "Ctx-Dream";
    private static final long MAX_TEXT = 16L * 1024 * 1024;

    private final ContextStore store;
    private final GitRepo git;
    private final GitHistory gh;
    private final Map<String, MemoryCommit> cache = new HashMap<>();

    public History(ContextStore store) {
        this.store = store;
        this.git = store.git();
        this.gh = new GitHistory(git);
    }

    public ContextStore store() {
        return store;
    }

    GitHistory gitHistory() {
        return gh;
    }

    /** The branch tip. */
    public String tip() throws CtxException {
        String t = git.tip();
        if (t == null) {
            throw new CtxException(Problem.REPOSITORY, "the branch has no commits yet; run 'ctx init'");
        }
        return t;
    }

    /** Resolves a revision to a full commit id, with a one-line NOT_FOUND error naming it. */
    public String resolve(String rev) throws CtxException {
        return git.resolve(rev);
    }

    /** One commit in memory terms (its files against its first parent, renames detected). */
    public MemoryCommit commit(String id) throws CtxException {
        MemoryCommit c = cache.get(id);
        if (c == null) {
            c = memory(git.commitInfo(id));
        }
        return c;
    }

    private MemoryCommit toMemory(CommitInfo i, boolean withFiles) throws CtxException {
        List<FileChange> files = new ArrayList<>();
        for (PathChange p : withFiles ? gh.diff(i.parents().isEmpty() ? null : i.parents().get(0), i.id(), true) : List.<PathChange>of()) {
            files.add(new FileChange(status(p.type()), p.path(), p.type() == PathChange.Type.RENAME ? p.oldPath() : null));
        }
        String op = i.trailer(CommitMessage.OP);
        String agent = i.trailer(CommitMessage.AGENT);
        if (op == null) {
            agent = agent != null ? agent : i.authorName();
            op = i.parents().size() > 1 ? "merge" : "commit";
        }
        List<String> reverts = i.trailers().getOrDefault(REVERTS, List.of());
        return new MemoryCommit(i.id(), i.parents(), i.authorTime(), i.authorName(), op, agent, i.trailer(CommitMessage.SESSION),
                i.trailer(CommitMessage.REASON), i.trailer(DREAM), i.subject(), reverts, files);
    }

    static ChangeStatus status(PathChange.Type t) {
        return switch (t) {
            case ADD -> ChangeStatus.ADDED;
            case MODIFY -> ChangeStatus.MODIFIED;
            case DELETE -> ChangeStatus.DELETED;
            case RENAME -> ChangeStatus.RENAMED;
        };
    }

    /** Commits reachable from {@code head} and not from {@code exclude} (null: all), newest first. */
    public List<MemoryCommit> commits(String head, String exclude) throws CtxException {
        List<MemoryCommit> out = new ArrayList<>();
        for (CommitInfo i : gh.walk(head, exclude)) {
            out.add(memory(i));
        }
        return out;
    }

    /**
     * The commits of the branch matching {@code q}, newest first. A path filter follows the file back
     * through renames, and leaves merge commits out (the commits they bring in are listed themselves), except a
     * ctx operation's own (an import adopting a memory repository's history), whose writes are its own.
     * A path that no commit ever touched is NOT_FOUND.
     */
    public List<MemoryCommit> log(LogQuery q) throws CtxException {
        List<MemoryCommit> out = new ArrayList<>();
        Set<String> renamedFrom = new HashSet<>();
        boolean pathSeen = q.path() == null;
        for (CommitInfo i : gh.walk(tip(), null)) {
            // Without a path, filter on the message first: the file diff is computed only for commits shown.
            if (q.path() == null && !matches(q, light(i))) {
                continue;
            }
            MemoryCommit c = memory(i);
            if (q.path() != null) {
                // A merge's changes are its side's commits, listed themselves; but an import that adopted another
                // repository's history is a merge whose own writes (against the first parent) are the file's history.
                if ((c.isMerge() && !"import".equals(c.op())) || !touches(q, renamedFrom, c)) {
                    continue;
                }
                pathSeen = true;
                if (!matches(q, c)) {
                    continue;
                }
            }
            out.add(c);
            if (q.max() > 0 && out.size() >= q.max()) {
                break;
            }
        }
        if (!pathSeen) {
            throw CtxException.notFound(q.path() + " was never tracked on branch " + git.branch() + "; see 'ctx list' for the files it holds");
        }
        return out;
    }

    private MemoryCommit memory(CommitInfo i) throws CtxException {
        MemoryCommit c = cache.get(i.id());
        if (c == null) {
            c = toMemory(i, true);
            cache.put(i.id(), c);
        }
        return c;
    }

    private MemoryCommit light(CommitInfo i) throws CtxException {
        MemoryCommit c = cache.get(i.id());
        return c != null ? c : toMemory(i, false);
    }

    private static boolean touches(LogQuery q, Set<String> renamedFrom, MemoryCommit c) {
        boolean hit = false;
        for (FileChange f : c.files()) {
            boolean mine = q.matchesPath(f.path()) || renamedFrom.contains(f.path());
            if (mine) {
                hit = true;
                if (f.status() == ChangeStatus.RENAMED) {
                    renamedFrom.add(f.oldPath());
                }
            }
        }
        return hit;
    }

    private static boolean matches(LogQuery q, MemoryCommit c) {
        return (q.agent() == null || q.agent().equals(c.agent()))
                && (q.session() == null || q.session().equals(c.session()))
                && (q.op() == null || q.op().equalsIgnoreCase(c.op()))
                && (q.since() == null || !c.time().isBefore(q.since()))
                && (q.until() == null || !c.time().isAfter(q.until()))
                && (q.grep() == null || q.grep().matcher(c.subject() + "\n" + (c.reason() == null ? "" : c.reason())).find());
    }

    /** What one commit changed, file by file in memory terms (merges: against their first parent). */
    public List<FileDiff> show(String rev) throws CtxException {
        MemoryCommit c = commit(resolve(rev));
        String parent = c.parents().isEmpty() ? null : c.parents().get(0);
        return diffCommits(parent, c.id(), null);
    }

    /** Memory diffs between two commits ({@code from} null: the empty tree), optionally limited to a path or folder. */
    public List<FileDiff> diffCommits(String from, String to, String path) throws CtxException {
        LogQuery filter = LogQuery.all().withPath(path);
        List<FileDiff> out = new ArrayList<>();
        for (PathChange p : gh.diff(from, to, true)) {
            if (path != null && !filter.matchesPath(p.path()) && !filter.matchesPath(p.oldPath())) {
                continue;
            }
            String before = p.oldBlob() == null ? null : blobText(p.oldBlob(), p.oldPath() != null ? p.oldPath() : p.path());
            String after = p.newBlob() == null ? null : blobText(p.newBlob(), p.path());
            out.add(FileDiffs.of(status(p.type()), p.oldPath(), p.path(), before, after));
        }
        return out;
    }

    /**
     * Uncommitted edits: the working tree against the branch tip, for every path {@code git status} lists
     * (a file deleted and another created with the same text count as a rename).
     */
    public List<FileDiff> diffWorkTree(String path) throws CtxException {
        String tip = tip();
        LogQuery filter = LogQuery.all().withPath(path);
        Map<String, String> deleted = new HashMap<>();
        List<FileDiff> out = new ArrayList<>();
        List<String[]> added = new ArrayList<>();
        for (String p : new LinkedHashSet<>(git.uncommitted())) {
            if (path != null && !filter.matchesPath(p)) {
                continue;
            }
            String before = text(tip, p);
            byte[] now = git.readWorkTree(p);
            String after = now == null ? null : decodeOrNote(now, p);
            if (before == null && after == null) {
                continue;
            }
            if (after == null) {
                deleted.put(p, before);
            } else if (before == null) {
                added.add(new String[] {p, after});
            } else if (!before.equals(after)) {
                out.add(FileDiffs.of(ChangeStatus.MODIFIED, null, p, before, after));
            }
        }
        for (String[] a : added) {
            String from = deleted.entrySet().stream().filter(e -> e.getValue().equals(a[1])).map(Map.Entry::getKey).findFirst().orElse(null);
            if (from != null) {
                deleted.remove(from);
                out.add(FileDiffs.of(ChangeStatus.RENAMED, from, a[0], a[1], a[1]));
            } else {
                out.add(FileDiffs.of(ChangeStatus.ADDED, null, a[0], null, a[1]));
            }
        }
        deleted.forEach((p, t) -> out.add(FileDiffs.of(ChangeStatus.DELETED, null, p, t, null)));
        out.sort((x, y) -> x.path().compareTo(y.path()));
        return out;
    }

    /**
     * Per line of {@code path} at {@code rev} (null: the tip), the commit, agent, session and time that
     * taught it. A path absent there is NOT_FOUND, with a hint when it existed earlier.
     */
    public List<BlameEntry> blame(RepoPath path, String rev) throws CtxException {
        String at = rev == null ? tip() : resolve(rev);
        List<BlameLine> lines = gh.blame(at, path.value());
        if (lines == null) {
            String hint = "";
            for (MemoryCommit c : commits(at, null)) {
                for (FileChange f : c.files()) {
                    if (f.status() == ChangeStatus.DELETED && f.path().equals(path.value())
                            || f.status() == ChangeStatus.RENAMED && path.value().equals(f.oldPath())) {
                        hint = "; it was " + (f.status() == ChangeStatus.DELETED ? "deleted" : "moved to " + f.path()) + " by " + c.shortId()
                                + " (blame an earlier state with --at " + c.shortId() + "~1)";
                        break;
                    }
                }
                if (!hint.isEmpty()) {
                    break;
                }
            }
            String where = rev == null ? "on branch " + git.branch() : "at " + rev;
            throw CtxException.notFound(path + " does not exist " + where + (hint.isEmpty() ? "; see 'ctx list'" : hint));
        }
        List<BlameEntry> out = new ArrayList<>();
        Map<String, List<BlameLine>> earlier = new HashMap<>();
        for (BlameLine line : lines) {
            BlameLine l = throughReverts(line, earlier);
            MemoryCommit c = l.commit() == null ? null : commit(l.commit());
            out.add(new BlameEntry(l.line(), l.text(), l.commit(), c == null ? null : c.agent(), c == null ? null : c.session(),
                    c == null ? null : c.op(), c == null ? null : c.time(), l.sourcePath()));
        }
        return out;
    }

    /**
     * A line a revert (or restore) brought back was taught by whoever wrote it first, not by the reverting
     * agent: when the blamed commit undid others ({@code Ctx-Reverts}), the same text is looked up as it was
     * just before the oldest commit undone, and blamed there; again if that too was a revert.
     */
    private BlameLine throughReverts(BlameLine l, Map<String, List<BlameLine>> cache) throws CtxException {
        for (int hops = 0; hops < 8 && l.commit() != null; hops++) {
            List<String> undone = commit(l.commit()).reverts();
            if (undone.isEmpty()) {
                return l;
            }
            BlameLine found = null;
            for (String r : undone) {
                List<String> parents = commit(resolve(r)).parents();
                if (parents.isEmpty()) {
                    continue;
                }
                String before = parents.get(0);
                String path = l.sourcePath();
                List<BlameLine> then = cache.computeIfAbsent(before + ":" + path, k -> blameOrEmpty(before, path));
                for (BlameLine b : then) {
                    if (b.text().equals(l.text()) && (found == null || Math.abs(b.line() - l.sourceLine()) < Math.abs(found.line() - l.sourceLine()))) {
                        found = b;
                    }
                }
            }
            if (found == null || found.commit() == null) {
                return l;
            }
            l = new BlameLine(l.line(), found.commit(), found.sourcePath(), found.sourceLine(), l.text());
        }
        return l;
    }

    private List<BlameLine> blameOrEmpty(String commit, String path) {
        try {
            List<BlameLine> b = gh.blame(commit, path);
            return b == null ? List.of() : b;
        } catch (CtxException e) {
            return List.of();
        }
    }

    /** The newest commit of the branch's first-parent line made at or before {@code when}; NOT_FOUND before the first commit. */
    public String atOrBefore(Instant when, String whenText) throws CtxException {
        String c = tip();
        Instant first = null;
        while (c != null) {
            CommitInfo i = git.commitInfo(c);
            if (!i.commitTime().isAfter(when)) {
                return c;
            }
            first = i.commitTime();
            c = i.parents().isEmpty() ? null : i.parents().get(0);
        }
        throw CtxException.notFound(whenText + " is before the first commit of branch " + git.branch() + " (" + first + "); give a later time");
    }

    /** The text of {@code path} at {@code commit}, or null when absent. */
    public String text(String commit, String path) throws CtxException {
        byte[] b = git.read(commit, path, MAX_TEXT);
        return b == null ? null : decodeOrNote(b, path);
    }

    /**
     * The bytes and mode of {@code path} at {@code commit} (null when absent), nothing decoded: how rollback reads a
     * skill's files, whose images and scripts must come back byte for byte with their executable bit.
     */
    FileContent fileAt(String commit, String path) throws CtxException {
        byte[] b = git.read(commit, path, MAX_TEXT);
        return b == null ? null : new FileContent(b, git.isExecutable(commit, path));
    }

    /**
     * The text of {@code path} at {@code commit} for writing back (null when absent): refuses content that
     * is not UTF-8 text, which rollback cannot merge and must never replace with a placeholder.
     */
    String textToWrite(String commit, String path) throws CtxException {
        byte[] b = git.read(commit, path, MAX_TEXT);
        if (b == null) {
            return null;
        }
        try {
            return Text.decode(b, path);
        } catch (CtxException e) {
            throw CtxException.refused(path + " at " + commit.substring(0, 10) + " is not UTF-8 text; ctx rolls back text only (use 'git revert' for it); nothing was changed");
        }
    }

    private String blobText(String blob, String path) throws CtxException {
        return decodeOrNote(git.readBlob(blob, path, MAX_TEXT), path);
    }

    private static String decodeOrNote(byte[] b, String path) {
        try {
            return Text.decode(b, path);
        } catch (CtxException e) {
            return "(binary or non-UTF-8 content, " + b.length + " bytes)\n";
        }
    }

    /** A range for review or revert: {@code A..B}, {@code A..} (to the tip), or one revision meaning {@code REV..tip}. */
    public record Range(String base, String head, String spec) {
    }

    /**
     * Parses a range. A reversed range (B an ancestor of A, not equal) is NOT_FOUND with the range the
     * user probably meant.
     */
    public Range range(String spec) throws CtxException {
        int dots = spec.indexOf("..");
        if (dots >= 0 && spec.indexOf("...") >= 0) {
            throw new CtxException(Problem.USAGE, "'" + spec + "': use two dots (BASE..HEAD); ctx compares HEAD with the merge base of both anyway");
        }
        String a = dots < 0 ? spec : spec.substring(0, dots);
        String b = dots < 0 ? "HEAD" : spec.substring(dots + 2);
        if (a.isEmpty()) {
            throw new CtxException(Problem.USAGE, "'" + spec + "' has no base; give BASE..HEAD");
        }
        String base = resolve(a);
        String head = b.isEmpty() ? tip() : resolve(b);
        if (!base.equals(head) && git.isAncestor(head, base)) {
            throw CtxException.notFound("range " + spec + " is reversed: " + (b.isEmpty() ? "HEAD" : b) + " is an ancestor of " + a
                    + ", so it holds no commits; did you mean " + (b.isEmpty() ? "HEAD" : b) + ".." + a + "?");
        }
        return new Range(base, head, spec);
    }

    /** Which commits on the branch were undone by a revert commit that is itself still in effect, mapped to that revert. */
    public Map<String, String> revertedOnBranch() throws CtxException {
        Map<String, String> by = new HashMap<>();
        List<CommitInfo> reverts = new ArrayList<>();
        for (CommitInfo i : gh.walk(tip(), null)) {
            if ("revert".equals(i.trailer(CommitMessage.OP))) {
                reverts.add(i);
            }
        }
        Set<String> revertedReverts = new HashSet<>();
        reverts.forEach(i -> revertedReverts.addAll(i.trailers().getOrDefault(REVERTS, List.of())));
        for (CommitInfo i : reverts) {
            if (!revertedReverts.contains(i.id())) {
                for (String r : i.trailers().getOrDefault(REVERTS, List.of())) {
                    by.putIfAbsent(r, i.id());
                }
            }
        }
        return by;
    }
}

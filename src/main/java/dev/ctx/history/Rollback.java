package dev.ctx.history;

import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.LogQuery;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.TimeSpec;
import dev.ctx.model.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rollback of learned memory, always as new commits through the store (lock, compare-and-swap, validation,
 * trailers), never by rewriting history: revert commits, a range, a session, an agent or a dream; restore
 * one file; undo an agent's last commit.
 */
public final class Rollback {
    private final History history;
    private final RevertPlanner planner;

    public Rollback(History history) {
        this.history = history;
        this.planner = new RevertPlanner(history);
    }

    /** What to undo. */
    public sealed interface Selection permits Commits, Session, Agent, Dream {
    }

    /** Revisions and ranges ({@code A..B}); a merge commit is undone against its first parent. */
    public record Commits(List<String> revs) implements Selection {
        public Commits {
            revs = List.copyOf(revs);
        }
    }

    /** Everything one session taught (since a time, when given). */
    public record Session(String id, Instant since) implements Selection {
    }

    /** Everything one agent taught (since a time, when given). */
    public record Agent(String name, Instant since) implements Selection {
    }

    /** Every pass of one dream (commits with {@code Ctx-Dream: ID}). */
    public record Dream(String id) implements Selection {
    }

    /** A later commit by someone else that built on what is being undone (the same lines of a file). */
    public record Conflict(String path, MemoryCommit undoing, List<MemoryCommit> later, String why) {
        public Conflict {
            later = List.copyOf(later);
        }

        CtxException toException(int more) {
            String by = later.isEmpty() ? "by a later commit" : "by " + later.get(0).shortId() + " (" + later.get(0).who() + ": " + later.get(0).subject() + ")";
            return CtxException.conflict("cannot undo " + undoing.shortId() + " (" + undoing.subject() + ") cleanly: " + path + " " + why + " " + by
                    + (more > 0 ? " (and " + more + " more conflicts)" : "") + "; nothing was changed. Add --force to undo it anyway (the later change to "
                    + "those lines is undone too), or include " + (later.isEmpty() ? "that commit" : later.get(0).shortId()) + " in the revert");
        }
    }

    /**
     * The files a revert would write as text (empty: delete), those under {@code skills/NAME/} it writes as bytes
     * with their mode (an image, a script that must stay executable), and the conflicts it met.
     */
    public record Plan(Map<RepoPath, Optional<String>> files, Map<RepoPath, FileContent> contents, List<Conflict> conflicts) {
        public Plan {
            files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
            contents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(contents));
            conflicts = List.copyOf(conflicts);
        }

        public Plan(Map<RepoPath, Optional<String>> files, List<Conflict> conflicts) {
            this(files, Map.of(), conflicts);
        }

        /** Every path the plan writes or deletes, text and bytes alike. */
        public List<RepoPath> paths() {
            List<RepoPath> out = new ArrayList<>(files.keySet());
            out.addAll(contents.keySet());
            return out;
        }
    }

    /**
     * What a rollback did or, for a dry run, would do: the commit ({@code write} null on a dry run), the
     * commits undone, those skipped because an earlier revert already undid them (mapped to that revert),
     * and the conflicts (overridden with --force, or reported by a dry run).
     */
    public record Outcome(WriteResult write, List<MemoryCommit> undone, Map<String, String> alreadyReverted, Plan plan) {
        public Outcome {
            undone = List.copyOf(undone);
            alreadyReverted = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alreadyReverted));
        }
    }

    // ---- selection ----

    /** The commits a selection names, newest first. Nothing selected is NOT_FOUND, with nothing changed. */
    public List<MemoryCommit> select(Selection s) throws CtxException {
        String tip = history.tip();
        String branch = history.store().git().branch();
        List<MemoryCommit> all = history.commits(tip, null);
        List<MemoryCommit> out = new ArrayList<>();
        if (s instanceof Commits c) {
            Set<String> ids = new LinkedHashSet<>();
            for (String rev : c.revs()) {
                ids.addAll(commitsOf(rev, tip, branch));
            }
            for (MemoryCommit m : all) {
                if (ids.contains(m.id())) {
                    out.add(m);
                }
            }
            return out;
        }
        Match match;
        Instant since = null;
        String who;
        if (s instanceof Session ss) {
            match = m -> ss.id().equals(m.session());
            since = ss.since();
            who = "session '" + ss.id() + "'";
        } else if (s instanceof Agent a) {
            match = m -> a.name().equals(m.agent());
            since = a.since();
            who = "agent '" + a.name() + "'";
        } else {
            Dream d = (Dream) s;
            match = m -> d.id().equals(m.dream());
            who = "dream '" + d.id() + "'";
        }
        byTrailer(all, out, match, since);
        nothing(out, all, match, since, who, branch);
        return out;
    }

    private interface Match {
        boolean test(MemoryCommit m);
    }

    private static void byTrailer(List<MemoryCommit> all, List<MemoryCommit> out, Match match, Instant since) {
        for (MemoryCommit m : all) {
            if (!m.isMerge() && !m.parents().isEmpty() && match.test(m) && (since == null || !m.time().isBefore(since))) {
                out.add(m);
            }
        }
    }

    private static void nothing(List<MemoryCommit> out, List<MemoryCommit> all, Match match, Instant since, String who, String branch)
            throws CtxException {
        if (!out.isEmpty()) {
            return;
        }
        if (since != null) {
            for (MemoryCommit m : all) {
                if (!m.isMerge() && match.test(m)) {
                    throw CtxException.notFound(who + " taught nothing since " + since + " on branch " + branch + " (its last commit "
                            + m.shortId() + " is from " + m.time() + "); nothing was changed");
                }
            }
        }
        throw CtxException.notFound(who + " taught nothing on branch " + branch + " (no commit carries it); see 'ctx log'; nothing was changed");
    }

    private List<String> commitsOf(String rev, String tip, String branch) throws CtxException {
        List<String> ids = new ArrayList<>();
        if (rev.contains("..")) {
            History.Range r = history.range(rev);
            for (MemoryCommit m : history.commits(r.head(), r.base())) {
                if (!m.isMerge()) {
                    ids.add(m.id());
                }
            }
            if (ids.isEmpty()) {
                throw CtxException.notFound("range " + rev + " holds no commits to revert; nothing was changed");
            }
            if (!history.store().git().isAncestor(r.head(), tip)) {
                throw CtxException.notFound("range " + rev + " is not on branch " + branch + "; nothing was changed");
            }
            return ids;
        }
        String id = history.resolve(rev);
        if (!history.store().git().isAncestor(id, tip)) {
            throw CtxException.notFound("commit " + rev + " is not on branch " + branch + "; nothing was changed");
        }
        if (history.commit(id).parents().isEmpty()) {
            throw CtxException.refused(rev + " is the first commit of the repository (it created it) and cannot be reverted; nothing was changed");
        }
        ids.add(id);
        return ids;
    }

    // ---- the use cases ----

    /** Undoes the selection as one commit (or only plans it, with {@code dryRun}). */
    public Outcome revert(Selection s, Provenance who, boolean force, boolean dryRun) throws CtxException {
        return run(select(s), describe(s), who, force, dryRun);
    }

    /**
     * Reverts the newest commit on the branch made by {@code who}'s session (or, without one, its agent)
     * that no revert has undone yet; revert commits are skipped, so repeated undo steps further back.
     */
    public Outcome undo(Provenance who, boolean force, boolean dryRun) throws CtxException {
        if (who.agent() == null && who.session() == null) {
            throw new CtxException(Problem.USAGE, "undo needs to know whose work to undo: give --agent or --session (or set CTX_AGENT / CTX_SESSION)");
        }
        Map<String, String> reverted = history.revertedOnBranch();
        for (MemoryCommit m : history.commits(history.tip(), null)) {
            if (m.isMerge() || m.parents().isEmpty() || "revert".equals(m.op()) || reverted.containsKey(m.id())) {
                continue;
            }
            if ((who.session() == null || who.session().equals(m.session())) && (who.agent() == null || who.agent().equals(m.agent()))) {
                return run(List.of(m), "undo " + m.shortId() + " " + m.subject(), who, force, dryRun);
            }
        }
        String whose = who.session() != null ? "session '" + who.session() + "'" : "agent '" + who.agent() + "'";
        throw CtxException.notFound(whose + " has no commit left to undo on branch " + history.store().git().branch() + "; see 'ctx log'");
    }

    private Outcome run(List<MemoryCommit> selected, String summary, Provenance who, boolean force, boolean dryRun) throws CtxException {
        Map<String, String> reverted = history.revertedOnBranch();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<MemoryCommit> todo = new ArrayList<>();
        for (MemoryCommit m : selected) {
            if (reverted.containsKey(m.id())) {
                skipped.put(m.id(), reverted.get(m.id()));
            } else {
                todo.add(m);
            }
        }
        if (todo.isEmpty()) {
            return new Outcome(null, List.of(), skipped, new Plan(Map.of(), List.of()));
        }
        Plan preview = planner.plan(todo, history.store().head(), force);
        if (dryRun) {
            return new Outcome(null, todo, skipped, preview);
        }
        if (!force && !preview.conflicts().isEmpty()) {
            throw preview.conflicts().get(0).toException(preview.conflicts().size() - 1);
        }
        WriteResult w = history.store().apply(new RevertOp(planner, todo, force, summary), who);
        return new Outcome(w, todo, skipped, preview);
    }

    private static String describe(Selection s) {
        if (s instanceof Commits c) {
            return "undo " + String.join(" ", c.revs());
        } else if (s instanceof Session ss) {
            return "undo session " + ss.id() + (ss.since() != null ? " since " + ss.since() : "");
        } else if (s instanceof Agent a) {
            return "undo agent " + a.name() + (a.since() != null ? " since " + a.since() : "");
        }
        return "undo dream " + ((Dream) s).id();
    }

    /**
     * Brings {@code path} back to its text at {@code at} (a revision, or a time: the branch as it was then).
     * NOT_FOUND when the path was never tracked, or did not exist at that point. With {@code dryRun}, only plans:
     * the commits whose change to the file it would undo, and the file if its text would change.
     */
    public Outcome restore(RepoPath path, String at, Provenance who, java.time.Clock clock) throws CtxException {
        return restore(path, at, who, clock, false);
    }

    private static FileContent textContent(String text) {
        return text == null ? null : FileContent.text(text);
    }

    public Outcome restore(RepoPath path, String at, Provenance who, java.time.Clock clock, boolean dryRun) throws CtxException {
        String from = TimeSpec.looksLikeTime(at) ? history.atOrBefore(TimeSpec.parse(at, clock, "the time to restore from"), at) : history.resolve(at);
        // A skill's file comes back as bytes with its mode (an image, an executable script); memory files as text.
        boolean bytes = dev.ctx.store.Change.inSkillFolder(path);
        FileContent content = bytes ? history.fileAt(from, path.value()) : textContent(history.textToWrite(from, path.value()));
        if (content == null) {
            List<MemoryCommit> touched = history.log(LogQuery.all().withPath(path.value()));
            String created = touched.isEmpty() ? "" : "; it was first created by " + touched.get(touched.size() - 1).shortId();
            throw CtxException.notFound(path + " did not exist at " + at + " (" + from.substring(0, 10) + ")" + created
                    + "; use 'ctx forget' to delete it, or pick a later revision");
        }
        List<MemoryCommit> undone = new ArrayList<>();
        String tip = history.tip();
        if (history.store().git().isAncestor(from, tip)) {
            for (MemoryCommit m : history.commits(tip, from)) {
                if (!m.isMerge() && m.files().stream().anyMatch(f -> path.value().equals(f.path()) || path.value().equals(f.oldPath()))) {
                    undone.add(m);
                }
            }
        }
        if (dryRun) {
            boolean same = RestoreOp.same(history.store().head(), path, content, bytes);
            Plan would = same ? new Plan(Map.of(), List.of())
                    : bytes ? new Plan(Map.of(), Map.of(path, content), List.of()) : new Plan(Map.of(path, Optional.of(content.textOrNull())), List.of());
            return new Outcome(null, same ? List.of() : undone, Map.of(), would);
        }
        RestoreOp op = new RestoreOp(path, from, content, bytes, undone.stream().map(MemoryCommit::id).toList());
        WriteResult w = history.store().apply(op, who);
        return new Outcome(w, w.changed() ? undone : List.of(), Map.of(), new Plan(Map.of(), List.of()));
    }
}

package dev.ctx.dream;

import dev.ctx.format.CtxConfig;
import dev.ctx.git.GitHistory;
import dev.ctx.git.GitRepo;
import dev.ctx.git.CommitInfo;
import dev.ctx.git.Worktrees;
import dev.ctx.model.CtxException;
import dev.ctx.model.DreamOutcome;
import dev.ctx.model.DreamReport;
import dev.ctx.model.DreamRequest;
import dev.ctx.model.PassReport;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The phases of one dream that has its lock: worktree, passes, checks, then merge, review or push. */
final class Run {
    private final Dreamer d;
    private final String id;
    private final String base;
    private final CtxConfig config;
    private final DreamSettings settings;
    private final DreamRequest req;
    private final List<String> names;
    private final boolean model;
    private final List<String> recovered;
    private final String ref;
    private final Map<String, Object> record = new LinkedHashMap<>();
    private final List<PassReport> reports = new ArrayList<>();
    private Map<RepoPath, Memory.Use> use;
    private String phase = "worktree";

    Run(Dreamer d, String id, String base, CtxConfig config, DreamSettings settings, DreamRequest req, List<String> names, boolean model,
        List<String> recovered) {
        this.d = d;
        this.id = id;
        this.base = base;
        this.config = config;
        this.settings = settings;
        this.req = req;
        this.names = names;
        this.model = model;
        this.recovered = recovered;
        this.ref = DreamFiles.branchRef(id);
    }

    DreamReport go() throws CtxException {
        record.put("id", id);
        record.put("base", base);
        record.put("branch", branch());
        record.put("started", d.store().clock().instant().toString());
        phase("worktree");
        Path dir = d.files().worktreeDir(id);
        DreamOutcome outcome;
        GitRepo wt = null;
        try {
            wt = Worktrees.add(d.git(), Dreamer.worktreeName(id), dir, ref, base);
            phase("passes");
            use = Repo.use(d.git(), base);
            for (Pass p : passes(wt)) {
                reports.add(runPass(wt, p));
                record.put("passes", reports);
                d.files().write(id, record);
            }
            phase("checks");
            String tip = tip(wt);
            List<Checks.Problem> problems = finalCheck(tip);
            if (!problems.isEmpty()) {
                throw CtxException.refused("the dream as a whole breaks a check: " + problems.get(0));
            }
            outcome = finish(wt, tip);
        } catch (CtxException e) {
            outcome = Dreamer.failed(id, phase, e);
        } finally {
            if (wt != null) {
                wt.close();
            }
            Dreamer.removeWorktree(d.git(), id, dir);
        }
        record.put("outcome", outcome.kind());
        record.put("phase", phase);
        if (outcome instanceof DreamOutcome.Failed f) {
            record.put("reason", f.reason());
        }
        d.files().write(id, record);
        String note = recovered.isEmpty() ? null : "recovered the killed dream" + (recovered.size() == 1 ? " " : "s ") + String.join(", ", recovered)
                + " (worktree removed, branch kept)";
        return new DreamReport(id, outcome instanceof DreamOutcome.NoChanges ? null : branch(), base, reports, outcome, false, List.of(), note);
    }

    private String branch() {
        return ref.substring("refs/heads/".length());
    }

    private void phase(String p) throws CtxException {
        phase = p;
        record.put("phase", p);
        d.files().write(id, record);
    }

    private List<Pass> passes(GitRepo wt) throws CtxException {
        List<Pass> out = new ArrayList<>();
        for (String n : names) {
            out.add(Dreamer.deterministic(n));
        }
        if (model) {
            String key = settings.apiKeyEnv() == null ? null : d.env().get(settings.apiKeyEnv());
            ChatClient client = new ChatClient(settings.modelUrl(), settings.modelName(), key, settings.modelTimeout());
            out.add(new ModelPass(client, d.recallSinceLastDream(base, settings.maxInputChars() / 3), settings.maxInputChars()));
        }
        if (req.agentCommand() != null) {
            out.add(new AgentPass(wt, req.agentCommand(), d.env(), settings.agentTimeout(), d.files().dir(id).resolve("agent.log")));
        }
        return out;
    }

    private String tip(GitRepo wt) throws CtxException {
        return Worktrees.refTip(wt, ref).orElseThrow(() -> new CtxException(Problem.IO, ref + " is gone; something deleted the dream's branch"));
    }

    /** Runs one pass, commits what it changed, checks it, and drops (by a second commit) what broke a check. */
    private PassReport runPass(GitRepo wt, Pass pass) throws CtxException {
        String start = tip(wt);
        Memory before = Repo.memory(wt, start, config, use);
        PassChange change;
        try {
            change = pass.run(before);
        } catch (CtxException e) {
            if (pass instanceof ModelPass m && m.reply != null) {
                d.files().save(id, "model-reply.txt", m.reply);
            }
            return new PassReport(pass.name(), PassReport.Status.FAILED, null, "", e.getMessage(), List.of());
        }
        if (pass instanceof ModelPass m && m.reply != null) {
            d.files().save(id, "model-reply.txt", m.reply);
        }
        List<String> refused = pass instanceof ModelPass m ? m.refused : List.of();
        String now = tip(wt); // an agent may have committed on the branch itself
        if (change.isEmpty() && now.equals(start)) {
            Worktrees.checkout(wt, start);
            return new PassReport(pass.name(), refused.isEmpty() ? PassReport.Status.NOTHING : PassReport.Status.DROPPED, null,
                    change.summary(), refused.isEmpty() ? null : "no edit could be applied", refused);
        }
        String commit = now;
        if (!change.isEmpty()) {
            String msg = Repo.message("dream(" + pass.name() + "): " + change.summary(), change.body(), id, pass.name(), "dream", req.who());
            commit = Repo.commit(wt, now, Dreamer.texts(change), d.store().author(req.who()), d.store().committer(), msg);
            move(wt, now, commit);
        }
        Map<RepoPath, String> changed = Repo.changed(wt, start, commit);
        List<Checks.Problem> problems = Checks.check(before, Repo.overlay(before.files(), changed), change.removals(), config);
        if (problems.isEmpty()) {
            Worktrees.checkout(wt, commit);
            return new PassReport(pass.name(), refused.isEmpty() ? PassReport.Status.APPLIED : PassReport.Status.PARTLY_APPLIED, commit,
                    change.summary(), null, refused);
        }
        return dropBroken(wt, pass, before, change, commit, changed, problems, refused);
    }

    /**
     * Commits, on top of a pass that broke a check, the restoring of what it broke: only the offending files when
     * the pass's edits are independent and the rest passes without them, else all of it. Its reasons go in the message.
     */
    private PassReport dropBroken(GitRepo wt, Pass pass, Memory before, PassChange change, String commit, Map<RepoPath, String> changed,
                                  List<Checks.Problem> problems, List<String> refused) throws CtxException {
        String start = before.commit();
        Set<RepoPath> drop = new LinkedHashSet<>();
        boolean perFile = pass.dropsPerFile() && problems.stream().allMatch(p -> p.path() != null);
        if (perFile) {
            problems.forEach(p -> drop.add(p.path()));
            Map<RepoPath, String> kept = new LinkedHashMap<>(changed);
            drop.forEach(kept::remove);
            if (!Checks.check(before, Repo.overlay(before.files(), kept), change.removals(), config).isEmpty()) {
                perFile = false;
            }
        }
        if (!perFile) {
            drop.addAll(changed.keySet());
        }
        Map<RepoPath, String> restore = new LinkedHashMap<>();
        for (RepoPath p : drop) {
            byte[] b = wt.read(start, p.value(), Long.MAX_VALUE);
            restore.put(p, b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        List<String> reasons = problems.stream().map(Checks.Problem::toString).toList();
        boolean all = drop.containsAll(changed.keySet());
        String subject = "dream(" + pass.name() + "): drop " + (all ? "the pass" : drop.size() + " of its files") + ", it broke a check";
        String body = "Kept on this branch for review, left out of the merge:\n" + String.join("\n", reasons.stream().map(r -> "- " + r).toList());
        String dropCommit = Repo.commit(wt, commit, restore, d.store().author(req.who()), d.store().committer(),
                Repo.message(subject, body, id, pass.name(), "dream-drop", req.who()));
        move(wt, commit, dropCommit);
        Worktrees.checkout(wt, dropCommit);
        List<String> dropped = new ArrayList<>(refused);
        dropped.addAll(reasons);
        return new PassReport(pass.name(), all ? PassReport.Status.DROPPED : PassReport.Status.PARTLY_APPLIED, commit, change.summary(),
                reasons.get(0), dropped);
    }

    private void move(GitRepo wt, String from, String to) throws CtxException {
        if (Worktrees.moveRef(wt, ref, from, to) != dev.ctx.git.CasResult.UPDATED) {
            throw CtxException.conflict(ref + " moved during the dream; only the dream writes it");
        }
    }

    /** The whole dream against its base, with every removal its commit messages name. */
    private List<Checks.Problem> finalCheck(String tip) throws CtxException {
        return check(d.git(), base, tip, config);
    }

    static List<Checks.Problem> check(GitRepo git, String base, String tip, CtxConfig config) throws CtxException {
        List<PassChange.Removal> removals = new ArrayList<>();
        for (CommitInfo c : new GitHistory(git).walk(tip, base)) {
            removals.addAll(Checks.removalsIn(c.message()));
        }
        Memory before = Repo.memory(git, base, config, Map.of());
        return Checks.check(before, Repo.overlay(before.files(), Repo.changed(git, base, tip)), removals, config);
    }

    private DreamOutcome finish(GitRepo wt, String tip) throws CtxException {
        if (tip.equals(base)) {
            Worktrees.moveRef(d.git(), ref, tip, null); // an empty branch holds no proposal
            return new DreamOutcome.NoChanges(id);
        }
        if (d.git().treeOf(tip).equals(d.git().treeOf(base))) {
            // Only dropped passes: nothing to merge, but the branch keeps them for review.
            return new DreamOutcome.KeptForReview(id, branch(), null);
        }
        if (req.review()) {
            String pushed = null;
            if (req.pushRemote() != null) {
                phase("push");
                Worktrees.push(d.git(), req.pushRemote(), ref);
                pushed = req.pushRemote();
            }
            return new DreamOutcome.KeptForReview(id, branch(), pushed);
        }
        phase("merge");
        String landing = CleanChain.of(d.git(), base, tip, d.store().committer());
        record.put("landing", landing);
        return MergeBack.land(d.store(), id, landing, config, req.who());
    }
}

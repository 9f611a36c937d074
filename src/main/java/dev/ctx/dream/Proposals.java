package dev.ctx.dream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.git.GitHistory;
import dev.ctx.git.GitRepo;
import dev.ctx.git.Worktrees;
import dev.ctx.model.CtxException;
import dev.ctx.model.DreamEntry;
import dev.ctx.model.DreamOutcome;
import dev.ctx.model.DreamReport;
import dev.ctx.model.PassReport;
import dev.ctx.model.Provenance;
import dev.ctx.store.ContextStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dreams of a repository as proposals: listed from their branches ({@code ctx/dream/<id>}) and rejected
 * refs, with what their records add; shown; accepted (landed like a dream's own merge, after the checks run
 * again); rejected (the branch is moved to {@code refs/ctx/dream-rejected/<id>}, so even a rejected proposal
 * can be brought back; nothing is deleted).
 */
public final class Proposals {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ContextStore store;
    private final GitRepo git;
    private final DreamFiles files;

    public Proposals(ContextStore store) {
        this.store = store;
        this.git = store.git();
        this.files = new DreamFiles(git);
    }

    public List<DreamEntry> list() throws CtxException {
        Map<String, DreamEntry> out = new TreeMap<>();
        String main = git.tip();
        for (Map.Entry<String, String> e : Worktrees.refs(git, DreamFiles.BRANCH_PREFIX).entrySet()) {
            String id = e.getKey().substring(DreamFiles.BRANCH_PREFIX.length());
            out.put(id, entry(id, e.getKey().substring("refs/heads/".length()), e.getValue(), main, null));
        }
        for (Map.Entry<String, String> e : Worktrees.refs(git, DreamFiles.REJECTED_PREFIX).entrySet()) {
            String id = e.getKey().substring(DreamFiles.REJECTED_PREFIX.length());
            out.putIfAbsent(id, entry(id, null, e.getValue(), main, "rejected"));
        }
        return List.copyOf(out.values());
    }

    private DreamEntry entry(String id, String branch, String tip, String main, String state) throws CtxException {
        Map<String, Object> r = files.read(id);
        String base = (String) r.get("base");
        if (base == null) {
            base = new GitHistory(git).mergeBase(main, tip);
        }
        int commits = base == null ? 0 : new GitHistory(git).walk(tip, base).size();
        boolean merged = git.isAncestor(tip, main) || (r.get("landing") instanceof String l && known(l) && git.isAncestor(l, main));
        String s = state != null ? state : merged ? "merged" : String.valueOf(r.getOrDefault("outcome", "pending"));
        if ("merged".equals(r.get("outcome")) && !merged) {
            s = "pending"; // merged once, then reverted or the branch reset: a proposal again
        }
        Object reason = r.get("reason");
        return new DreamEntry(id, branch, s, base, tip, commits, reason == null ? null : reason.toString());
    }

    private boolean known(String commit) {
        try {
            git.commitInfo(commit);
            return true;
        } catch (CtxException e) {
            return false;
        }
    }

    public DreamEntry find(String id) throws CtxException {
        for (DreamEntry e : list()) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw CtxException.notFound("no dream '" + id + "'; see 'ctx dream list'");
    }

    /** The dream's record as a report (its passes), with the entry's state as the outcome's note. */
    public DreamReport show(String id) throws CtxException {
        DreamEntry e = find(id);
        Map<String, Object> r = files.read(id);
        List<PassReport> passes = new ArrayList<>();
        Object ps = r.get("passes");
        if (ps instanceof List<?> l) {
            for (Object o : l) {
                passes.add(JSON.convertValue(o, PassReport.class));
            }
        }
        return new DreamReport(id, e.branch(), e.base(), passes, null, false, List.of(), e.state() + (e.note() == null ? "" : ": " + e.note()));
    }

    public DreamOutcome accept(String id, Provenance who) throws CtxException {
        DreamEntry e = find(id);
        if (e.branch() == null) {
            throw CtxException.refused("dream " + id + " was rejected; bring it back with 'git branch ctx/dream/" + id + " " + DreamFiles.REJECTED_PREFIX + id + "' first");
        }
        if ("merged".equals(e.state())) {
            return new DreamOutcome.Merged(id, "already-merged", git.tip());
        }
        List<Checks.Problem> problems = Run.check(git, e.base(), e.tip(), store.config());
        if (!problems.isEmpty()) {
            throw CtxException.refused("dream " + id + " breaks a check: " + problems.get(0) + "; fix the branch or reject it");
        }
        String landing = CleanChain.of(git, e.base(), e.tip(), store.committer());
        DreamOutcome o = MergeBack.land(store, id, landing, store.config(), who);
        Map<String, Object> r = files.read(id);
        r.put("outcome", o.kind());
        r.put("landing", landing);
        files.write(id, r);
        return o;
    }

    /** Moves the branch out of the way (to refs/ctx/dream-rejected/ID); returns the ref that keeps it. */
    public String reject(String id) throws CtxException {
        DreamEntry e = find(id);
        if (e.branch() == null) {
            return DreamFiles.REJECTED_PREFIX + id;
        }
        try (DreamFiles.Lock lock = files.lock()) {
            Optional<String> tip = Worktrees.refTip(git, DreamFiles.branchRef(id));
            if (tip.isEmpty()) {
                throw CtxException.notFound("no dream branch ctx/dream/" + id);
            }
            Worktrees.moveRef(git, DreamFiles.REJECTED_PREFIX + id, Worktrees.refTip(git, DreamFiles.REJECTED_PREFIX + id).orElse(null), tip.get());
            Worktrees.moveRef(git, DreamFiles.branchRef(id), tip.get(), null);
        }
        Map<String, Object> r = files.read(id);
        r.put("outcome", "rejected");
        files.write(id, r);
        return DreamFiles.REJECTED_PREFIX + id;
    }

    /** The dream's commits as a range for 'ctx review': BASE..BRANCH. */
    public String range(String id) throws CtxException {
        DreamEntry e = find(id);
        return e.base() + ".." + (e.branch() != null ? e.branch() : DreamFiles.REJECTED_PREFIX + id);
    }
}

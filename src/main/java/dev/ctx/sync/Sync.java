package dev.ctx.sync;

import dev.ctx.git.GitRepo;
import dev.ctx.git.Identity;
import dev.ctx.git.Refs;
import dev.ctx.git.RemoteAccess;
import dev.ctx.git.Remotes;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.SyncReport;
import dev.ctx.model.Tracking;
import dev.ctx.store.ContextStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One sync with one remote: fetch (outside any lock), integrate under the store's write lock (fast-forward,
 * or re-apply the local commits on the remote's tip, after a backup ref), then push the result as a
 * compare-and-swap against the tip fetched; if the remote moved meanwhile, fetch and integrate again.
 * Never a force-push, never a reset: every local commit stays in the new history or, if the remote already
 * had its change, is reported as already there.
 */
public final class Sync {
    /** What to do: fetch, integrate and push; only fetch and integrate; only push what is already integrated. */
    public enum Mode { SYNC, PULL, PUSH }

    /** {@code remote} null: origin, or the only remote there is. */
    public record Request(String remote, Mode mode, boolean joinUnrelated, boolean allowRewritten) {
    }

    private static final int MAX_ROUNDS = 8;
    private final ContextStore store;
    private final GitRepo git;
    private final Refs refs;
    private final Remotes remotes;

    public Sync(ContextStore store, RemoteAccess access) {
        this.store = store;
        this.git = store.git();
        this.refs = new Refs(git);
        this.remotes = new Remotes(git, access);
    }

    public Remotes remotes() {
        return remotes;
    }

    public SyncReport run(Request req) throws CtxException {
        String remote = pick(req.remote());
        String branch = git.branch();
        String tracking = "refs/remotes/" + remote + "/" + branch;
        String localBefore = git.tip();
        Outcome o = new Outcome();
        String remoteFetched = null;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            String seen = refs.get(tracking);
            String remoteTip = remotes.fetch(remote, branch);
            if (round == 1) {
                remoteFetched = remoteTip;
            }
            refuseRewritten(req, remote, branch, seen, remoteTip);
            if (req.mode() == Mode.PUSH) {
                refuseBehind(remote, branch, remoteTip);
            } else {
                integrate(req, remote, branch, remoteTip, o);
            }
            if (remoteTip != null) {
                refs.set(tracking, remoteTip, "ctx sync: fetched " + remote);
            }
            String local = git.tip();
            if (req.mode() == Mode.PULL || local.equals(remoteTip)) {
                return report(remote, branch, localBefore, remoteFetched, remoteTip, o, false);
            }
            if (remoteTip != null && !git.isAncestor(remoteTip, local)) {
                continue; // plain git moved the branch after integration: integrate again
            }
            if (remotes.push(remote, local, branch, remoteTip) == Remotes.Pushed.UPDATED) {
                refs.set(tracking, local, "ctx sync: pushed to " + remote);
                return report(remote, branch, localBefore, remoteFetched, local, o, true);
            }
            // someone pushed between the fetch and the push: their commits come in on the next round
            pause(round);
        }
        throw CtxException.conflict("the branch " + branch + " on remote '" + remote + "' kept moving during " + MAX_ROUNDS
                + " rounds of fetch and push; nothing was lost (backup " + o.backup + "); retry in a moment");
    }

    /** A short, growing pause between rounds, so two clones racing to push do not stay in lockstep. */
    private static void pause(int round) {
        try {
            Thread.sleep(Math.min(400, 25L * round * round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How each ahead/behind stands against the last fetch of every remote. */
    public List<Tracking> tracking() throws CtxException {
        String branch = git.branch();
        String tip = git.tip();
        List<Tracking> out = new ArrayList<>();
        for (Remotes.Remote r : remotes.list()) {
            String there = refs.get("refs/remotes/" + r.name() + "/" + branch);
            if (there == null || tip == null) {
                out.add(new Tracking(r.name(), branch, false, 0, 0));
            } else {
                out.add(new Tracking(r.name(), branch, true, refs.countOnlyIn(tip, there), refs.countOnlyIn(there, tip)));
            }
        }
        return out;
    }

    /** Files at the tip that still hold conflict markers of a sync (only text files can: the merge writes none into others). */
    public List<String> unresolved() throws CtxException {
        List<String> found = new ArrayList<>();
        for (java.util.Map.Entry<String, String> e : git.blobIds(git.tip()).entrySet()) {
            byte[] b = git.readBlob(e.getValue(), e.getKey(), Long.MAX_VALUE);
            if (ConflictMarkers.has(new String(b, StandardCharsets.UTF_8))) {
                found.add(e.getKey());
            }
        }
        return found;
    }

    /**
     * The files with conflict markers among those a sync could have brought or left them in: the ones this
     * sync changed, and the ones earlier syncs reported (kept in {@code .git/ctx/sync-conflicts}), so a sync
     * does not read every file of a large repository to find the few it may concern.
     */
    private List<String> unresolvedAmong(String localBefore) throws CtxException {
        java.nio.file.Path record = git.ctxDir().resolve("sync-conflicts");
        java.util.TreeSet<String> candidates = new java.util.TreeSet<>();
        try {
            if (java.nio.file.Files.exists(record)) {
                candidates.addAll(java.nio.file.Files.readAllLines(record, StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            return unresolved(); // an unreadable record: fall back to looking at everything
        }
        String tip = git.tip();
        if (localBefore != null && !localBefore.equals(tip)) {
            for (dev.ctx.git.PathChange c : git.diff(localBefore, tip)) {
                candidates.add(c.path());
            }
        }
        List<String> found = new ArrayList<>();
        for (String path : candidates) {
            String blob = path.isBlank() ? null : git.blobId(tip, path);
            if (blob != null && ConflictMarkers.has(new String(git.readBlob(blob, path, Long.MAX_VALUE), StandardCharsets.UTF_8))) {
                found.add(path);
            }
        }
        try {
            java.nio.file.Files.createDirectories(record.getParent());
            java.nio.file.Files.write(record, found, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new CtxException(Problem.IO, "cannot write " + record + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Accumulates what the rounds did; the plan passed to the store fills it in. */
    private static final class Outcome {
        SyncReport.Action action = SyncReport.Action.UP_TO_DATE;
        int replayed;
        int already;
        String backup;
        final List<String> conflicts = new ArrayList<>();
        final List<String> leftAlone = new ArrayList<>();
    }

    private void integrate(Request req, String remote, String branch, String remoteTip, Outcome o) throws CtxException {
        if (remoteTip == null) {
            return;
        }
        Identity committer = committer();
        Optional<ContextStore.Moved> moved = store.move(tip -> {
            if (tip == null) {
                o.action = SyncReport.Action.FAST_FORWARDED;
                return Optional.of(remoteTip);
            }
            if (tip.equals(remoteTip) || git.isAncestor(remoteTip, tip)) {
                return Optional.empty();
            }
            if (git.isAncestor(tip, remoteTip)) {
                o.backup = Backups.write(refs, branch, tip, store.clock().instant());
                if (o.action == SyncReport.Action.UP_TO_DATE) {
                    o.action = SyncReport.Action.FAST_FORWARDED;
                }
                return Optional.of(remoteTip);
            }
            Integration integration = new Integration(git, committer, remote);
            Integration.Replayed r;
            if (refs.mergeBase(tip, remoteTip) == null) {
                if (!req.joinUnrelated()) {
                    throw CtxException.refused("this repository and the branch " + branch + " on remote '" + remote + "' share no history (they were "
                            + "created apart); nothing was changed; to keep both as one memory, run 'ctx sync " + remote
                            + " --join-unrelated' (a merge commit of both, every file kept), or clone the remote with 'ctx init --from URL' instead");
                }
                r = integration.join(tip, remoteTip, "sync(join): join the unrelated history of " + remote + "/" + branch + "\n\nCtx-Op: sync\n");
                o.action = SyncReport.Action.JOINED;
            } else {
                r = integration.replay(tip, remoteTip);
                if (o.action != SyncReport.Action.JOINED) {
                    o.action = SyncReport.Action.INTEGRATED;
                }
            }
            o.backup = Backups.write(refs, branch, tip, store.clock().instant());
            o.replayed = r.replayed();
            o.already = r.alreadyThere();
            o.conflicts.clear();
            o.conflicts.addAll(r.conflicts());
            return Optional.of(r.tip());
        }, "ctx sync: integrate " + remote + "/" + branch);
        moved.ifPresent(m -> o.leftAlone.addAll(m.leftAlone()));
    }

    private void refuseRewritten(Request req, String remote, String branch, String seen, String remoteTip) throws CtxException {
        if (req.allowRewritten() || seen == null || remoteTip == null || seen.equals(remoteTip) || !hasCommit(seen)) {
            return;
        }
        if (!git.isAncestor(seen, remoteTip)) {
            throw CtxException.conflict("the branch " + branch + " on remote '" + remote + "' was rewritten since the last sync (it was "
                    + seen.substring(0, 10) + ", now " + remoteTip.substring(0, 10) + ", which does not contain it); nothing was changed here. "
                    + "If the rewrite was intended, run 'ctx sync " + remote + " --allow-rewritten': local commits are re-applied on the new history, none is lost");
        }
    }

    private void refuseBehind(String remote, String branch, String remoteTip) throws CtxException {
        String tip = git.tip();
        if (remoteTip != null && !tip.equals(remoteTip) && !git.isAncestor(remoteTip, tip)) {
            throw CtxException.conflict("remote '" + remote + "' has commits on " + branch + " that this clone has not; nothing was pushed; "
                    + "run 'ctx sync " + remote + "' to integrate them and push");
        }
    }

    private boolean hasCommit(String id) {
        try {
            git.commitInfo(id);
            return true;
        } catch (CtxException e) {
            return false;
        }
    }

    private String pick(String remote) throws CtxException {
        List<Remotes.Remote> all = remotes.list();
        if (remote != null) {
            if (all.stream().noneMatch(r -> r.name().equals(remote))) {
                throw CtxException.notFound("no remote named '" + remote + "'; add one with 'ctx remote add " + remote + " URL'");
            }
            return remote;
        }
        if (all.stream().anyMatch(r -> r.name().equals("origin"))) {
            return "origin";
        }
        if (all.size() == 1) {
            return all.get(0).name();
        }
        throw all.isEmpty()
                ? CtxException.notFound("this repository has no remote; add one with 'ctx remote add origin URL' (docs/sharing.md)")
                : new CtxException(Problem.USAGE, "several remotes and none is 'origin'; name one: 'ctx sync NAME' (see 'ctx remote list')");
    }

    private Identity committer() {
        String name = git.userConfig("user", "name");
        String email = git.userConfig("user", "email");
        return new Identity(name == null || name.isBlank() ? "ctx" : name, email == null || email.isBlank() ? "ctx@localhost" : email, store.clock().instant());
    }

    private SyncReport report(String remote, String branch, String localBefore, String remoteBefore, String remoteAfter, Outcome o, boolean pushed)
            throws CtxException {
        SyncReport.Action action = o.action == SyncReport.Action.UP_TO_DATE && pushed ? SyncReport.Action.PUSHED : o.action;
        return new SyncReport(remote, branch, action, localBefore, git.tip(), remoteBefore, remoteAfter, o.replayed, o.already, pushed,
                o.backup, o.conflicts, unresolvedAmong(localBefore), o.leftAlone);
    }
}

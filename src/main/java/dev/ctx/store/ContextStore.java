package dev.ctx.store;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.git.CasResult;
import dev.ctx.git.GitRepo;
import dev.ctx.git.Identity;
import dev.ctx.git.IndexSync;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileEntry;
import dev.ctx.model.Kind;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.WriteResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The porcelain of one context repository. Reads come from the branch tip (the repository is the source
 * of truth, not the working tree); every write is one {@link Operation} that becomes exactly one commit,
 * or nothing: planned on the tip, validated, committed in memory, published by compare-and-swap of the
 * branch (re-planned on the new tip when another writer got there first), then mirrored into the
 * working tree and index for just the paths it changed.
 */
public final class ContextStore implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 64;
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

    private final GitRepo git;
    private final Clock clock;
    private final Journal journal;
    /** Writes of this process to this repository wait here for their turn, and are committed in batches. */
    private final WriteQueue queue = new WriteQueue();

    private ContextStore(GitRepo git, Clock clock) {
        this.git = git;
        this.clock = clock;
        this.journal = new Journal(git.worktreeCtxDir());
    }

    /** Opens an existing context repository whose working tree is {@code root}. */
    public static ContextStore open(Path root, Clock clock) throws CtxException {
        GitRepo git = GitRepo.open(root);
        try {
            ContextStore s = new ContextStore(git, clock);
            String tip = git.tip();
            if (tip == null || git.blobId(tip, CtxConfig.FILE) == null) {
                throw new CtxException(Problem.REPOSITORY, root + " is a git repository but not a context repository (no committed ctx.yaml); run 'ctx init " + root + "' to adopt it");
            }
            return s;
        } catch (CtxException e) {
            git.close();
            throw e;
        }
    }

    /** Wraps an opened repository (used by init and clone, which create it first). */
    static ContextStore wrap(GitRepo git, Clock clock) {
        return new ContextStore(git, clock);
    }

    public GitRepo git() {
        return git;
    }

    public Path root() {
        return git.workTree();
    }

    public Clock clock() {
        return clock;
    }

    /** The settings committed at the branch tip (defaults when ctx.yaml is absent, as during init). */
    public CtxConfig config() throws CtxException {
        return configAt(git.tip());
    }

    /** The settings last parsed: for the commit asked, and the ctx.yaml blob they came from (one value, so threads see both or neither). */
    private record ParsedConfig(String commit, String blob, CtxConfig config) {
    }

    private volatile ParsedConfig parsedConfig;

    /**
     * The settings at a commit; parsed once per version of ctx.yaml, since every write and read needs them and
     * nearly every commit (each write is one) leaves ctx.yaml as it was.
     */
    CtxConfig configAt(String commit) throws CtxException {
        if (commit == null) {
            return CtxConfig.defaults();
        }
        ParsedConfig last = parsedConfig;
        if (last != null && commit.equals(last.commit())) {
            return last.config();
        }
        String blob = git.blobId(commit, CtxConfig.FILE);
        if (blob == null) {
            return CtxConfig.defaults();
        }
        CtxConfig c = last != null && blob.equals(last.blob()) ? last.config() : parseConfig(blob);
        parsedConfig = new ParsedConfig(commit, blob, c);
        return c;
    }

    private CtxConfig parseConfig(String blob) throws CtxException {
        byte[] b = git.readBlob(blob, CtxConfig.FILE, 1024 * 1024);
        try {
            return CtxConfig.parse(Text.decode(b, CtxConfig.FILE));
        } catch (FormatException e) {
            // The repository is there: "no repository" (6) would send the person looking for the wrong thing.
            throw CtxException.refused("ctx.yaml:" + e.line() + ": " + e.getMessage() + "; ctx works only with valid settings: fix ctx.yaml and commit it");
        }
    }

    /** A read-only view of the branch tip. */
    public Snapshot head() throws CtxException {
        String tip = git.tip();
        return new HeadSnapshot(git, tip, configAt(tip));
    }

    /** A read-only view of any revision. */
    public Snapshot at(String rev) throws CtxException {
        String id = git.resolve(rev);
        return new HeadSnapshot(git, id, configAt(git.tip()));
    }

    /** The document at {@code path} on the tip; NOT_FOUND with a hint when absent. */
    public String read(RepoPath path) throws CtxException {
        Optional<String> t = head().read(path);
        if (t.isEmpty()) {
            throw CtxException.notFound(path + " does not exist; see 'ctx list' for what this repository holds");
        }
        return t.get();
    }

    /**
     * Runs one write. Writes of this process to this repository queue for group commit ({@link WriteQueue}): the
     * one that gets the turn runs every write queued so far under the repository's write lock, so ctx writers
     * serialize; the compare-and-swap covers everyone else (the git CLI, other tools) moving the branch meanwhile.
     */
    public WriteResult apply(Operation op, Provenance who) throws CtxException {
        if (op instanceof Init.Operation0) {
            throw new IllegalArgumentException("init is not an agent operation");
        }
        return queue.submit(new WriteQueue.Pending(op, who), this::runBatch);
    }

    WriteResult applyInit(Init.Operation0 op, Provenance who) throws CtxException {
        WriteQueue.Pending p = new WriteQueue.Pending(op, who);
        runBatch(() -> List.of(p));
        return p.outcome();
    }

    /** How many writes of this process wait for their turn on this store (for tests of group commit). */
    int queuedWrites() {
        return queue.queued();
    }

    /** One batch of writes under the write lock and one journal record: sets every write's outcome. */
    private void runBatch(java.util.function.Supplier<List<WriteQueue.Pending>> take) {
        List<WriteQueue.Pending> batch = List.of();
        try (WriteLock lock = WriteLock.acquire(git.ctxDir(), LOCK_TIMEOUT)) {
            batch = take.get();
            journal.recover(git);
            journal.begin();
            try {
                commitChain(batch);
                journal.end();
            } catch (CtxException | RuntimeException e) {
                journal.abandon();
                throw e;
            }
        } catch (CtxException e) {
            for (WriteQueue.Pending p : batch.isEmpty() ? take.get() : batch) {
                if (!p.hasOutcome()) {
                    p.fail(e);
                }
            }
        }
    }

    /** One write of a chain: its commit (whose parent is the link before) and what it changed. */
    private record Link(WriteQueue.Pending pending, String commit, List<String> paths, String subject) {
    }

    /**
     * Plans each write on the commit of the one before it (the first on the tip), validates it and commits it in
     * memory, so each keeps its own commit, message and trailers; then publishes the chain's last commit with one
     * compare-and-swap. An outcome counts only once the chain it was planned on is published: when the branch
     * moved, every write is planned again on the new tip; a write over uncommitted edits is refused alone and
     * the others are planned again without it.
     * git's index.lock is held only from the dirty check to the index update (docs/architecture.md): long
     * enough that no 'git commit' can be built from an index behind the branch, short enough that a person's
     * git commands rarely meet it (planning, validation and the commit objects happen before it is taken).
     */
    private void commitChain(List<WriteQueue.Pending> batch) throws CtxException {
        List<WriteQueue.Pending> live = new ArrayList<>(batch);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !live.isEmpty(); attempt++) {
            String tip = git.tip();
            String head = tip;
            List<Link> chain = new ArrayList<>();
            for (WriteQueue.Pending p : live) {
                p.attempts = attempt;
                try {
                    if (tip == null && !(p.op instanceof Init.Operation0)) {
                        throw new CtxException(Problem.REPOSITORY, "the branch has no commits yet; run 'ctx init'");
                    }
                    Link l = planOne(p, head, attempt);
                    if (l != null) {
                        chain.add(l);
                        head = l.commit();
                    }
                } catch (CtxException e) {
                    p.fail(e);
                } catch (RuntimeException e) {
                    p.crash(e);
                }
            }
            if (chain.isEmpty()) {
                return; // nothing to publish: every outcome was found on the tip itself
            }
            Published done = publishChain(tip, chain);
            if (done instanceof Published.Landed) {
                return;
            }
            if (done instanceof Published.Dirty d) {
                List<WriteQueue.Pending> refused = new ArrayList<>();
                for (Link l : chain) {
                    List<String> mine = l.paths().stream().filter(d.paths()::contains).toList();
                    if (!mine.isEmpty()) {
                        l.pending().fail(CtxException.conflict(String.join(", ", mine) + " has uncommitted changes in the working tree or index; "
                                + "commit or discard them first (ctx never overwrites them)"));
                        refused.add(l.pending());
                    }
                }
                live = live.stream().filter(p -> !refused.contains(p)).toList();
                continue;
            }
            backoff(attempt);
        }
        if (live.isEmpty()) {
            return;
        }
        java.nio.file.Path lock = git.refLockFile(git.branchRef());
        CtxException failed;
        if (lock != null && java.nio.file.Files.exists(lock)) {
            // A lock that outlived every attempt is almost always left by a killed git process, not a busy one.
            failed = CtxException.conflict("the branch is locked by " + lock + ", which stayed through " + MAX_ATTEMPTS
                    + " attempts; if no git command is running, it is stale: delete it and retry");
        } else {
            failed = CtxException.conflict("the branch kept moving under this write (" + MAX_ATTEMPTS + " attempts); retry");
        }
        for (WriteQueue.Pending p : live) {
            p.fail(failed);
        }
    }

    /** Plans, validates and commits one write on {@code head}; null (with its outcome set) when it changes nothing. */
    private Link planOne(WriteQueue.Pending p, String head, int attempt) throws CtxException {
        Operation op = p.op;
        Snapshot snap = new HeadSnapshot(git, head, configAt(head));
        Change change = op.plan(snap);
        List<String> moreParents = op.extraParents();
        if (change.isEmpty() && moreParents.isEmpty()) {
            p.succeed(new WriteResult(null, op.op(), List.of(), "", attempt, List.of()));
            return null;
        }
        Map<String, Boolean> executable = new HashMap<>();
        Map<String, byte[]> edits = WriteChecks.validate(git, snap, op, change, executable);
        String subject = CommitMessage.subject(op, change);
        String message = CommitMessage.full(subject, op, p.who);
        CommitMessage.refuseSecrets(p.who, message);
        String commit = git.commit(head, moreParents, edits, executable, author(p.who), committer(), message);
        return new Link(p, commit, new ArrayList<>(edits.keySet()), subject);
    }

    /** How a chain's publication ended. */
    private sealed interface Published {
        record Landed() implements Published {
        }

        /** Another writer moved the branch first: plan again on the new tip. */
        record Moved() implements Published {
        }

        /** These paths have uncommitted edits: the writes that change them are refused, the others planned again. */
        record Dirty(java.util.Set<String> paths) implements Published {
        }
    }

    /** Under git's index lock: refuses over uncommitted edits, moves the branch to the chain's last commit, then the index and working tree. */
    private Published publishChain(String tip, List<Link> chain) throws CtxException {
        java.util.Set<String> paths = new java.util.LinkedHashSet<>();
        chain.forEach(l -> paths.addAll(l.paths()));
        Link last = chain.get(chain.size() - 1);
        try (IndexSync.Locked index = git.indexSync().lock()) {
            List<String> dirty = index.dirty(tip, paths);
            if (!dirty.isEmpty()) {
                return new Published.Dirty(new java.util.HashSet<>(dirty));
            }
            journal.committing(git.branchRef(), tip, last.commit(), new ArrayList<>(paths));
            String reflog = chain.size() == 1 ? "ctx " + last.pending().op.op() + ": " + last.subject()
                    : "ctx: " + chain.size() + " writes, the last " + last.pending().op.op() + ": " + last.subject();
            if (git.compareAndSwap(tip, last.commit(), reflog) == CasResult.MOVED) {
                return new Published.Moved();
            }
            journal.published();
            List<String> leftAlone;
            try {
                leftAlone = index.advance(tip, last.commit(), paths);
            } catch (CtxException e) {
                journal.end(); // a replay would fail the same way; the branch already holds the writes
                for (Link l : chain) {
                    l.pending().fail(new CtxException(Problem.IO, "the write was committed (" + l.commit().substring(0, 10) + ") but the working tree could not follow: "
                            + e.getMessage() + "; run 'git checkout HEAD -- " + String.join(" ", l.paths()) + "'", e));
                }
                return new Published.Landed();
            }
            for (Link l : chain) {
                List<String> mine = leftAlone.stream().filter(l.paths()::contains).toList();
                l.pending().succeed(new WriteResult(l.commit(), l.pending().op.op(), l.paths(), l.subject(), l.pending().attempts, mine));
            }
            return new Published.Landed();
        }
    }

    /** Under git's index lock: refuses over uncommitted edits, moves the branch, then the index and working tree; empty when the branch moved. */
    private Optional<WriteResult> publish(String op, String tip, String commit, List<String> paths, String subject, int attempt) throws CtxException {
        try (IndexSync.Locked index = git.indexSync().lock()) {
            List<String> dirty = index.dirty(tip, paths);
            if (!dirty.isEmpty()) {
                throw CtxException.conflict(String.join(", ", dirty) + " has uncommitted changes in the working tree or index; "
                        + "commit or discard them first (ctx never overwrites them)");
            }
            journal.committing(git.branchRef(), tip, commit, paths);
            if (git.compareAndSwap(tip, commit, "ctx " + op + ": " + subject) == CasResult.MOVED) {
                return Optional.empty();
            }
            journal.published();
            List<String> leftAlone;
            try {
                leftAlone = index.advance(tip, commit, paths);
            } catch (CtxException e) {
                journal.end(); // a replay would fail the same way; the branch already holds the write
                throw new CtxException(Problem.IO, "the write was committed (" + commit.substring(0, 10) + ") but the working tree could not follow: "
                        + e.getMessage() + "; run 'git checkout HEAD -- " + String.join(" ", paths) + "'", e);
            }
            return Optional.of(new WriteResult(commit, op, paths, subject, attempt, leftAlone));
        }
    }

    /** A commit built elsewhere for the tip it was given (a dream's fast-forward or merge), with the paths it changes; null: nothing to land. */
    public record Landed(String commit, List<String> paths, String subject) {
    }

    /** Builds the commit to land on a tip; throws CONFLICT when it cannot be built on that tip. */
    public interface Landing {
        Landed build(String tip) throws CtxException;
    }

    /**
     * Moves the branch to a commit built elsewhere, with the same safety as every write: the write lock, the
     * journal, the refusal over uncommitted edits, compare-and-swap (rebuilt on the new tip when the branch
     * moved), then the working tree and index of the changed paths.
     */
    public WriteResult land(String op, Landing landing) throws CtxException {
        try (WriteLock lock = WriteLock.acquire(git.ctxDir(), LOCK_TIMEOUT)) {
            journal.recover(git);
            journal.begin();
            try {
                for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                    String tip = git.tip();
                    Landed l = landing.build(tip);
                    if (l == null) {
                        journal.end();
                        return new WriteResult(null, op, List.of(), "", attempt, List.of());
                    }
                    Optional<WriteResult> done = publish(op, tip, l.commit(), l.paths(), l.subject(), attempt);
                    if (done.isPresent()) {
                        journal.end();
                        return done.get();
                    }
                    backoff(attempt);
                }
                throw CtxException.conflict("the branch kept moving under this write (" + MAX_ATTEMPTS + " attempts); retry");
            } catch (CtxException | RuntimeException e) {
                journal.abandon();
                throw e;
            }
        }
    }

    /** Plans where the branch goes from {@code tip} (sync's integration); empty leaves it where it is. Runs under the write lock. */
    @FunctionalInterface
    public interface Move {
        Optional<String> next(String tip) throws CtxException;
    }

    /** The branch moved from {@code from} to {@code to}; {@code leftAlone} are paths whose hand edits in the working tree were kept. */
    public record Moved(String from, String to, List<String> paths, List<String> leftAlone) {
        public Moved {
            paths = List.copyOf(paths);
            leftAlone = List.copyOf(leftAlone);
        }
    }

    /**
     * Moves the branch to a commit built outside an {@link Operation} (history integrated from a remote) as
     * one write: under the write lock, so no ctx write is in flight meanwhile; journaled; refused over
     * uncommitted edits of the paths it changes; compare-and-swapped, and re-planned if plain git moved the
     * branch first. The working tree and index follow for just the changed paths.
     */
    public Optional<Moved> move(Move plan, String reflog) throws CtxException {
        try (WriteLock lock = WriteLock.acquire(git.ctxDir(), LOCK_TIMEOUT)) {
            journal.recover(git);
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                String tip = git.tip();
                Optional<String> next = plan.next(tip);
                if (next.isEmpty() || next.get().equals(tip)) {
                    return Optional.empty();
                }
                java.util.Set<String> changed = new java.util.TreeSet<>();
                for (dev.ctx.git.PathChange c : git.diff(tip, next.get())) {
                    changed.add(c.oldPath());
                    changed.add(c.path());
                }
                changed.remove("/dev/null");
                List<String> paths = new ArrayList<>(changed);
                journal.begin();
                try (IndexSync.Locked index = git.indexSync().lock()) {
                    List<String> dirty = index.dirty(tip, paths);
                    if (!dirty.isEmpty()) {
                        throw CtxException.conflict(String.join(", ", dirty) + " has uncommitted changes in the working tree or index; "
                                + "commit or discard them first, then sync again (ctx never overwrites them)");
                    }
                    journal.committing(git.branchRef(), tip, next.get(), paths);
                    if (new dev.ctx.git.Refs(git).rewrite(git.branchRef(), tip, next.get(), reflog) == CasResult.MOVED) {
                        journal.abandon();
                        continue;
                    }
                    journal.published();
                    List<String> leftAlone = index.advance(tip, next.get(), paths);
                    journal.end();
                    return Optional.of(new Moved(tip, next.get(), paths, leftAlone));
                } catch (CtxException | RuntimeException e) {
                    journal.abandon();
                    throw e;
                }
            }
            throw CtxException.conflict("the branch kept moving under sync (" + MAX_ATTEMPTS + " attempts); retry");
        }
    }

    /** Whether a write of this process (or a sync's integration) holds this repository's write lock at this moment. */
    public boolean writeInFlight() {
        return WriteLock.heldHere(git.ctxDir());
    }

    /** Finishes a write that a killed process left half done; returns whether there was one. */
    public boolean recover() throws CtxException {
        try (WriteLock lock = WriteLock.acquire(git.ctxDir(), LOCK_TIMEOUT)) {
            return journal.recover(git);
        }
    }

    /** Who a commit of {@code who} is authored by: the agent, else the configured user. */
    public Identity author(Provenance who) {
        String name = who.agent() != null ? who.agent() : configOr("user", "name", "ctx");
        String email = configOr("user", "email", "ctx@localhost");
        return new Identity(name, email, clock.instant());
    }

    public Identity committer() {
        return new Identity(configOr("user", "name", "ctx"), configOr("user", "email", "ctx@localhost"), clock.instant());
    }

    private String configOr(String section, String name, String fallback) {
        String v = git.userConfig(section, name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(50, attempt * 2L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The files under {@code prefix} on the tip with their descriptions, optionally of one kind. Markdown
     * files that fail to parse are listed with a null description (validate reports why).
     */
    public List<FileEntry> list(String prefix, Kind kind) throws CtxException {
        Snapshot snap = head();
        List<FileEntry> out = new ArrayList<>();
        for (RepoPath p : snap.list("")) {
            if (!p.startsWith(prefix) || (kind != null && p.kind() != kind)) {
                continue;
            }
            if (kind == null && p.kind() == Kind.OTHER) {
                continue;
            }
            String description = null;
            int chars = 0;
            boolean readOnly = false;
            if (p.isMarkdown()) {
                try {
                    Document d = Document.parse(snap.read(p).orElse(""));
                    description = d.description();
                    chars = d.body().length();
                    readOnly = d.readOnly();
                } catch (CtxException e) {
                    description = null;
                }
            }
            out.add(new FileEntry(p.value(), p.kind(), p.isSystem(), description, chars, readOnly));
        }
        return out;
    }

    /** Every file at {@code commit} as bytes, for whole-repository validation. Oversized blobs are passed as-is to be reported. */
    public Map<RepoPath, byte[]> files(String commit) throws CtxException {
        Map<RepoPath, byte[]> out = new LinkedHashMap<>();
        for (String p : git.listPaths(commit, "")) {
            out.put(RepoPath.of(p), git.read(commit, p, Long.MAX_VALUE));
        }
        return out;
    }

    @Override
    public void close() {
        git.close();
    }
}

package dev.ctx.store;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.format.PathRules;
import dev.ctx.format.SystemBudgets;
import dev.ctx.format.Validator;
import dev.ctx.git.CasResult;
import dev.ctx.git.GitRepo;
import dev.ctx.git.Identity;
import dev.ctx.git.IndexSync;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.FileEntry;
import dev.ctx.model.Finding;
import dev.ctx.model.Kind;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
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

    private String configTip;
    private CtxConfig configCache;

    /** The settings at a commit; parsed once per commit, since every write and read needs them. */
    CtxConfig configAt(String commit) throws CtxException {
        if (commit == null) {
            return CtxConfig.defaults();
        }
        if (commit.equals(configTip)) {
            return configCache;
        }
        CtxConfig c = parseConfigAt(commit);
        configTip = commit;
        configCache = c;
        return c;
    }

    private CtxConfig parseConfigAt(String commit) throws CtxException {
        byte[] b = git.read(commit, CtxConfig.FILE, 1024 * 1024);
        if (b == null) {
            return CtxConfig.defaults();
        }
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
     * Runs one write. Holds the repository's write lock, so ctx writers serialize; the compare-and-swap
     * loop covers everyone else (the git CLI, other tools) moving the branch meanwhile.
     */
    public WriteResult apply(Operation op, Provenance who) throws CtxException {
        if (op instanceof Init.Operation0) {
            throw new IllegalArgumentException("init is not an agent operation");
        }
        return run(op, who);
    }

    WriteResult applyInit(Init.Operation0 op, Provenance who) throws CtxException {
        return run(op, who);
    }

    private WriteResult run(Operation op, Provenance who) throws CtxException {
        try (WriteLock lock = WriteLock.acquire(git.ctxDir(), LOCK_TIMEOUT)) {
            journal.recover(git);
            journal.begin();
            try {
                WriteResult r = attempt(op, who);
                journal.end();
                return r;
            } catch (CtxException | RuntimeException e) {
                journal.abandon();
                throw e;
            }
        }
    }

    /**
     * Plans, validates, commits and publishes; re-plans on the new tip when the branch moved meanwhile.
     * git's index.lock is held only from the dirty check to the index update (docs/architecture.md): long
     * enough that no 'git commit' can be built from an index behind the branch, short enough that a person's
     * git commands rarely meet it (planning, validation and the commit object happen before it is taken).
     */
    private WriteResult attempt(Operation op, Provenance who) throws CtxException {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String tip = git.tip();
            if (tip == null && !(op instanceof Init.Operation0)) {
                throw new CtxException(Problem.REPOSITORY, "the branch has no commits yet; run 'ctx init'");
            }
            Snapshot snap = new HeadSnapshot(git, tip, configAt(tip));
            Change change = op.plan(snap);
            List<String> moreParents = op.extraParents();
            if (change.isEmpty() && moreParents.isEmpty()) {
                return new WriteResult(null, op.op(), List.of(), "", attempt, List.of());
            }
            Map<String, Boolean> executable = new HashMap<>();
            Map<String, byte[]> edits = validate(snap, op, change, executable);
            List<String> paths = new ArrayList<>(edits.keySet());
            String subject = CommitMessage.subject(op, change);
            String message = CommitMessage.full(subject, op, who);
            CommitMessage.refuseSecrets(who, message);
            String commit = git.commit(tip, moreParents, edits, executable, author(who), committer(), message);
            Optional<WriteResult> done = publish(op.op(), tip, commit, paths, subject, attempt);
            if (done.isPresent()) {
                return done.get();
            }
            backoff(attempt);
        }
        java.nio.file.Path lock = git.refLockFile(git.branchRef());
        if (lock != null && java.nio.file.Files.exists(lock)) {
            // A lock that outlived every attempt is almost always left by a killed git process, not a busy one.
            throw CtxException.conflict("the branch is locked by " + lock + ", which stayed through " + MAX_ATTEMPTS
                    + " attempts; if no git command is running, it is stale: delete it and retry");
        }
        throw CtxException.conflict("the branch kept moving under this write (" + MAX_ATTEMPTS + " attempts); retry");
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

    /**
     * Checks every file the change produces, before anything is written: path rules, read_only,
     * bytes (size, NUL, UTF-8), the format rules, secrets, and the system/ budget. Returns the edits as bytes.
     */
    private Map<String, byte[]> validate(Snapshot snap, Operation op, Change change, Map<String, Boolean> executable) throws CtxException {
        CtxConfig config = snap.config();
        Validator validator = new Validator(config);
        Map<String, byte[]> edits = new LinkedHashMap<>();
        boolean touchesSystem = false;
        if (!(op instanceof Init.Operation0)) {
            refusePaths(snap, change); // names first: no content rule may answer for a name that must be refused
        }
        for (Map.Entry<RepoPath, Optional<FileContent>> e : change.all().entrySet()) {
            RepoPath path = e.getKey();
            if (path.value().equals(CtxConfig.FILE) && !(op instanceof Init.Operation0)) {
                throw CtxException.refused("ctx.yaml is changed only by people, never by an agent operation; edit and commit it with git");
            }
            if (path.segments().get(0).startsWith(".")) {
                throw CtxException.refused(path + " is a hidden path; memory lives in visible markdown files");
            }
            git.workTreeFile(path.value());
            if (git.isSymlink(snap.commit(), path.value())) {
                throw CtxException.refused(path + " is a symbolic link in the repository; ctx does not write through links");
            }
            if (!op.mayTouchReadOnly()) {
                // Read as bytes: a skill's binary asset has no front-matter, and must not fail a text read.
                String before = snap.content(path).map(FileContent::textOrNull).orElse(null);
                if (before != null && isReadOnly(before)) {
                    throw CtxException.refused(path + " is read_only; agents cannot change it (a person can, by editing the file and committing)");
                }
            }
            touchesSystem |= path.isSystem();
            if (e.getValue().isEmpty()) {
                edits.put(path.value(), null);
                continue;
            }
            byte[] bytes = e.getValue().get().bytes();
            refuseOnErrors(validator.checkBytes(path, bytes));
            edits.put(path.value(), bytes);
            if (change.contents().containsKey(path)) {
                executable.put(path.value(), e.getValue().get().executable());
            }
        }
        if (touchesSystem) {
            Map<RepoPath, String> system = new HashMap<>();
            for (RepoPath p : snap.list("system")) {
                if (p.isSystem() && !change.files().containsKey(p)) {
                    snap.read(p).ifPresent(t -> system.put(p, t));
                }
            }
            change.files().forEach((p, t) -> {
                if (p.isSystem() && t.isPresent()) {
                    system.put(p, t.get());
                }
            });
            SystemBudget b = SystemBudgets.measure(config, system);
            if (b.over()) {
                throw CtxException.refused("system/ would hold " + b.chars() + " characters (~" + b.tokens() + " tokens), over its budget of "
                        + config.systemBudgetChars() + " characters / " + config.systemBudgetTokens()
                        + " tokens (ctx.yaml system.budget_*); move detail to an on-demand file outside system/");
            }
        }
        return edits;
    }

    /**
     * The path rules for every file a change creates or rewrites (docs/format.md, "Path rules"), then letter
     * case: a new path that differs from one in the tree only by case collides on macOS and Windows checkouts.
     */
    private static void refusePaths(Snapshot snap, Change change) throws CtxException {
        Map<RepoPath, Optional<FileContent>> all = change.all();
        for (Map.Entry<RepoPath, Optional<FileContent>> e : all.entrySet()) {
            if (e.getValue().isPresent()) {
                Optional<String> bad = PathRules.violation(e.getKey());
                if (bad.isPresent()) {
                    throw CtxException.refused("refused " + bad.get() + "; nothing was changed");
                }
            }
        }
        List<RepoPath> created = new ArrayList<>();
        for (Map.Entry<RepoPath, Optional<FileContent>> e : all.entrySet()) {
            if (e.getValue().isPresent() && !snap.exists(e.getKey())) {
                created.add(e.getKey());
            }
        }
        if (created.isEmpty()) {
            return;
        }
        List<RepoPath> remaining = new ArrayList<>();
        for (RepoPath p : snap.list("")) {
            if (!all.containsKey(p)) {
                remaining.add(p);
            }
        }
        all.forEach((p, t) -> {
            if (t.isPresent() && !created.contains(p)) {
                remaining.add(p);
            }
        });
        // One at a time, so two new paths of one change that collide with each other are caught too.
        Optional<String> clash = Optional.empty();
        for (RepoPath p : created) {
            clash = PathRules.caseCollision(List.of(p), remaining);
            if (clash.isPresent()) {
                break;
            }
            remaining.add(p);
        }
        if (clash.isPresent()) {
            throw CtxException.refused("refused " + clash.get() + "; nothing was changed");
        }
    }

    private static boolean isReadOnly(String text) {
        try {
            return Document.parse(text).readOnly();
        } catch (FormatException e) {
            return false;
        }
    }

    private static void refuseOnErrors(List<Finding> findings) throws CtxException {
        List<Finding> errors = findings.stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more; run 'ctx validate')" : "";
            throw CtxException.refused("refused " + errors.get(0) + more + "; nothing was changed");
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

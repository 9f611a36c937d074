package dev.ctx.app;

import dev.ctx.model.ContextFormat;
import dev.ctx.model.ContextResult;
import dev.ctx.format.CtxConfig;
import dev.ctx.format.PathRules;
import dev.ctx.format.ValidationCache;
import dev.ctx.git.WorkTreeWatch;
import dev.ctx.git.GitSetup;
import dev.ctx.history.History;
import dev.ctx.history.Review;
import dev.ctx.index.embed.SharedModels;
import dev.ctx.model.AgentSetup;
import dev.ctx.model.BlameEntry;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileEntry;
import dev.ctx.model.HelperProcess;
import dev.ctx.model.Helpers;
import dev.ctx.model.HookInput;
import dev.ctx.model.IndexStatus;
import dev.ctx.model.Kind;
import dev.ctx.model.LogQuery;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.SearchResult;
import dev.ctx.model.SetupResult;
import dev.ctx.model.TranscriptFormat;
import dev.ctx.model.UpdateStats;
import dev.ctx.model.WriteResult;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Init;
import dev.ctx.store.Operation;
import dev.ctx.store.Ops;
import dev.ctx.store.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The front door of ctx as a library and its only entry: opens (or creates) a context repository and
 * exposes one method per use case, returning records of {@code model} or of this package. The CLI and the
 * resident server are adapters over this class (so will a planned MCP server be); none reaches the domain
 * packages below it. Larger use cases live in small classes of this package ({@link Status},
 * {@link Validation}, {@link Histories}, {@link Searching}).
 */
public final class Ctx implements AutoCloseable {
    /** The folder {@code ctx init} creates inside a project when no folder is named. */
    public static final String PROJECT_DIR = ".ctx";
    /** Similarity at which review reports an added fact as a likely duplicate, unless told otherwise. */
    public static final double REVIEW_THRESHOLD = Review.DEFAULT_THRESHOLD;

    private final ContextStore store;
    private final Histories histories;
    private final Searching searching;
    /** Set when a {@link WarmWorkspace} owns this Ctx: then close() by a command leaves it open for the next. */
    private final Warmth warmth;
    /** Findings per blob, kept while this Ctx lives: a pooled one answers status at the cost of what changed. */
    private final ValidationCache validations = new ValidationCache();
    /** Remotes, sync and conflicts (issue 15); it reads HOME and a token variable from the environment it was opened with. */
    private final Syncing syncing;
    /** The environment the adapter gave (dreaming hands it to an agent command and reads API keys from it). */
    private final Map<String, String> env;
    /** A pooled Ctx's watch of the working tree: its status re-reads only the paths that changed (null: one-shot). */
    private final WorkTreeWatch worktree;
    private final TipFiles tipFiles = new TipFiles();

    private Ctx(ContextStore store, Map<String, String> env, Helpers helpers, Warmth warmth) {
        this.store = store;
        this.syncing = new Syncing(store, env);
        this.warmth = warmth;
        this.env = Map.copyOf(env);
        this.worktree = warmth == null ? null : new WorkTreeWatch(store.git());
        this.histories = new Histories(new History(store));
        this.searching = new Searching(store, Map.copyOf(env), helpers, warmth);
    }

    /** What a pooled Ctx shares with its pool: the one loaded model and the thread that embeds in the background. */
    record Warmth(SharedModels models, Executor background) {
    }

    /** A Ctx a {@link WarmWorkspace} keeps open across commands; only the pool closes it ({@link #closePooled}). */
    static Ctx openPooled(Path root, Clock clock, Map<String, String> env, Warmth warmth) throws CtxException {
        return new Ctx(ContextStore.open(root, clock), env, Helpers.none(), warmth);
    }

    /** Opens with no environment: no API keys, caches under the repository, no helper processes. */
    public static Ctx open(Path root, Clock clock) throws CtxException {
        return open(root, clock, Map.of());
    }

    /** Opens with an explicit environment (HOME, XDG_CACHE_HOME, API keys named in ctx.yaml, CTX_EMBED_WARM). */
    public static Ctx open(Path root, Clock clock, Map<String, String> env) throws CtxException {
        return open(root, clock, env, Helpers.none());
    }

    /** Opens with an environment and the way the adapter runs ctx's helper processes (background embedding, warm model). */
    public static Ctx open(Path root, Clock clock, Map<String, String> env, Helpers helpers) throws CtxException {
        return new Ctx(ContextStore.open(root, clock), env, helpers, null);
    }

    public static Ctx init(Path dir, Provenance who, Clock clock) throws CtxException {
        return new Ctx(Init.create(dir, who, clock), Map.of(), Helpers.none(), null);
    }

    /** Clones with no environment: no token, no agent, keys and known_hosts of the JVM's user.home. */
    public static Ctx cloneFrom(String url, Path dir, Clock clock) throws CtxException {
        return cloneFrom(url, dir, clock, Map.of(), false);
    }

    // SSH agent and init --from (issue 15): the clone goes through sync's transport settings (token, helpers, keys, agent, known_hosts).
    /** Clones through the transport settings of {@code env} (HOME, the token variable, SSH_AUTH_SOCK), as sync would reach the remote. */
    public static Ctx cloneFrom(String url, Path dir, Clock clock, Map<String, String> env, boolean acceptNewHost) throws CtxException {
        return new Ctx(Init.cloneFrom(url, dir, clock, Syncing.access(env, null, acceptNewHost)), env, Helpers.none(), null);
    }

    /**
     * Where the repository is: the explicit one, else {@code $CTX_REPO}, else the nearest folder at or above
     * {@code cwd} that is a context repository (or holds one in {@code .ctx}), else {@code cwd/.ctx}.
     */
    public static Path locate(Path explicit, String envRepo, Path cwd) {
        if (explicit != null) {
            return cwd.resolve(explicit).toAbsolutePath().normalize();
        }
        if (envRepo != null && !envRepo.isBlank()) {
            return cwd.resolve(envRepo).toAbsolutePath().normalize();
        }
        for (Path d = cwd.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(CtxConfig.FILE)) && Files.exists(d.resolve(".git"))) {
                return d;
            }
            Path nested = d.resolve(PROJECT_DIR);
            if (Files.isRegularFile(nested.resolve(CtxConfig.FILE))) {
                return nested;
            }
        }
        return cwd.resolve(PROJECT_DIR).toAbsolutePath().normalize();
    }

    /**
     * Sets up what the library needs once per process before any repository is opened: git reads the
     * user's configuration from {@code home} (null: none) and never the machine's.
     */
    public static void configureProcess(Path home) {
        GitSetup.install(home);
    }

    public Path root() {
        return store.root();
    }

    /** The commit the branch points at. */
    public String head() throws CtxException {
        return store.git().tip();
    }

    /** The largest file ctx.yaml allows ({@code limits.max_file_bytes}); input beyond it is refused before it is read whole. */
    public long maxFileBytes() throws CtxException {
        return store.config().maxFileBytes();
    }

    // ---- writes: each is one commit, or nothing ----

    /** Creates or overwrites a file; other front-matter keys of an existing file are kept. */
    public WriteResult write(RepoPath path, String description, String body, Provenance who) throws CtxException {
        return apply(new Ops.Write(path, description, body), who);
    }

    public WriteResult append(RepoPath path, String text, Provenance who) throws CtxException {
        return apply(new Ops.Append(path, text), who);
    }

    /** Replaces text that occurs exactly once; a concurrent change of that text is refused as a conflict naming both sides. */
    public WriteResult replace(RepoPath path, String oldText, String newText, Provenance who) throws CtxException {
        return apply(new Ops.Replace(path, oldText, newText, store.git().tip()), who);
    }

    public WriteResult insert(RepoPath path, int line, String text, Provenance who) throws CtxException {
        return apply(new Ops.Insert(path, line, text), who);
    }

    /** Moves a file or label, or, when no such file exists, a whole folder. */
    public WriteResult move(String from, String to, Provenance who) throws CtxException {
        RepoPath file = path(from, true);
        Operation op = store.head().exists(file) ? new Ops.Move(file, path(to, true)) : new Ops.Move(path(from, false), path(to, false));
        return apply(op, who);
    }

    public WriteResult forget(RepoPath path, Provenance who) throws CtxException {
        return apply(new Ops.Forget(path), who);
    }

    public WriteResult describe(RepoPath path, String description, Provenance who) throws CtxException {
        return apply(new Ops.Describe(path, description), who);
    }

    /** Appends one fact as a list item to {@code block} (null: ctx.yaml's remember.default), creating the block if missing. */
    public WriteResult remember(RepoPath block, String fact, Provenance who) throws CtxException {
        RepoPath p = block != null ? block : store.config().rememberDefault();
        return apply(new Ops.Remember(p, fact, "Facts remembered by agents (" + p.label() + ")"), who);
    }

    private WriteResult apply(Operation op, Provenance who) throws CtxException {
        return store.apply(op, who);
    }

    /** Reads transcripts and commits them, secret-redacted, under {@code recall/}: only turns not ingested before. */
    public RecallResult recallIngest(List<Path> inputs, TranscriptFormat format, Provenance who) throws CtxException {
        return recallIngest(inputs, format, who, dev.ctx.model.Progress.NONE);
    }

    /** {@link #recallIngest(List, TranscriptFormat, Provenance)}, reporting each transcript file read. */
    public RecallResult recallIngest(List<Path> inputs, TranscriptFormat format, Provenance who, dev.ctx.model.Progress progress)
            throws CtxException {
        return Recall.ingest(store, inputs, format, who, progress);
    }

    // ---- reading ----

    public Status status() throws CtxException {
        return Status.of(store, validations, worktree, tipFiles);
    }

    /** Validates the working tree (committed files overlaid with uncommitted edits), or the git index when {@code staged}. */
    public Validation validate(List<RepoPath> paths, boolean staged, boolean strict) throws CtxException {
        return Validation.run(store, paths, staged, strict);
    }

    public List<FileEntry> list(String prefix, Kind kind) throws CtxException {
        return store.list(prefix == null ? "" : prefix, kind);
    }

    /** A file as committed at the tip, or at {@code at} (a revision) when given; a skill folder shows its SKILL.md. */
    public Shown show(RepoPath path, String at) throws CtxException {
        return Showing.show(at == null ? store.head() : store.at(at), path, at);
    }

    /**
     * What an agent sees at session start, from the tip: all of system/, the on-demand tree, the skills catalog
     * and, with a query, the most relevant chunks; within {@code budgetTokens} (null: the default), what was cut named.
     */
    public ContextResult context(Integer budgetTokens, String query, ContextFormat format) throws CtxException {
        return Contexts.assemble(store.head(), searching, budgetTokens, query, format);
    }

    // ---- history ----

    public List<MemoryCommit> log(LogQuery query) throws CtxException {
        return histories.log(query);
    }

    public CommitChanges showCommit(String rev) throws CtxException {
        return histories.showCommit(rev);
    }

    public List<BlameEntry> blame(RepoPath path, String at) throws CtxException {
        return histories.blame(path, at);
    }

    /** Whether {@code text} names a commit (sha, branch, HEAD~2...). */
    public boolean isRevision(String text) {
        return histories.isRevision(text);
    }

    /** Changes of the working tree against the tip ({@code rev} null), from REV to the tip, or over A..B; only under {@code path} when given. */
    public Diff diff(String rev, String path) throws CtxException {
        return histories.diff(rev, path);
    }

    /** A review of {@code range} (null: the branch's upstream, else the previous commit). */
    public ReviewResult review(String range, double threshold) throws CtxException {
        return histories.review(range, threshold);
    }

    public RollbackResult revert(RevertTarget target, Provenance who, boolean force, boolean dryRun) throws CtxException {
        return histories.revert(target, who, force, dryRun);
    }

    /** Reverts the last commit of {@code who}'s session, else of its agent. */
    public RollbackResult undo(Provenance who, boolean force, boolean dryRun) throws CtxException {
        return histories.undo(who, force, dryRun);
    }

    /** Brings one file back as it was at a revision or a time, as one new commit. */
    public RollbackResult restore(RepoPath path, String at, Provenance who) throws CtxException {
        return restore(path, at, who, false);
    }

    /** {@link #restore(RepoPath, String, Provenance)}, or with {@code dryRun} only what it would do. */
    public RollbackResult restore(RepoPath path, String at, Provenance who, boolean dryRun) throws CtxException {
        return histories.restore(path, at, who, store.clock(), dryRun);
    }

    // ---- search and its index ----

    /**
     * Searches, catching the index up with the branch first. Only hits with evidence of their own are
     * kept (the query's words, or an embedding similarity above the query's own noise level), near-duplicates
     * of better hits are dropped, and (with {@code perFile} above 0) at most that many hits per file.
     */
    public SearchResult search(SearchRequest request, int perFile) throws CtxException {
        return searching.search(request, perFile);
    }

    /** {@link #search(SearchRequest, int)} with no limit per file. */
    public SearchResult search(SearchRequest request) throws CtxException {
        return searching.search(request, 0);
    }

    /** Why search has no embedding model (null when it has one, or search was not opened). */
    public String embeddingProblem() {
        return searching.embeddingProblem();
    }

    /**
     * Starts the detached helper that embeds the chunks searches left without vectors, unless one is running
     * or the adapter gave none; for hosts that end soon after a search (the CLI). False when none was started.
     */
    public boolean embedPendingInBackground() {
        return searching.embedPendingInBackground();
    }

    public IndexStatus indexStatus() throws CtxException {
        return searching.status();
    }

    /**
     * Catches the index up and embeds every pending chunk, waiting first (after telling {@code onWait}) for a
     * background embedder that is making progress, so that the two never embed the same chunks.
     */
    public IndexRun indexUpdate(Runnable onWait) throws CtxException {
        return indexUpdate(onWait, dev.ctx.model.Progress.NONE);
    }

    /** {@link #indexUpdate(Runnable)}, reporting the chunks it embeds. */
    public IndexRun indexUpdate(Runnable onWait, dev.ctx.model.Progress progress) throws CtxException {
        return searching.update(onWait, progress);
    }

    /** The background embedder's run: empty, doing nothing, when another one holds this index. */
    public Optional<UpdateStats> indexFill() throws CtxException {
        return searching.fill();
    }

    /** Like {@link #indexFill()}, with {@code report} run while this filler still holds the claim. */
    public Optional<UpdateStats> indexFill(java.util.function.Consumer<UpdateStats> report) throws CtxException {
        return searching.fill(report);
    }

    public IndexRun indexRebuild() throws CtxException {
        return indexRebuild(dev.ctx.model.Progress.NONE);
    }

    /** Rebuilds the index from clean, reporting the chunks it embeds. */
    public IndexRun indexRebuild(dev.ctx.model.Progress progress) throws CtxException {
        return searching.rebuild(progress);
    }

    // ---- dreaming (docs/dreaming.md): consolidation in a linked worktree, merged back as checked commits ----

    /** Runs one dream (or, with {@code dryRun}, says what its deterministic passes would change). */
    public dev.ctx.model.DreamReport dream(dev.ctx.model.DreamRequest request) throws CtxException {
        return dreaming().dream(request);
    }

    public List<dev.ctx.model.DreamEntry> dreamList() throws CtxException {
        return dreaming().list();
    }

    public Dreaming.Shown dreamShow(String id) throws CtxException {
        return dreaming().show(id, REVIEW_THRESHOLD);
    }

    /** Lands a kept dream on the branch (fast-forward or merge commit), after its checks run again. */
    public dev.ctx.model.DreamOutcome dreamAccept(String id, Provenance who) throws CtxException {
        return dreaming().accept(id, who);
    }

    /** Moves a dream's branch to refs/ctx/dream-rejected/ID (kept, never deleted); returns that ref. */
    public String dreamReject(String id) throws CtxException {
        return dreaming().reject(id);
    }

    /** The range 'ctx review' takes for a dream: its base..its branch (or the ref a rejected one is kept at). */
    public String dreamRange(String id) throws CtxException {
        return new dev.ctx.dream.Proposals(store).range(id);
    }

    private Dreaming dreaming() {
        return new Dreaming(store, histories, env);
    }

    // ---- setup ----

    /** Installs the pre-commit hook that execs {@code command}; a hook ctx did not write is replaced only with {@code force}. */
    public Path installHooks(String command, boolean force) throws CtxException {
        return Hooks.installPreCommit(store.git().gitDir(), command, force);
    }

    /** Wires an agent (Claude Code, Codex) to this repository, or with {@code remove} takes out what setup added; see docs/agents.md. */
    public SetupResult setupAgent(AgentSetup request) throws CtxException {
        return Agents.setup(store, request);
    }

    /** Takes out what setup added for an agent; needs no repository, so it works after the repository is gone. */
    public static SetupResult removeAgentSetup(AgentSetup request, Path root) throws CtxException {
        return Agents.remove(request, root);
    }

    /** What an agent's hook sent on stdin (its transcript, session and event). */
    public static HookInput hookInput(String json) throws CtxException {
        return dev.ctx.agents.Setup.hookInput(json);
    }

    /** Ingests the Codex rollouts under {@code sessions} that are new or grew since the last run (state under the git dir). */
    public RecallResult recallIngestCodexSessions(Path sessions, Provenance who) throws CtxException {
        return Agents.ingestCodexSessions(store, sessions, who);
    }

    /**
     * Starts {@code helper} as a detached process that outlives this one, with {@code env} over the process
     * environment, and returns its log (under the git dir's ctx folder of the repository at {@code root}).
     * Static and without opening the repository, so an agent's hook that hands work off returns at once.
     */
    public static Path startDetached(Path root, HelperProcess helper, String name, Map<String, String> env) throws CtxException {
        return Agents.startDetached(root, helper, name, env);
    }

    // ---- import and export (docs/import.md) ----

    /**
     * Imports CLAUDE.md, AGENTS.md, a Letta agent file or a Letta Code memory repository as one commit (nothing when
     * everything is there already); a file there with other text is a conflict, never overwritten. {@code into}: the
     * folder prefix (null: the format's default); with {@code dryRun}, only the plan.
     */
    public ImportResult importFrom(Path source, dev.ctx.model.ImportFormat format, String into, dev.ctx.model.ImportPin pin,
                                   boolean dryRun, Provenance who) throws CtxException {
        return Importing.run(store, source, format, into, pin, dryRun, who);
    }

    /** Writes all of system/ at the tip as a marked block of {@code file} (CLAUDE.md or AGENTS.md), keeping the rest of it. */
    public ExportResult export(dev.ctx.model.ImportFormat to, Path file, boolean dryRun) throws CtxException {
        return Exporting.export(store.head(), to, file, dryRun);
    }

    // ---- skills across teams (docs/skills.md): list, validate, install, update, publish, export, import ----

    /**
     * The skills use cases of this repository; {@code cwd} resolves folders given as sources or targets. Skills
     * repositories are reached as sync reaches its remotes (the token variable, ~/.ssh, the SSH agent).
     */
    public Skills skills(Path cwd) throws CtxException {
        return new Skills(store, cwd, syncing.access(false));
    }

    /** Validates skill folders on disk without a repository (a skills repository's checkout, skills-examples/). */
    public static Validation validateSkillFolders(List<Path> paths, boolean strict, Path cwd) throws CtxException {
        return Skills.validateFolders(paths, strict, CtxConfig.defaults(), cwd);
    }

    /** A repository path from user input; {@code addMd} makes a label without extension a markdown file. */
    public static RepoPath path(String input, boolean addMd) throws CtxException {
        try {
            return RepoPath.parse(input, addMd);
        } catch (IllegalArgumentException e) {
            throw new CtxException(Problem.REFUSED, e.getMessage());
        }
    }

    /** Text given from outside (a file, standard input) by ctx's rule: strict UTF-8, no NUL bytes; {@code what} names it in the refusal. */
    public static String text(byte[] bytes, String what) throws CtxException {
        return Text.decode(bytes, what);
    }

    // ---- sync through git remotes (issue 15, docs/sharing.md): small delegations to Syncing ----

    public List<dev.ctx.model.RemoteEntry> remotes() throws CtxException {
        return syncing.remotes();
    }

    public void addRemote(String name, String url) throws CtxException {
        syncing.add(name, url);
    }

    public void removeRemote(String name) throws CtxException {
        syncing.remove(name);
    }

    /** Fetches, integrates and pushes (or only pulls, or only pushes) with one remote. */
    public dev.ctx.model.SyncReport sync(Syncing.Request request) throws CtxException {
        return syncing.run(request);
    }

    /** Ahead and behind of the branch against each remote as last fetched; no network. */
    public List<dev.ctx.model.Tracking> tracking() throws CtxException {
        return syncing.tracking();
    }

    /** Files at the tip that still hold sync conflict markers. */
    public List<String> unresolvedConflicts() throws CtxException {
        return syncing.unresolved();
    }

    /** Settles the sync conflicts of one file, keeping one side or both, as one commit. */
    public WriteResult resolve(RepoPath path, Syncing.Keep keep, Provenance who) throws CtxException {
        return syncing.resolve(path, keep, who);
    }

    /** A sync as the resident server runs it on schedule; empty when skipped because a write is in flight. */
    public Optional<dev.ctx.model.SyncReport> backgroundSync() throws CtxException {
        return syncing.background();
    }

    /** ctx.yaml's sync.interval, when this repository has a remote to sync with in the background. */
    public Optional<java.time.Duration> backgroundSyncInterval() throws CtxException {
        return syncing.backgroundInterval();
    }

    /** {@code s} with control characters and line separators shown as escapes, safe for a terminal or one error line. */
    public static String printable(String s) {
        return PathRules.printable(s);
    }

    /** Ends a command's use; a pooled Ctx stays open for the next command. */
    @Override
    public void close() {
        if (warmth == null) {
            closePooled();
        }
    }

    /** Closes for real: the end of a command's own Ctx, or the pool letting go of a warm one. */
    synchronized void closePooled() {
        if (worktree != null) {
            worktree.close();
        }
        searching.close();
        store.close();
    }
}

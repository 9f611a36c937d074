package dev.ctx.dream;

import dev.ctx.format.CtxConfig;
import dev.ctx.git.CommitInfo;
import dev.ctx.git.GitHistory;
import dev.ctx.git.GitRepo;
import dev.ctx.git.PathChange;
import dev.ctx.git.Worktrees;
import dev.ctx.model.CtxException;
import dev.ctx.model.DreamOutcome;
import dev.ctx.model.DreamReport;
import dev.ctx.model.DreamRequest;
import dev.ctx.model.PassReport;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import dev.ctx.store.ContextStore;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dream, start to end: takes the one-dream lock, recovers a dream a killed process left, creates the
 * linked worktree on {@code ctx/dream/<id>} from the branch tip, runs the passes there (each one commit,
 * checked at once, dropped with its reason by a second commit when it breaks a check), checks the whole,
 * and lands it (or keeps it for review). The worktree is removed whatever happens; the branch is removed
 * only when it holds nothing at all.
 */
public final class Dreamer {
    /** The deterministic passes, in the order they run: retire first, then merge, split, unpin, describe, tidy. */
    public static final List<String> DETERMINISTIC = List.of("archive", "dedupe", "split", "budget", "describe", "frontmatter");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ContextStore store;
    private final GitRepo git;
    private final Map<String, String> env;
    private final DreamFiles files;

    public Dreamer(ContextStore store, Map<String, String> env) {
        this.store = store;
        this.git = store.git();
        this.env = Map.copyOf(env);
        this.files = new DreamFiles(git);
    }

    public DreamReport run(DreamRequest req) throws CtxException {
        for (String p : req.passes()) {
            if (!DETERMINISTIC.contains(p) && !p.equals("model") && !p.equals("agent")) {
                throw new CtxException(Problem.USAGE, "unknown pass '" + p + "'; passes are " + String.join(", ", DETERMINISTIC) + ", model, agent");
            }
        }
        CtxConfig config = store.config();
        DreamSettings settings = DreamSettings.of(config);
        boolean model = req.model() || req.passes().contains("model");
        boolean agent = req.agentCommand() != null;
        if (model && settings.modelUrl() == null) {
            throw CtxException.refused("the model pass needs an endpoint: set dream.model.url (and model, api_key_env) in ctx.yaml (docs/dreaming.md)");
        }
        if (req.passes().contains("agent") && !agent) {
            throw new CtxException(Problem.USAGE, "the agent pass needs --agent-command CMD");
        }
        String base = git.tip();
        if (req.ifDue()) {
            int since = commitsSinceLastDream(base);
            if (since < settings.dueAfterCommits()) {
                return new DreamReport(null, null, base, List.of(), null, req.dryRun(), List.of(),
                        "not due: " + since + " commit" + (since == 1 ? "" : "s") + " since the last dream, fewer than dream.due_after_commits ("
                                + settings.dueAfterCommits() + ")");
            }
        }
        List<String> names = new ArrayList<>(req.passes().isEmpty() ? DETERMINISTIC : req.passes().stream().filter(DETERMINISTIC::contains).toList());
        if (req.dryRun()) {
            return dryRun(base, config, names, model, agent);
        }
        try (DreamFiles.Lock lock = files.lock()) {
            List<String> recovered = files.recover();
            String id = ID_TIME.format(store.clock().instant()) + "-" + String.format("%04x", new SecureRandom().nextInt(0x10000));
            return new Run(this, id, base, config, settings, req, names, model, recovered).go();
        }
    }

    private DreamReport dryRun(String base, CtxConfig config, List<String> names, boolean model, boolean agent) throws CtxException {
        Memory m = Repo.memory(git, base, config, Repo.use(git, base));
        List<PassReport> reports = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String n : names) {
            Pass p = deterministic(n);
            PassChange c = p.run(m);
            if (c.isEmpty()) {
                reports.add(new PassReport(n, PassReport.Status.NOTHING, null, "", null, List.of()));
                continue;
            }
            List<Checks.Problem> problems = Checks.check(m, Repo.overlay(m.files(), texts(c)), c.removals(), config);
            reports.add(new PassReport(n, problems.isEmpty() ? PassReport.Status.APPLIED : PassReport.Status.DROPPED, null, c.summary(),
                    problems.isEmpty() ? null : problems.get(0).toString(), c.details()));
            if (problems.isEmpty()) {
                c.files().keySet().forEach(k -> paths.add(k.value()));
                m = m.with(c);
            }
        }
        if (model) {
            reports.add(new PassReport("model", PassReport.Status.SKIPPED, null, "", "a dry run does not call the model", List.of()));
        }
        if (agent) {
            reports.add(new PassReport("agent", PassReport.Status.SKIPPED, null, "", "a dry run does not run the agent command", List.of()));
        }
        return new DreamReport(null, null, base, reports, null, true, paths.stream().distinct().sorted().toList(), null);
    }

    static Map<RepoPath, String> texts(PassChange c) {
        Map<RepoPath, String> out = new LinkedHashMap<>();
        c.files().forEach((p, t) -> out.put(p, t.orElse(null)));
        return out;
    }

    static Pass deterministic(String name) {
        return switch (name) {
            case "archive" -> new ArchivePass();
            case "dedupe" -> new DedupePass();
            case "split" -> new SplitPass();
            case "budget" -> new BudgetPass();
            case "describe" -> new DescribePass();
            case "frontmatter" -> new FrontMatterPass();
            default -> throw new IllegalArgumentException("not a deterministic pass: " + name);
        };
    }

    /** Commits on the main branch since the newest commit a dream made, not counting dreams' own: the --if-due rule. */
    int commitsSinceLastDream(String tip) throws CtxException {
        int n = 0;
        for (CommitInfo c : new GitHistory(git).walk(tip, null)) {
            if (c.trailer("Ctx-Dream") != null) {
                break;
            }
            n++;
        }
        return n;
    }

    /** The recall files that changed since the newest dream commit on the branch (all of recall/ when none), newest last. */
    String recallSinceLastDream(String tip, int max) throws CtxException {
        String since = null;
        for (CommitInfo c : new GitHistory(git).walk(tip, null)) {
            if (c.trailer("Ctx-Dream") != null) {
                since = c.id();
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        List<String> paths = new ArrayList<>();
        if (since == null) {
            paths.addAll(git.listPaths(tip, "recall"));
        } else {
            for (PathChange ch : git.diff(since, tip)) {
                if (ch.type() != PathChange.Type.DELETE && ch.path().startsWith("recall/")) {
                    paths.add(ch.path());
                }
            }
        }
        for (String p : paths) {
            byte[] b = git.read(tip, p, 4L * 1024 * 1024);
            if (b != null) {
                sb.append("<recall path=\"").append(p).append("\">\n").append(new String(b, java.nio.charset.StandardCharsets.UTF_8)).append("\n</recall>\n");
            }
            if (sb.length() > max) {
                break;
            }
        }
        return sb.toString();
    }

    ContextStore store() {
        return store;
    }

    GitRepo git() {
        return git;
    }

    Map<String, String> env() {
        return env;
    }

    DreamFiles files() {
        return files;
    }

    static DreamOutcome failed(String id, String phase, CtxException e) {
        return new DreamOutcome.Failed(id, phase, e.getMessage(), "ctx/dream/" + id);
    }

    static String worktreeName(String id) {
        return DreamFiles.WORKTREE_PREFIX + id;
    }

    static void removeWorktree(GitRepo main, String id, java.nio.file.Path dir) throws CtxException {
        Worktrees.remove(main, worktreeName(id), dir);
    }
}

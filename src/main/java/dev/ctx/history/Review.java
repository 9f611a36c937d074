package dev.ctx.history;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.FormatException;
import dev.ctx.format.SystemBudgets;
import dev.ctx.format.Validator;
import dev.ctx.model.ChangeStatus;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileChange;
import dev.ctx.model.FileDiff;
import dev.ctx.model.Finding;
import dev.ctx.model.Kind;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.RepoPath;
import dev.ctx.model.ReviewReport;
import dev.ctx.model.SystemBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the {@link ReviewReport} of a range. HEAD is compared with the merge base of BASE and HEAD, as
 * a pull request is: work that landed on the base meanwhile is not the branch's to answer for.
 */
public final class Review {
    /** Token similarity at or above which an added fact is reported as a likely duplicate. */
    public static final double DEFAULT_THRESHOLD = 0.7;
    private static final int MIN_TOKENS = 3;

    private final History history;

    public Review(History history) {
        this.history = history;
    }

    /** The range a review covers by default: the branch's upstream, else the previous commit. */
    public String defaultRange() throws CtxException {
        String up = history.gitHistory().upstreamName();
        if (up != null && history.gitHistory().upstream() != null) {
            return up + "..HEAD";
        }
        String tip = history.tip();
        if (history.commit(tip).parents().isEmpty()) {
            return tip + "..HEAD";
        }
        return "HEAD~1..HEAD";
    }

    public ReviewReport review(String rangeSpec, double threshold) throws CtxException {
        History.Range r = history.range(rangeSpec);
        String mb = history.gitHistory().mergeBase(r.base(), r.head());
        String base = mb == null ? r.base() : mb;
        List<MemoryCommit> commits = history.commits(r.head(), base);
        List<FileDiff> diffs = history.diffCommits(base, r.head(), null);
        CtxConfig config = config(r.head());
        List<Finding> findings = new ArrayList<>(new Validator(config).checkRepository(history.store().files(r.head())));
        configFinding(r.head()).ifPresent(findings::add);
        ReviewReport.Budget budget = budget(base, r.head(), config);
        List<ReviewReport.FileReview> files = files(diffs, commits);
        List<ReviewReport.Duplicate> dups = duplicates(base, diffs, threshold);
        List<String> blockers = new ArrayList<>();
        long errors = findings.stream().filter(Finding::isError).count();
        if (errors > 0) {
            blockers.add(errors + " validation error" + (errors == 1 ? "" : "s") + " at head (run 'ctx validate')");
        }
        if (budget.over()) {
            blockers.add("system/ is over budget: " + budget.charsAfter() + "/" + budget.budgetChars() + " characters, ~"
                    + budget.tokensAfter() + "/" + budget.budgetTokens() + " tokens");
        }
        return new ReviewReport(rangeSpec, base, r.head(), commits.size(), files, budget, findings, dups, contributors(commits), blockers);
    }

    private CtxConfig config(String commit) throws CtxException {
        String t = history.text(commit, CtxConfig.FILE);
        try {
            return t == null ? CtxConfig.defaults() : CtxConfig.parse(t);
        } catch (FormatException e) {
            return CtxConfig.defaults();
        }
    }

    private java.util.Optional<Finding> configFinding(String commit) throws CtxException {
        String t = history.text(commit, CtxConfig.FILE);
        if (t == null) {
            return java.util.Optional.of(Finding.error(CtxConfig.FILE, 0, "config-missing", "ctx.yaml is missing"));
        }
        try {
            CtxConfig.parse(t);
            return java.util.Optional.empty();
        } catch (FormatException e) {
            return java.util.Optional.of(Finding.error(CtxConfig.FILE, e.line(), e.rule(), e.getMessage()));
        }
    }

    private ReviewReport.Budget budget(String base, String head, CtxConfig config) throws CtxException {
        SystemBudget before = systemBudget(base, config);
        SystemBudget after = systemBudget(head, config);
        return new ReviewReport.Budget(before.chars(), after.chars(), before.tokens(), after.tokens(), after.budgetChars(), after.budgetTokens());
    }

    private SystemBudget systemBudget(String commit, CtxConfig config) throws CtxException {
        Map<RepoPath, String> system = new HashMap<>();
        for (String p : history.store().git().listPaths(commit, "system")) {
            RepoPath rp = RepoPath.of(p);
            if (rp.isSystem()) {
                system.put(rp, history.text(commit, p));
            }
        }
        return SystemBudgets.measure(config, system);
    }

    private List<ReviewReport.FileReview> files(List<FileDiff> diffs, List<MemoryCommit> commits) {
        Map<String, Set<String>> splitInto = splits(diffs);
        Map<String, Set<String>> agents = new HashMap<>();
        Map<String, Set<String>> sessions = new HashMap<>();
        for (MemoryCommit c : commits) {
            for (FileChange f : c.files()) {
                for (String p : new String[] {f.path(), f.oldPath()}) {
                    if (p != null) {
                        if (c.agent() != null) {
                            agents.computeIfAbsent(p, k -> new TreeSet<>()).add(c.agent());
                        }
                        if (c.session() != null) {
                            sessions.computeIfAbsent(p, k -> new TreeSet<>()).add(c.session());
                        }
                    }
                }
            }
        }
        List<ReviewReport.FileReview> out = new ArrayList<>();
        for (FileDiff d : diffs) {
            Set<String> a = new TreeSet<>(agents.getOrDefault(d.path(), Set.of()));
            Set<String> s = new TreeSet<>(sessions.getOrDefault(d.path(), Set.of()));
            if (d.oldPath() != null) {
                a.addAll(agents.getOrDefault(d.oldPath(), Set.of()));
                s.addAll(sessions.getOrDefault(d.oldPath(), Set.of()));
            }
            String source = d.oldPath() != null ? d.oldPath() : d.path();
            Set<String> into = splitInto.getOrDefault(source, Set.of());
            String status = into.isEmpty() ? d.status().name().toLowerCase(java.util.Locale.ROOT) : "split";
            out.add(new ReviewReport.FileReview(d.path(), status, d.oldPath(), new ArrayList<>(into), d.descriptionBefore(), d.descriptionAfter(),
                    d.factsAdded(), d.factsRemoved(), d.linesAdded(), d.linesRemoved(), new ArrayList<>(a), new ArrayList<>(s)));
        }
        return out;
    }

    /**
     * Files whose facts went to new files: for each file that lost facts, the added files (not renames)
     * at least half of whose facts came from it. A deleted file counts as split only into two or more.
     */
    static Map<String, Set<String>> splits(List<FileDiff> diffs) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (FileDiff src : diffs) {
            if (src.factsRemoved().isEmpty() || src.status() == ChangeStatus.ADDED) {
                continue;
            }
            Set<String> lost = new HashSet<>(src.factsRemoved());
            Set<String> targets = new LinkedHashSet<>();
            for (FileDiff t : diffs) {
                if (t.status() != ChangeStatus.ADDED || t.factsAdded().isEmpty()) {
                    continue;
                }
                long from = t.factsAdded().stream().filter(lost::contains).count();
                if (from > 0 && from * 2 >= t.factsAdded().size()) {
                    targets.add(t.path());
                }
            }
            String source = src.oldPath() != null ? src.oldPath() : src.path();
            if (src.status() == ChangeStatus.RENAMED) {
                targets.add(src.path());
            }
            boolean split = src.status() == ChangeStatus.DELETED ? targets.size() >= 2 : !targets.isEmpty() && (src.status() != ChangeStatus.RENAMED || targets.size() >= 2);
            if (split) {
                out.put(source, targets);
            }
        }
        return out;
    }

    private List<ReviewReport.Duplicate> duplicates(String base, List<FileDiff> diffs, double threshold) throws CtxException {
        Set<String> removedInRange = new HashSet<>();
        for (FileDiff d : diffs) {
            removedInRange.addAll(d.factsRemoved());
        }
        List<String[]> existing = new ArrayList<>();
        List<Set<String>> existingTokens = new ArrayList<>();
        for (String p : history.store().git().listPaths(base, "")) {
            RepoPath rp = RepoPath.of(p);
            if (!rp.isMarkdown() || rp.kind() == Kind.RECALL || rp.kind() == Kind.OTHER) {
                continue;
            }
            FileDiff whole = FileDiffs.of(ChangeStatus.ADDED, null, p, null, history.text(base, p));
            for (String f : whole.factsAdded()) {
                Set<String> tokens = Facts.tokens(f);
                if (!removedInRange.contains(f) && tokens.size() >= MIN_TOKENS) {
                    existing.add(new String[] {p, f});
                    existingTokens.add(tokens);
                }
            }
        }
        List<ReviewReport.Duplicate> out = new ArrayList<>();
        for (FileDiff d : diffs) {
            for (String fact : d.factsAdded()) {
                Set<String> tokens = Facts.tokens(fact);
                if (removedInRange.contains(fact) || tokens.size() < MIN_TOKENS) {
                    continue;
                }
                double best = 0;
                int at = -1;
                int contradicts = -1;
                for (int i = 0; i < existing.size(); i++) {
                    double s = Facts.similarity(tokens, existingTokens.get(i));
                    if (s > best) {
                        best = s;
                        at = i;
                    }
                    if (contradicts < 0 && Facts.oneTermSwapped(tokens, existingTokens.get(i))) {
                        contradicts = i;
                    }
                }
                if (contradicts >= 0) {
                    double s = Facts.similarity(tokens, existingTokens.get(contradicts));
                    out.add(new ReviewReport.Duplicate(d.path(), fact, existing.get(contradicts)[0], existing.get(contradicts)[1],
                            Math.round(s * 100) / 100.0, ReviewReport.Duplicate.CONTRADICTION));
                } else if (at >= 0 && best >= threshold) {
                    out.add(new ReviewReport.Duplicate(d.path(), fact, existing.get(at)[0], existing.get(at)[1], Math.round(best * 100) / 100.0));
                }
            }
        }
        return out;
    }

    private static List<ReviewReport.Contributor> contributors(List<MemoryCommit> commits) {
        Map<String, Set<String>> sessions = new TreeMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Set<String>> files = new HashMap<>();
        for (MemoryCommit c : commits) {
            if (c.isMerge()) {
                continue;
            }
            String a = c.agent() != null ? c.agent() : c.author();
            sessions.computeIfAbsent(a, k -> new TreeSet<>());
            if (c.session() != null) {
                sessions.get(a).add(c.session());
            }
            counts.merge(a, 1, Integer::sum);
            for (FileChange f : c.files()) {
                files.computeIfAbsent(a, k -> new TreeSet<>()).add(f.path());
            }
        }
        List<ReviewReport.Contributor> out = new ArrayList<>();
        sessions.forEach((a, s) -> out.add(new ReviewReport.Contributor(a, new ArrayList<>(s), counts.get(a),
                new ArrayList<>(files.getOrDefault(a, Set.of())))));
        return out;
    }
}

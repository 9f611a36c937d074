package dev.ctx.store;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.format.PathRules;
import dev.ctx.format.SystemBudgets;
import dev.ctx.format.Validator;
import dev.ctx.git.GitRepo;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a write must pass before anything of it is written: the checks of every file a change produces. */
final class WriteChecks {
    private WriteChecks() {
    }

    /**
     * Checks every file the change produces, before anything is written: path rules, read_only,
     * bytes (size, NUL, UTF-8), the format rules, secrets, and the system/ budget. Returns the edits as bytes.
     */
    static Map<String, byte[]> validate(GitRepo git, Snapshot snap, Operation op, Change change, Map<String, Boolean> executable) throws CtxException {
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
}

package dev.ctx.app;

import dev.ctx.format.Validator;
import dev.ctx.git.GitRepo;
import dev.ctx.model.CtxException;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import dev.ctx.store.ContextStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What validation found: how many files were checked and the findings (all errors when strict). */
public record Validation(int files, List<Finding> findings) {
    public Validation {
        findings = List.copyOf(findings);
    }

    public long errors() {
        return findings.stream().filter(Finding::isError).count();
    }

    public long warnings() {
        return findings.size() - errors();
    }

    /**
     * Checks the working tree as it is (the branch tip overlaid with uncommitted edits), or the git index
     * when {@code staged}; only {@code paths} when given, else the whole repository with its repository-wide rules.
     */
    static Validation run(ContextStore store, List<RepoPath> paths, boolean staged, boolean strict) throws CtxException {
        Map<RepoPath, byte[]> files = staged ? toRepoPaths(store.git().stagedFiles()) : workingTree(store);
        Validator v = new Validator(store.config());
        List<Finding> findings;
        if (paths.isEmpty()) {
            findings = v.checkRepository(files);
        } else {
            findings = new ArrayList<>();
            for (RepoPath rp : paths) {
                byte[] b = files.get(rp);
                if (b == null) {
                    throw CtxException.notFound(rp + " does not exist" + (staged ? " in the index" : "") + "; see 'ctx list'");
                }
                findings.addAll(v.checkBytes(rp, b));
            }
        }
        return new Validation(files.size(), strict ? findings.stream().map(Finding::strict).toList() : findings);
    }

    private static Map<RepoPath, byte[]> toRepoPaths(Map<String, byte[]> raw) {
        Map<RepoPath, byte[]> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(RepoPath.of(k), v));
        return out;
    }

    /** The branch tip overlaid with uncommitted edits, additions and deletions of the working tree. */
    private static Map<RepoPath, byte[]> workingTree(ContextStore store) throws CtxException {
        GitRepo git = store.git();
        Map<RepoPath, byte[]> files = store.files(git.tip());
        for (String p : git.uncommitted()) {
            RepoPath rp;
            try {
                rp = RepoPath.of(p);
            } catch (IllegalArgumentException e) {
                continue;
            }
            byte[] b;
            try {
                b = git.readWorkTree(p);
            } catch (CtxException e) {
                b = null; // a symbolic link: not followed, not memory
            }
            if (b == null) {
                files.remove(rp);
            } else {
                files.put(rp, b);
            }
        }
        return files;
    }
}

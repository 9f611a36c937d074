package dev.ctx.app;

import dev.ctx.format.SystemBudgets;
import dev.ctx.format.Validator;
import dev.ctx.model.CtxException;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
import dev.ctx.store.ContextStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a repository at a glance: where it is, its branch and head, its files, uncommitted edits,
 * the validation summary, the always-loaded context against its budget, and whether opening it finished
 * a write an interrupted process left half done.
 */
public record Status(Path path, String branch, String head, String headSubject, int files, List<String> uncommitted,
                     long errors, long warnings, SystemBudget system, boolean recoveredInterruptedWrite) {
    public Status {
        uncommitted = List.copyOf(uncommitted);
    }

    static Status of(ContextStore store) throws CtxException {
        boolean recovered = store.recover();
        String tip = store.git().tip();
        String subject = store.git().commitInfo(tip).subject();
        List<String> uncommitted = List.copyOf(store.git().uncommitted());
        Map<RepoPath, byte[]> files = store.files(tip);
        List<Finding> findings = new Validator(store.config()).checkRepository(files);
        long errors = findings.stream().filter(Finding::isError).count();
        Map<RepoPath, String> system = new HashMap<>();
        files.forEach((p, b) -> {
            if (p.isSystem()) {
                system.put(p, new String(b, StandardCharsets.UTF_8));
            }
        });
        SystemBudget budget = SystemBudgets.measure(store.config(), system);
        return new Status(store.root(), store.git().branch(), tip, subject, files.size(), uncommitted, errors,
                findings.size() - errors, budget, recovered);
    }
}

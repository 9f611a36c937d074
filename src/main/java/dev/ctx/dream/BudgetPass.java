package dev.ctx.dream;

import dev.ctx.format.SystemBudgets;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Brings {@code system/} back within its budget by moving the least-used pinned blocks out of it, to the
 * same label outside {@code system/} (on demand: listed with their description, read when needed). Use is
 * what history records: the files changed by the fewest commits go first, the longest untouched first
 * among equals, then the largest (fewer moves). Read-only blocks stay where a person pinned them.
 */
final class BudgetPass implements Pass {
    @Override
    public String name() {
        return "budget";
    }

    @Override
    public PassChange run(Memory memory) {
        Map<RepoPath, String> system = new TreeMap<>();
        memory.files().forEach((p, t) -> {
            if (p.isSystem()) {
                system.put(p, t);
            }
        });
        SystemBudget before = SystemBudgets.measure(memory.config(), system);
        if (!before.over()) {
            return PassChange.none();
        }
        List<RepoPath> candidates = new ArrayList<>();
        for (RepoPath p : system.keySet()) {
            if (Docs.writable(system.get(p)).isPresent()) {
                candidates.add(p);
            }
        }
        Memory.Use none = new Memory.Use(0, 0);
        candidates.sort(Comparator.comparingInt((RepoPath p) -> memory.use().getOrDefault(p, none).commits())
                .thenComparingLong(p -> memory.use().getOrDefault(p, none).lastChanged())
                .thenComparing(p -> -system.get(p).length())
                .thenComparing(p -> p));
        PassChange.Builder b = new PassChange.Builder();
        Set<RepoPath> taken = new java.util.HashSet<>(memory.files().keySet());
        SystemBudget now = before;
        for (RepoPath p : candidates) {
            if (!now.over()) {
                break;
            }
            RepoPath to = outside(p, taken);
            String text = system.remove(p);
            b.delete(p);
            b.put(to, text);
            Memory.Use u = memory.use().getOrDefault(p, none);
            b.details.add("- moved " + p + " to " + to + " (changed by " + u.commits() + " commit" + (u.commits() == 1 ? "" : "s")
                    + (u.lastChanged() > 0 ? ", last " + Instant.ofEpochSecond(u.lastChanged()).toString().substring(0, 10) : "") + ")");
            now = SystemBudgets.measure(memory.config(), system);
        }
        return b.build("move " + b.details.size() + " least-used block" + (b.details.size() == 1 ? "" : "s") + " out of system/ ("
                        + before.chars() + " -> " + now.chars() + " of " + before.budgetChars() + " characters)",
                "system/ is loaded in full at every session start and was over its budget (ctx.yaml system.budget_*), so writes to it "
                        + "were refused; the blocks history shows least used are now on demand, found by their description and by search.");
    }

    private static RepoPath outside(RepoPath p, Set<RepoPath> taken) {
        String rest = p.value().substring("system/".length());
        RepoPath to = RepoPath.of(rest);
        if (taken.contains(to) || to.kind() != dev.ctx.model.Kind.MEMORY) {
            to = RepoPath.of("unpinned/" + rest);
        }
        for (int n = 2; taken.contains(to); n++) {
            to = RepoPath.of("unpinned/" + rest.substring(0, rest.length() - 3) + "-" + n + ".md");
        }
        taken.add(to);
        return to;
    }
}

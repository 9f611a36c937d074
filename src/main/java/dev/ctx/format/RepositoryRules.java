package dev.ctx.format;

import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Rules across files: the system/ budget, skill folders and names, and paths that collide by case. */
final class RepositoryRules {
    private RepositoryRules() {
    }

    /**
     * @param paths   every path of the repository
     * @param decoded the text of every file that passed the byte-level rules
     */
    static void check(CtxConfig config, Collection<RepoPath> paths, Map<RepoPath, String> decoded, List<Finding> out) {
        systemBudget(config, decoded, out);
        skills(paths, decoded, out);
        caseCollisions(paths, out);
    }

    private static void systemBudget(CtxConfig config, Map<RepoPath, String> decoded, List<Finding> out) {
        SystemBudget b = SystemBudgets.measure(config, decoded);
        if (b.over()) {
            out.add(Finding.error("", 0, "system-budget", "system/ holds " + b.chars() + " characters (about " + b.tokens()
                    + " tokens) in " + b.files() + " files, over the budget of " + config.systemBudgetChars() + " characters and "
                    + config.systemBudgetTokens() + " tokens (ctx.yaml system.budget_chars, system.budget_tokens); "
                    + "move detail to on-demand memory outside system/"));
        }
    }

    private static void skills(Collection<RepoPath> paths, Map<RepoPath, String> decoded, List<Finding> out) {
        Map<String, List<RepoPath>> folders = new TreeMap<>();
        for (RepoPath p : paths) {
            List<String> s = p.segments();
            if (s.size() >= 3 && s.get(0).equals("skills") && !s.get(1).startsWith(".")) {
                folders.computeIfAbsent(s.get(1), k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, String> names = new TreeMap<>();
        for (Map.Entry<String, List<RepoPath>> e : folders.entrySet()) {
            RepoPath skillFile = RepoPath.of("skills/" + e.getKey() + "/" + SkillRules.FILE);
            if (!e.getValue().contains(skillFile)) {
                RepoPath first = new TreeSet<>(e.getValue()).first();
                out.add(Finding.error(first.value(), 0, "skill-missing", "skill folder skills/" + e.getKey()
                        + "/ has no SKILL.md (the name is case-sensitive); add one or move these files out"));
            } else if (nameOf(decoded.get(skillFile)) != null) {
                names.put(e.getKey(), nameOf(decoded.get(skillFile)));
            }
        }
        duplicates(names, out);
    }

    /** Names that match their folder claim them first, so the finding lands on the skill that is misnamed. */
    private static void duplicates(Map<String, String> folderToName, List<Finding> out) {
        Map<String, String> owner = new LinkedHashMap<>();
        List<Map.Entry<String, String>> ordered = new ArrayList<>(folderToName.entrySet());
        ordered.sort(Comparator.comparing((Map.Entry<String, String> e) -> !e.getKey().equals(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, String> e : ordered) {
            String other = owner.putIfAbsent(e.getValue(), e.getKey());
            if (other != null) {
                out.add(Finding.error("skills/" + e.getKey() + "/" + SkillRules.FILE, 0, "skill-duplicate", "skill name '"
                        + e.getValue() + "' is also the name of skills/" + other + "/SKILL.md; skill names must be unique"));
            }
        }
    }

    private static String nameOf(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Document.parse(text).frontMatter().string("name");
        } catch (FormatException e) {
            return null;
        }
    }

    private static void caseCollisions(Collection<RepoPath> paths, List<Finding> out) {
        Map<String, RepoPath> seen = new TreeMap<>();
        for (RepoPath p : new TreeSet<>(paths)) {
            RepoPath earlier = seen.putIfAbsent(p.value().toLowerCase(Locale.ROOT), p);
            if (earlier != null) {
                out.add(Finding.error(p.value(), 0, "path-case", "path differs from '" + earlier.value()
                        + "' only by letter case; the two collide on macOS and Windows checkouts"));
            }
        }
    }
}

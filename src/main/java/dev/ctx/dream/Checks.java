package dev.ctx.dream;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.format.PathRules;
import dev.ctx.format.SystemBudgets;
import dev.ctx.format.Validator;
import dev.ctx.history.Facts;
import dev.ctx.model.Finding;
import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every pass (and the whole dream) must pass before it may land: valid format (skills under the
 * strict rules), within limits and the system/ budget, and no fact lost: every fact of the memory before
 * is still in some file after, or its removal is named as a duplicate (whose twin is really where the
 * name says) or as superseded. Only what the change made worse counts: a finding the file already had is
 * not the dream's fault.
 */
final class Checks {
    private static final Pattern REMOVAL = Pattern.compile("^- (duplicate|superseded) in (\\S+), (?:kept in|moved to) (\\S+): (.*)$", Pattern.MULTILINE);
    /** How alike the kept twin of a named duplicate must be: a model that calls a fact a duplicate of nothing is caught. */
    static final double TWIN = 0.5;

    /** One broken check, with the path it is about (null: the whole change). */
    record Problem(RepoPath path, String reason) {
        @Override
        public String toString() {
            return (path == null ? "" : path + ": ") + reason;
        }
    }

    private Checks() {
    }

    /** The removals named in commit messages (the lines {@link PassChange.Removal#line()} writes). */
    static List<PassChange.Removal> removalsIn(String message) {
        List<PassChange.Removal> out = new ArrayList<>();
        Matcher m = REMOVAL.matcher(message);
        while (m.find()) {
            out.add(new PassChange.Removal(m.group(1), m.group(4).strip(), m.group(2), m.group(3)));
        }
        return out;
    }

    static List<Problem> check(Memory before, Map<RepoPath, String> after, List<PassChange.Removal> removals, CtxConfig config) {
        List<Problem> out = new ArrayList<>();
        format(before.files(), after, config, out);
        budget(before.files(), after, config, out);
        facts(before.files(), after, removals, out);
        return out;
    }

    private static void format(Map<RepoPath, String> before, Map<RepoPath, String> after, CtxConfig config, List<Problem> out) {
        Validator v = new Validator(config);
        Map<String, RepoPath> movedFrom = new HashMap<>();
        before.forEach((p, t) -> movedFrom.putIfAbsent(t, p));
        for (Map.Entry<RepoPath, String> e : after.entrySet()) {
            RepoPath p = e.getKey();
            if (Objects.equals(before.get(p), e.getValue())) {
                continue;
            }
            if (p.value().equals(CtxConfig.FILE) || p.segments().get(0).startsWith(".")) {
                out.add(new Problem(p, "a dream never changes ctx.yaml or hidden files"));
                continue;
            }
            if (!before.containsKey(p)) {
                PathRules.violation(p).ifPresent(bad -> out.add(new Problem(p, "refused " + bad)));
            }
            // What the file had before, or the file it was moved from: a finding it already had is not the change's doing.
            RepoPath was = before.containsKey(p) ? p : movedFrom.get(e.getValue());
            Set<String> had = new HashSet<>();
            if (was != null) {
                for (Finding f : v.checkFile(was, before.get(was))) {
                    had.add(f.rule()); // by rule: "over the limit" stays the same finding when the count changes
                }
            }
            boolean shrankOrSame = was != null && bodyLength(e.getValue()) <= bodyLength(before.get(was));
            boolean strict = p.kind() == Kind.SKILL;
            for (Finding f : v.checkFile(p, e.getValue())) {
                Finding g = strict ? f.strict() : f;
                // A file that was invalid before may show its limit error only once the other error is fixed: not new if it did not grow.
                if (g.isError() && !had.contains(f.rule()) && !(shrankOrSame && f.rule().startsWith("limit"))) {
                    out.add(new Problem(p, g.rule() + ": " + g.message()));
                }
            }
        }
    }

    private static void budget(Map<RepoPath, String> before, Map<RepoPath, String> after, CtxConfig config, List<Problem> out) {
        SystemBudget b = SystemBudgets.measure(config, before);
        SystemBudget a = SystemBudgets.measure(config, after);
        if (a.over() && a.chars() > b.chars()) {
            RepoPath grown = null;
            for (Map.Entry<RepoPath, String> e : after.entrySet()) {
                if (e.getKey().isSystem() && !Objects.equals(before.get(e.getKey()), e.getValue())) {
                    grown = e.getKey();
                }
            }
            out.add(new Problem(grown, "system/ would hold " + a.chars() + " characters, over its budget of " + a.budgetChars()));
        }
    }

    private static void facts(Map<RepoPath, String> before, Map<RepoPath, String> after, List<PassChange.Removal> removals, List<Problem> out) {
        Map<String, RepoPath> was = factsOf(before);
        Map<String, RepoPath> now = factsOf(after);
        Map<String, PassChange.Removal> named = new HashMap<>();
        for (PassChange.Removal r : removals) {
            named.put(r.fact(), r);
        }
        Map<RepoPath, List<String>> lostBy = new LinkedHashMap<>();
        List<Set<String>> everywhere = new ArrayList<>();
        for (Map.Entry<String, RepoPath> e : was.entrySet()) {
            if (now.containsKey(e.getKey())) {
                continue;
            }
            PassChange.Removal r = named.get(e.getKey());
            if (r != null && (r.kind().equals(PassChange.Removal.SUPERSEDED) || twinPresent(r, after) || twinAnywhere(r, now, everywhere))) {
                continue;
            }
            String why = r == null ? "not named as a duplicate or superseded" : "named a duplicate, but " + r.where() + " holds no such fact";
            lostBy.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add("'" + cut(e.getKey()) + "' (" + why + ")");
        }
        lostBy.forEach((p, facts) -> out.add(new Problem(p, "would lose " + facts.size() + " fact" + (facts.size() == 1 ? "" : "s") + ": "
                + String.join("; ", facts.subList(0, Math.min(3, facts.size()))) + (facts.size() > 3 ? "; ..." : ""))));
    }

    /**
     * A later pass may move the kept twin on (a split, a move out of system/): for the whole dream the twin may
     * be in any file. Token sets of every fact are built once, on the first removal that needs them.
     */
    private static boolean twinAnywhere(PassChange.Removal r, Map<String, RepoPath> now, List<Set<String>> everywhere) {
        if (everywhere.isEmpty()) {
            now.keySet().forEach(f -> everywhere.add(Facts.tokens(f)));
        }
        Set<String> tokens = Facts.tokens(r.fact());
        for (Set<String> t : everywhere) {
            if (Facts.similarity(tokens, t) >= TWIN) {
                return true;
            }
        }
        return false;
    }

    private static boolean twinPresent(PassChange.Removal r, Map<RepoPath, String> after) {
        String text = after.get(RepoPath.of(r.where()));
        if (text == null) {
            return false;
        }
        Set<String> tokens = Facts.tokens(r.fact());
        for (String f : Facts.of(body(text))) {
            if (f.equalsIgnoreCase(r.fact()) || Facts.similarity(tokens, Facts.tokens(f)) >= TWIN) {
                return true;
            }
        }
        return false;
    }

    /** Every fact of the files that hold memory (all markdown but recall/), with a file it is in. */
    static Map<String, RepoPath> factsOf(Map<RepoPath, String> files) {
        Map<String, RepoPath> out = new LinkedHashMap<>();
        files.forEach((p, t) -> {
            if (Memory.counts(p)) {
                for (String f : Facts.of(body(t))) {
                    out.putIfAbsent(f, p);
                }
            }
        });
        return out;
    }

    private static int bodyLength(String text) {
        return body(text).length();
    }

    private static String body(String text) {
        try {
            return Document.parse(text).body();
        } catch (FormatException e) {
            return text;
        }
    }

    private static String cut(String s) {
        return s.length() <= 80 ? s : s.substring(0, 79) + "…";
    }
}

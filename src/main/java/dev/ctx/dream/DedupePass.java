package dev.ctx.dream;

import dev.ctx.format.Document;
import dev.ctx.history.Facts;
import dev.ctx.model.RepoPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges exact and near-duplicate facts, within a file and across files. Pinned files are read first, so
 * of two equal facts the pinned copy is kept; of two near-duplicates (token similarity at or above the
 * threshold, not differing by one swapped term, which is more likely a contradiction) the one that says
 * more is kept. Every removed line is named in the commit with the file that keeps its twin.
 */
final class DedupePass implements Pass {
    static final double NEAR = 0.85;
    private static final int MIN_TOKENS = 4;
    /** Candidates are looked up by a fact's rarest tokens only: enough to find a near twin, bounded work per fact. */
    private static final int PROBE_TOKENS = 3;

    /** One fact line; the same line is the same occurrence (path and line), whatever its tokens. */
    private record Occurrence(RepoPath path, int line, String fact, String key, Set<String> tokens, boolean item, List<String> numbers) {
        Occurrence(RepoPath path, int line, String fact, String key, Set<String> tokens, boolean item) {
            this(path, line, fact, key, tokens, item, DedupePass.numbers(fact));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Occurrence x && x.line == line && x.path.equals(path);
        }

        @Override
        public int hashCode() {
            return path.hashCode() * 31 + line;
        }
    }

    @Override
    public String name() {
        return "dedupe";
    }

    @Override
    public PassChange run(Memory memory) {
        Map<RepoPath, List<BodyLines.Line>> bodies = new LinkedHashMap<>();
        Map<RepoPath, Document> docs = new HashMap<>();
        Map<RepoPath, Boolean> writable = new HashMap<>();
        List<RepoPath> order = new ArrayList<>(memory.memoryFiles().keySet());
        order.sort(Comparator.comparing((RepoPath p) -> !p.isSystem()).thenComparing(p -> p));
        for (RepoPath p : order) {
            Optional<Document> d = Docs.parse(memory.files().get(p));
            if (d.isPresent()) {
                docs.put(p, d.get());
                bodies.put(p, BodyLines.of(d.get().body()));
                writable.put(p, !d.get().readOnly());
            }
        }
        Map<String, Occurrence> exact = new HashMap<>();
        Map<String, List<Occurrence>> byToken = new HashMap<>();
        Map<String, Integer> df = documentFrequencies(bodies);
        Map<Occurrence, Occurrence> removed = new LinkedHashMap<>(); // removed -> the occurrence kept
        for (Map.Entry<RepoPath, List<BodyLines.Line>> e : bodies.entrySet()) {
            List<BodyLines.Line> lines = e.getValue();
            for (int i = 0; i < lines.size(); i++) {
                BodyLines.Line l = lines.get(i);
                if (!l.fact()) {
                    continue;
                }
                String fact = l.normalized();
                Occurrence o = new Occurrence(e.getKey(), i, fact, fact.toLowerCase(Locale.ROOT), Facts.tokens(fact), l.item());
                Occurrence twin = exact.get(o.key());
                boolean mayRemove = writable.get(o.path()) && (o.item() || o.tokens().size() >= MIN_TOKENS);
                if (twin != null && mayRemove) {
                    removed.put(o, twin);
                    continue;
                }
                Occurrence near = o.item() && o.tokens().size() >= MIN_TOKENS ? nearest(o, byToken, df, removed) : null;
                if (near != null && writable.get(o.path()) && o.tokens().size() <= near.tokens().size()) {
                    removed.put(o, near);
                    continue;
                }
                if (near != null && writable.get(near.path()) && o.tokens().size() > near.tokens().size()) {
                    removed.put(near, o); // the new one says more: it is kept, its shorter twin goes
                }
                exact.putIfAbsent(o.key(), o);
                if (o.item() && o.tokens().size() >= MIN_TOKENS) {
                    for (String t : o.tokens()) {
                        byToken.computeIfAbsent(t, k -> new ArrayList<>()).add(o);
                    }
                }
            }
        }
        return change(removed, bodies, docs);
    }

    private static Map<String, Integer> documentFrequencies(Map<RepoPath, List<BodyLines.Line>> bodies) {
        Map<String, Integer> df = new HashMap<>();
        for (List<BodyLines.Line> lines : bodies.values()) {
            for (BodyLines.Line l : lines) {
                if (l.fact()) {
                    for (String t : Facts.tokens(l.normalized())) {
                        df.merge(t, 1, Integer::sum);
                    }
                }
            }
        }
        return df;
    }

    private static Occurrence nearest(Occurrence o, Map<String, List<Occurrence>> byToken, Map<String, Integer> df, Map<Occurrence, Occurrence> removed) {
        List<String> probes = new ArrayList<>(o.tokens());
        probes.sort(Comparator.comparing((String t) -> df.getOrDefault(t, 0)).thenComparing(t -> t));
        Set<Occurrence> seen = new HashSet<>();
        Occurrence best = null;
        double bestScore = NEAR;
        for (String t : probes.subList(0, Math.min(PROBE_TOKENS, probes.size()))) {
            for (Occurrence c : byToken.getOrDefault(t, List.of())) {
                if (!seen.add(c) || removed.containsKey(c) || !o.numbers().equals(c.numbers())) {
                    continue;
                }
                double s = Facts.similarity(o.tokens(), c.tokens());
                if (s >= bestScore && !Facts.oneTermSwapped(o.tokens(), c.tokens())) {
                    best = c;
                    bestScore = s;
                }
            }
        }
        return best;
    }

    /**
     * The numbers a fact states: two facts that differ in one ("port 8080", "port 8081"; "step 1", "step 2") are
     * different facts or a contradiction, never duplicates, however alike their words.
     */
    static List<String> numbers(String fact) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = DIGITS.matcher(fact);
        while (m.find()) {
            out.add(m.group());
        }
        return out; // in order: "module 1, step 2" and "module 2, step 1" are different facts
    }

    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("\\d+(?:[.,]\\d+)*");

    private PassChange change(Map<Occurrence, Occurrence> removed, Map<RepoPath, List<BodyLines.Line>> bodies, Map<RepoPath, Document> docs) {
        PassChange.Builder b = new PassChange.Builder();
        Map<RepoPath, Set<Integer>> drop = new LinkedHashMap<>();
        removed.forEach((gone, kept) -> {
            drop.computeIfAbsent(gone.path(), k -> new HashSet<>()).add(gone.line());
            b.removals.add(new PassChange.Removal(PassChange.Removal.DUPLICATE, gone.fact(), gone.path().value(), keeper(kept, removed).path().value()));
        });
        int files = 0;
        for (Map.Entry<RepoPath, Set<Integer>> e : drop.entrySet()) {
            List<BodyLines.Line> lines = bodies.get(e.getKey());
            List<BodyLines.Line> kept = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (!e.getValue().contains(i)) {
                    kept.add(lines.get(i));
                }
            }
            b.put(e.getKey(), docs.get(e.getKey()).withBody(BodyLines.tidy(BodyLines.join(kept))).render());
            files++;
        }
        return b.build("merge " + removed.size() + " duplicate fact" + (removed.size() == 1 ? "" : "s") + " in " + files + " file" + (files == 1 ? "" : "s"),
                "The same fact stated twice costs context on every session and drifts apart when one copy is edited; "
                        + "one copy is kept (the pinned one, or the one that says more).");
    }

    /** Where a removed fact's twin lives at the end: follows the chain when the kept one was itself replaced. */
    private static Occurrence keeper(Occurrence kept, Map<Occurrence, Occurrence> removed) {
        Occurrence k = kept;
        for (int i = 0; i < 100 && removed.containsKey(k); i++) {
            k = removed.get(k);
        }
        return k;
    }
}

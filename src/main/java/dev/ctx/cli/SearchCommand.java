package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.Explanation;
import dev.ctx.model.FloorReport;
import dev.ctx.model.Kind;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.SearchResult;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search memory, skills, archive and recall: hybrid (BM25 + embeddings) when a model is configured, else BM25.",
            "Each hit shows its evidence in absolute terms: the embedding similarity to the query (a cosine) and the BM25",
            "score of the words it shares. A hit is kept when it shares 30% of the query's word weight (search.min_word_share,",
            "rare words weigh more), or when its similarity beats this query's noise level (its highest similarity to fixed",
            "passages about nothing in particular) by search.noise_margin and is at least search.min_similarity (ctx.yaml,",
            "defaults 0.05 and 0.78), or when it beats the mean of that level and its own text's noise level (its mean similarity",
            "to fixed neutral questions: a text close to every question gains nothing) by search.hub_margin (default 0.045).",
            "Otherwise it is dropped, and '(no hits)' says nothing matched. --explain prints the floor.",
            "Near-duplicates of a better hit are dropped too."})
final class SearchCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "What to look for (several words are one query).")
    List<String> query;

    @Option(names = "--mode", paramLabel = "MODE", description = "bm25, vector or hybrid (default: hybrid with a model, else bm25).")
    String mode;

    @Option(names = "--kind", paramLabel = "KIND", split = ",", description = "Only these kinds: memory, skill, archive, recall (repeat or comma-separate).")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PREFIX", description = "Only files under this folder or label.")
    String path;

    @Option(names = "--since", paramLabel = "DATE", description = "Only chunks dated at or after DATE: 2026-03-01, an ISO instant, or 7d / 12h / 2w ago.")
    String since;

    @Option(names = "-k", paramLabel = "N", description = "Number of hits (default ${DEFAULT-VALUE}).")
    int k = SearchRequest.DEFAULT_K;

    @Option(names = "--per-file", paramLabel = "N", description = "At most N hits from one file (default: no limit).")
    int perFile;

    @Option(names = "--explain", description = "Show the floor this query applied, and each hit's rank and score in the BM25 and vector lists and the fused score that orders them.")
    boolean explain;

    SearchCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        SearchRequest request = request();
        try (Ctx ctx = open()) {
            SearchResult r = ctx.search(request, perFile);
            Output out = out();
            for (String note : r.notes()) {
                out.note(note.startsWith("no embedding model configured") && ctx.embeddingProblem() != null
                        ? "no embedding model available (" + ctx.embeddingProblem() + "): searching with BM25 only" : note);
            }
            out.result("search", json(r), o -> text(o, r));
            if (r.pendingChunks() > 0) {
                ctx.embedPendingInBackground();
            }
            return ExitCode.OK;
        }
    }

    SearchRequest request() {
        try {
            if (perFile < 0) {
                throw new IllegalArgumentException("--per-file must be 0 (no limit) or more, not " + perFile);
            }
            if (k < 1 || k > SearchRequest.MAX_K) {
                throw new IllegalArgumentException("-k must be between 1 and " + SearchRequest.MAX_K + ", not " + k);
            }
            Set<Kind> ks = EnumSet.noneOf(Kind.class);
            for (String s : kinds) {
                Kind kind = Kind.parse(s.trim());
                if (kind == Kind.OTHER) {
                    throw new IllegalArgumentException("kind 'other' is not indexed (expected memory, skill, archive, recall)");
                }
                ks.add(kind);
            }
            return new SearchRequest(String.join(" ", query), mode == null ? null : SearchMode.parse(mode), ks, path,
                    since == null ? null : parseSince(since, env.clock().instant()), k, explain);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static Instant parseSince(String s, Instant now) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+[hdw]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + s + "' is not a date: use 2026-03-01, 2026-03-01T12:00:00Z, or 7d / 12h / 2w");
        }
    }

    private Map<String, Object> json(SearchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode().label());
        m.put("indexed_commit", r.indexedCommit());
        m.put("behind", r.behind());
        m.put("pending_chunks", r.pendingChunks());
        m.put("notes", r.notes());
        m.put("floor", floor(r.floor()));
        List<Map<String, Object>> hits = new ArrayList<>();
        for (SearchHit h : r.hits()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("path", h.path());
            j.put("heading", h.heading());
            j.put("line", h.line());
            j.put("kind", h.kind().label());
            j.put("tier", h.tier().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            j.put("date", h.date() == null ? null : h.date().toString());
            j.put("description", h.description());
            j.put("snippet", h.snippet());
            j.put("score", h.score());
            // The score ranks hits within one answer; these two mean the same in every answer.
            j.put("similarity", h.explain() == null ? null : h.explain().denseScore());
            j.put("bm25", h.explain() == null ? null : h.explain().bm25Score());
            j.put("word_share", h.explain() == null ? null : h.explain().words());
            j.put("id", h.id());
            if (explain && h.explain() != null) {
                Explanation e = h.explain();
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("bm25_rank", e.bm25Rank());
                x.put("bm25_score", e.bm25Score());
                x.put("bm25_normalised", e.bm25Norm());
                x.put("vector_rank", e.denseRank());
                x.put("vector_score", e.denseScore());
                x.put("vector_normalised", e.denseNorm());
                x.put("fused", e.fused());
                // hybrid's second stage: what the file's other hits, the speaker or the date the query names added
                Explanation.Lift lift = e.lift() == null ? new Explanation.Lift(0f, 0f, 0f) : e.lift();
                x.put("lift", lift.total());
                x.put("lift_file", lift.file());
                x.put("lift_speaker", lift.speaker());
                x.put("lift_date", lift.date());
                x.put("kept_by_speaker", r.floor() != null && r.floor().bySpeaker().contains(h.id()));
                j.put("explain", x);
            }
            hits.add(j);
        }
        m.put("hits", hits);
        return m;
    }

    /** The evidence floor in absolute terms (null in BM25, whose hits are never filtered). */
    private static Map<String, Object> floor(FloorReport f) {
        if (f == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_word_share", f.minWordShare());
        m.put("min_similarity", f.minSimilarity());
        m.put("noise_level", f.noiseLevel());
        m.put("noise_margin", f.noiseMargin());
        m.put("similarity_needed", f.similarityNeeded());
        m.put("hub_margin", f.hubMargin());
        // the noise level of each similarity-only hit's own text, by hit id (HubNoise): the hubness correction
        m.put("text_noise", new java.util.TreeMap<>(f.textNoise()));
        // hits kept with no evidence of their own: turns of the speaker an answered query names (SearchFloor.bySpeaker)
        m.put("by_speaker", f.bySpeaker());
        return m;
    }

    private void text(PrintStream o, SearchResult r) {
        if (explain && r.floor() != null) {
            FloorReport f = r.floor();
            o.printf(Locale.ROOT, "floor: word share >= %.2f, or similarity >= %.3f%s%s%n", f.minWordShare(), f.similarityNeeded(),
                    f.noiseLevel() == null || f.noiseMargin() == null ? " (search.min_similarity)"
                            : String.format(Locale.ROOT, " (this query's noise level %.3f + margin %.3f; search.min_similarity %.2f)",
                                    f.noiseLevel(), f.noiseMargin(), f.minSimilarity()),
                    f.noiseLevel() == null || f.hubMargin() == null ? ""
                            : String.format(Locale.ROOT, ", or similarity - (%.3f + the hit's text noise) / 2 >= %.3f (search.hub_margin)",
                                    f.noiseLevel(), f.hubMargin()));
        }
        if (r.hits().isEmpty()) {
            o.println("(no hits)");
        }
        int i = 1;
        Set<String> titled = new java.util.HashSet<>();
        for (SearchHit h : r.hits()) {
            String heading = heading(h.heading(), !titled.add(h.path()));
            o.printf(Locale.ROOT, "%d. %s%s  (%s)%n", i++, h.path(), heading, evidence(h));
            o.println("   " + h.snippet());
            if (explain && h.explain() != null) {
                Explanation e = h.explain();
                o.printf(Locale.ROOT, "   why: bm25 %s, vector %s, %s %.3f%n",
                        part(e.bm25Rank(), e.bm25Score(), e.bm25Norm()), part(e.denseRank(), e.denseScore(), e.denseNorm()),
                        r.mode() == SearchMode.HYBRID ? "fused 0.4*bm25 + 0.6*vector =" : "score", e.fused());
                if (e.lift() != null && e.lift().total() > 1e-4) {
                    o.printf(Locale.ROOT, "   lifted: +%.3f by %s = %.3f%n", e.lift().total(), lifts(e.lift()), h.score());
                }
                if (r.floor() != null && r.floor().bySpeaker().contains(h.id())) {
                    o.println("   kept: a turn of the speaker the query names, in an answer with evidence of its own");
                }
                Float textNoise = r.floor() == null ? null : r.floor().textNoise().get(h.id());
                if (textNoise != null && e.denseScore() != null && r.floor().noiseLevel() != null) {
                    // the hubness correction's quantity (SearchFloor.corrected), so a kept paraphrase shows why
                    o.printf(Locale.ROOT, "   text noise %.3f: similarity net of both noise levels %.3f%n", textNoise,
                            e.denseScore() - (r.floor().noiseLevel() + textNoise) / 2);
                }
            }
        }
    }

    /** What the second stage added, part by part ("its file's other hits +0.112, the speaker the query names +0.300"). */
    private static String lifts(Explanation.Lift l) {
        List<String> parts = new ArrayList<>();
        if (l.file() > 1e-4) {
            parts.add(String.format(Locale.ROOT, "its file's other hits +%.3f", l.file()));
        }
        if (l.speaker() > 0) {
            parts.add(String.format(Locale.ROOT, "the speaker the query names +%.3f", l.speaker()));
        }
        if (l.date() > 0) {
            parts.add(String.format(Locale.ROOT, "the date the query names +%.3f", l.date()));
        }
        return String.join(", ", parts);
    }

    /**
     * The heading trail, its first part (a session's title) shortened, and left out once the file has been
     * shown: the title is the file's, not the hit's.
     */
    static String heading(String trail, boolean fileShown) {
        if (trail == null || trail.isEmpty()) {
            return "";
        }
        int cut = trail.indexOf(" > ");
        String title = cut < 0 ? trail : trail.substring(0, cut);
        String rest = cut < 0 ? "" : trail.substring(cut + 3);
        if (fileShown) {
            return rest.isEmpty() ? "" : " › " + rest;
        }
        String shortTitle = title.length() <= 80 ? title : title.substring(0, 79).strip() + "…";
        return " › " + shortTitle + (rest.isEmpty() ? "" : " > " + rest);
    }

    /** What the hit stands on, in absolute terms: its similarity to the query and whether it shares words with it. */
    private static String evidence(SearchHit h) {
        Explanation e = h.explain();
        if (e == null) {
            return String.format(Locale.ROOT, "%.3f", h.score());
        }
        List<String> parts = new ArrayList<>();
        if (e.denseScore() != null) {
            parts.add(String.format(Locale.ROOT, "similarity %.2f", e.denseScore()));
        }
        if (e.bm25Score() != null) {
            parts.add(String.format(Locale.ROOT, "bm25 %.1f", e.bm25Score()));
        }
        return parts.isEmpty() ? String.format(Locale.ROOT, "%.3f", h.score()) : String.join(", ", parts);
    }

    private static String part(Integer rank, Float score, Float norm) {
        return rank == null ? "not in list" : String.format(Locale.ROOT, "#%d (score %.3f, normalised %.3f)", rank, score, norm);
    }
}

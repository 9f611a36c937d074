package dev.ctx.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ctx.index.Chunk;
import dev.ctx.index.Embedder;
import dev.ctx.index.QueryMemo;
import dev.ctx.index.HubNoise;
import dev.ctx.index.QueryNoise;
import dev.ctx.index.Results;
import dev.ctx.index.SearchFloor;
import dev.ctx.index.WindowVectors;
import dev.ctx.index.lucene.LuceneChunkIndex;
import dev.ctx.model.Kind;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.Tier;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The LoCoMo recall benchmark of bench/locomo/README.md, run through the product's own chunk index and result
 * path (same analysis, fields, vectors, fusion, evidence floor and shaping as {@code ctx search}): one index
 * per conversation, each turn one chunk dated by its session, sessions as files (so neighbours are turns of
 * the same session). Choices are tuned on the first three conversations and checked on the other two: the
 * report gives both groups beside the per-category figures.
 *
 * <p>Usage: {@code LocomoBench FILE [OUT.json] [modes]} (modes: comma-separated, default bm25,vector,hybrid).
 * {@code BENCH_CONVS=0,1,2} runs only those conversations (0-based); {@code BENCH_FAILURES=N} prints N failure
 * cases of the worst category.
 */
public final class LocomoBench {
    /** Conversations (0-based, in file order) the defaults were tuned on; the rest are held out. */
    static final int TUNED = 3;
    /** Candidate floors, judged on the same answers filtered after the fact: similarity x word share. */
    static final float[] SIMILARITIES = {-1f, 0.79f, 0.80f, 0.81f, 0.82f, 0.83f, 0.85f};
    static final float[] WORD_SHARES = {0f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f};
    /** Candidate margins over the query's noise level ({@link QueryNoise}), with the default word share. */
    static final float[] MARGINS = {0.03f, 0.04f, 0.045f, 0.05f, 0.055f, 0.06f, 0.07f};
    /** With the default noise test, the hubness correction's margins (docs/search.md, "The floor"). */
    static final float[] HUB_MARGINS = {0.035f, 0.04f, 0.045f, 0.05f};
    /** Questions about nothing in any conversation: a good floor leaves them without hits. */
    static final List<String> OFF_TOPIC = List.of("xyzzyplugh", "how do we run integration tests",
            "what is the default port of the postgres server", "kubernetes pod eviction policy",
            "which JVM garbage collector has the lowest pause times", "lattice gauge theory in quantum chromodynamics");
    private static final DateTimeFormatter SESSION_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("h:mm a 'on' d MMMM, yyyy").toFormatter(Locale.ENGLISH);

    private LocomoBench() {
    }

    /**
     * The embedding model the vector and hybrid runs use: the one seam to change when the real model lands,
     * e.g. {@code return dev.ctx.index.embed.Embedders.fromConfig(...);}. Null runs BM25 only.
     */
    static Embedder embedder() {
        return new QueryMemo(BenchEmbedder.real());
    }

    record Question(String conversation, int category, Set<String> gold, String text) {
    }

    /** A question the product answered without its gold turns in the first ten. */
    record Failure(Question q, List<SearchHit> top) {
    }

    /** What one mode scored: by group (overall, tuned, held-out, per category), latency, the floor grid. */
    static final class ModeRun {
        final Map<String, Tally> groups = new LinkedHashMap<>();
        final List<Double> latencies = new ArrayList<>();
        final Map<String, Tally> floors = new LinkedHashMap<>();
        final Map<String, int[]> offTopic = new LinkedHashMap<>();
        /** The same for the off-topic queries of the search tests (src/test/resources/search). */
        final Map<String, int[]> offTopicSet = new LinkedHashMap<>();
        final Map<Integer, List<Failure>> failures = new TreeMap<>();

        Tally group(String name) {
            return groups.computeIfAbsent(name, g -> new Tally());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LocomoBench FILE [OUT.json] [bm25,vector,hybrid]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Path outFile = args.length > 1 && !args[1].isBlank() ? Path.of(args[1]) : null;
        Embedder embedder = embedder();
        // The product's default unless BENCH_WINDOW says otherwise (derived, embedded, off).
        WindowVectors window = WindowVectors.parse(System.getenv("BENCH_WINDOW"));
        List<SearchMode> modes = new ArrayList<>();
        for (String m : (args.length > 2 && !args[2].isBlank() ? args[2] : "bm25,vector,hybrid").split(",")) {
            SearchMode mode = SearchMode.parse(m);
            if (mode == SearchMode.BM25 || embedder != null) {
                modes.add(mode);
            }
        }
        String only = System.getenv("BENCH_CONVS");
        int failuresShown = Integer.parseInt(System.getenv().getOrDefault("BENCH_FAILURES", "8"));
        // ctx search --per-file N (0, the default: no limit)
        int perFile = Integer.parseInt(System.getenv().getOrDefault("BENCH_PER_FILE", "0"));
        JsonNode samples = new ObjectMapper().readTree(file.toFile());
        QueryNoise noise = embedder == null ? null : QueryNoise.of(embedder);
        HubNoise hubs = embedder == null ? null : HubNoise.of(embedder);
        List<String> offTopicSet = FloorProbe.lines("/search/off-topic-queries.txt");
        Map<SearchMode, ModeRun> runs = new LinkedHashMap<>();
        modes.forEach(m -> runs.put(m, new ModeRun()));
        System.out.printf(Locale.ROOT, "LoCoMo recall: %s, embedder %s, window vectors %s, floor %s%n", file,
                embedder == null ? "none" : embedder.modelId(), window.label(), SearchFloor.defaults());
        long buildNanos = 0;
        int turns = 0;
        int conversations = 0;
        // "conversation/turn id" to text: turn ids repeat across conversations
        Map<String, String> allTexts = new LinkedHashMap<>();
        for (int c = 0; c < samples.size(); c++) {
            if (only != null && !only.isBlank() && !List.of(only.split(",")).contains(String.valueOf(c))) {
                continue;
            }
            conversations++;
            JsonNode sample = samples.get(c);
            Map<String, List<Chunk>> sessions = sessions(sample.get("conversation"));
            turns += sessions.values().stream().mapToInt(List::size).sum();
            Map<String, String> texts = new LinkedHashMap<>();
            sessions.values().forEach(l -> l.forEach(ch -> texts.put(ch.id(), ch.text())));
            String split = c < TUNED ? "tuned (1-" + TUNED + ")" : "held out";
            try (LuceneChunkIndex index = LuceneChunkIndex.inMemory(embedder, window)) {
                long t0 = System.nanoTime();
                index.putFiles(sessions);
                index.commit();
                buildNanos += System.nanoTime() - t0;
                for (SearchMode mode : modes) {
                    ModeRun run = runs.get(mode);
                    for (Question q : questions(sample)) {
                        long q0 = System.nanoTime();
                        List<SearchHit> raw10 = index.search(SearchRequest.of(q.text()).withK(Results.depth(10, perFile)), mode);
                        Float level = level(noise, embedder, mode, q.text());
                        run.latencies.add((System.nanoTime() - q0) / 1e6);
                        List<SearchHit> raw25 = index.search(SearchRequest.of(q.text()).withK(Results.depth(25, perFile)), mode);
                        List<SearchHit> top10 = Results.finish(mode, raw10, SearchFloor.defaults(), level,
                                textNoise(hubs, SearchFloor.defaults(), level, raw10, index), perFile, 10);
                        List<String> ids10 = ids(top10);
                        List<String> ids25 = ids(Results.finish(mode, raw25, SearchFloor.defaults(), level,
                                textNoise(hubs, SearchFloor.defaults(), level, raw25, index), perFile, 25));
                        for (String g : List.of("overall", split, q.category() + " " + categoryName(q.category()))) {
                            run.group(g).add(q.gold(), ids10, ids25);
                        }
                        if (ids10.stream().noneMatch(q.gold()::contains)) {
                            run.failures.computeIfAbsent(q.category(), x -> new ArrayList<>()).add(new Failure(q, top10));
                        }
                        for (SearchFloor floor : grid()) {
                            run.floors.computeIfAbsent(label(floor), x -> new Tally()).add(q.gold(),
                                    ids(Results.finish(mode, raw10, floor, level, textNoise(hubs, floor, level, raw10, index), 0, 10)),
                                    ids(Results.finish(mode, raw25, floor, level, textNoise(hubs, floor, level, raw25, index), 0, 25)));
                        }
                    }
                    offTopic(index, mode, OFF_TOPIC, noise, hubs, embedder, run.offTopic);
                    offTopic(index, mode, offTopicSet, noise, hubs, embedder, run.offTopicSet);
                }
                String conv = sample.path("sample_id").asText();
                texts.forEach((id, text) -> allTexts.put(conv + "/" + id, text));
            }
        }
        System.out.printf(Locale.ROOT, "%d conversations, %d turns indexed in %.1f s%n%n", conversations, turns, buildNanos / 1e9);
        Map<String, Object> json = new LinkedHashMap<>();
        for (SearchMode mode : modes) {
            json.put(mode.label(), report(mode, runs.get(mode)));
        }
        for (SearchMode mode : modes) {
            printFloors(mode, runs.get(mode));
        }
        ModeRun last = runs.get(modes.get(modes.size() - 1));
        printFailures(modes.get(modes.size() - 1), last, failuresShown, allTexts);
        if (outFile != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outFile.toFile(), json);
            System.out.println("wrote " + outFile);
        }
        if (embedder != null) {
            embedder.close();
        }
    }

    /** The query's noise level as {@code ctx search} measures it (null in BM25, which is never filtered). */
    private static Float level(QueryNoise noise, Embedder embedder, SearchMode mode, String query) throws Exception {
        return noise == null || mode == SearchMode.BM25 ? null : noise.level(embedder.embedQuery(query));
    }

    /** Counts, per floor, the queries about nothing in the conversation that still get hits. */
    /** The text noise levels the product would compute for these hits ({@code Searching}), by hit id. */
    private static Map<String, Float> textNoise(HubNoise hubs, SearchFloor floor, Float level, List<SearchHit> raw, LuceneChunkIndex index)
            throws Exception {
        return hubs == null ? Map.of() : hubs.levels(raw, floor, level, index::vectors);
    }

    private static void offTopic(LuceneChunkIndex index, SearchMode mode, List<String> queries, QueryNoise noise, HubNoise hubs,
            Embedder embedder, Map<String, int[]> counts) throws Exception {
        for (String text : queries) {
            List<SearchHit> raw = index.search(SearchRequest.of(text).withK(Results.depth(10, 0)), mode);
            Float level = level(noise, embedder, mode, text);
            for (SearchFloor floor : grid()) {
                int[] n = counts.computeIfAbsent(label(floor), x -> new int[2]);
                n[0]++;
                n[1] += Results.finish(mode, raw, floor, level, textNoise(hubs, floor, level, raw, index), 0, 10).isEmpty() ? 0 : 1;
            }
        }
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::id).toList();
    }

    /** Every candidate floor, the product's default among them. */
    static List<SearchFloor> grid() {
        List<SearchFloor> out = new ArrayList<>();
        for (float s : SIMILARITIES) {
            for (float w : WORD_SHARES) {
                out.add(new SearchFloor(s, w));
            }
        }
        for (float s : new float[] {-1f, SearchFloor.DEFAULT, 0.80f}) {
            for (float m : MARGINS) {
                out.add(new SearchFloor(s, SearchFloor.DEFAULT_WORDS, m));
            }
        }
        for (float h : HUB_MARGINS) {
            out.add(new SearchFloor(SearchFloor.DEFAULT, SearchFloor.DEFAULT_WORDS, SearchFloor.DEFAULT_MARGIN, h));
        }
        if (!out.contains(SearchFloor.defaults())) {
            out.add(SearchFloor.defaults());
        }
        return out;
    }

    private static String label(SearchFloor f) {
        String sim = f.minSimilarity() < 0 ? "none" : String.format(Locale.ROOT, "%.2f", f.minSimilarity());
        String words = f.minWords() <= 0 ? "any" : String.format(Locale.ROOT, "%.1f", f.minWords());
        String margin = f.usesNoise() ? String.format(Locale.ROOT, "+%.3f", f.noiseMargin()) : "off";
        String hub = f.usesHubs() ? String.format(Locale.ROOT, "hub+%.3f", f.hubMargin()) : "";
        return String.format(Locale.ROOT, "%-6s %-5s %-6s %-9s", sim, words, margin, hub) + (f.equals(SearchFloor.defaults()) ? "*" : " ");
    }

    private static void printFloors(SearchMode mode, ModeRun run) {
        if (mode == SearchMode.BM25) {
            return;
        }
        System.out.printf(Locale.ROOT, "== %s by evidence floor (similarity, word share, margin over the query's noise level;"
                + " * the default; 'any': any shared word)%n", mode.label());
        System.out.printf(Locale.ROOT, "%-30s %6s %6s %6s %6s %6s  %s%n", "floor", "R@1", "R@5", "R@10", "R@25", "MRR",
                "off-topic with hits: the 6 below / the search tests' set");
        for (Map.Entry<String, Tally> e : run.floors.entrySet()) {
            Tally t = e.getValue();
            int[] c = run.offTopic.get(e.getKey());
            int[] d = run.offTopicSet.get(e.getKey());
            System.out.printf(Locale.ROOT, "%-30s %6.1f %6.1f %6.1f %6.1f %6.3f  %d of %d / %d of %d%n", e.getKey(),
                    t.r(0), t.r(1), t.r(2), t.r(3), t.mrr(), c[1], c[0], d[1], d[0]);
        }
        System.out.println();
    }

    /** The worst category's questions whose gold turns are not in the first ten: question, gold, what came first. */
    private static void printFailures(SearchMode mode, ModeRun run, int shown, Map<String, String> texts) {
        if (shown <= 0) {
            return;
        }
        String worst = null;
        for (Map.Entry<String, Tally> e : run.groups.entrySet()) {
            if (Character.isDigit(e.getKey().charAt(0)) && (worst == null || e.getValue().r(2) < run.groups.get(worst).r(2))) {
                worst = e.getKey();
            }
        }
        if (worst == null) {
            return;
        }
        int cat = Integer.parseInt(worst.substring(0, 1));
        List<Failure> fs = run.failures.getOrDefault(cat, List.of());
        System.out.printf(Locale.ROOT, "== %s: worst category %s (R@10 %.1f), %d of %d questions with no gold turn in the first ten; the first %d%n",
                mode.label(), worst, run.groups.get(worst).r(2), fs.size(), run.groups.get(worst).n, Math.min(shown, fs.size()));
        for (Failure f : fs.subList(0, Math.min(shown, fs.size()))) {
            System.out.println("Q: " + f.q().text());
            for (String g : f.q().gold()) {
                System.out.println("   gold " + g + ": " + cut(texts.getOrDefault(f.q().conversation() + "/" + g, "?")));
            }
            for (SearchHit h : f.top().subList(0, Math.min(3, f.top().size()))) {
                System.out.println("   got  " + h.id() + ": " + cut(texts.getOrDefault(f.q().conversation() + "/" + h.id(), h.snippet())));
            }
        }
        System.out.println();
    }

    private static String cut(String s) {
        return s.length() <= 150 ? s : s.substring(0, 149) + "…";
    }

    private static Map<String, Object> report(SearchMode mode, ModeRun run) {
        double[] sorted = run.latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = Tally.percentile(sorted, 50);
        double p95 = Tally.percentile(sorted, 95);
        System.out.printf(Locale.ROOT, "== %s  (latency p50 %.2f ms, p95 %.2f ms)%n", mode.label(), p50, p95);
        System.out.println(Tally.header());
        Map<String, Object> perCat = new LinkedHashMap<>();
        Map<String, Object> splits = new LinkedHashMap<>();
        List<String> order = new ArrayList<>(run.groups.keySet());
        order.sort(java.util.Comparator.comparing((String g) -> g.equals("overall") ? 0 : Character.isDigit(g.charAt(0)) ? 2 : 1)
                .thenComparing(g -> g));
        for (String g : order) {
            Tally t = run.groups.get(g);
            System.out.println(t.row(g));
            if (Character.isDigit(g.charAt(0))) {
                perCat.put(g.substring(0, 1), t.json());
            } else if (!g.equals("overall")) {
                splits.put(g, t.json());
            }
        }
        System.out.println();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("overall", run.groups.get("overall").json());
        m.put("splits", splits);
        m.put("per_category", perCat);
        m.put("p50_ms", Tally.round(p50));
        m.put("p95_ms", Tally.round(p95));
        return m;
    }

    private static String categoryName(int c) {
        return switch (c) {
            case 1 -> "multi-hop";
            case 2 -> "temporal";
            case 3 -> "open-domain";
            case 4 -> "single-hop";
            default -> "";
        };
    }

    /** Each session as one file of turns, in order, dated by the session's date. */
    static Map<String, List<Chunk>> sessions(JsonNode conv) {
        Map<String, List<Chunk>> out = new LinkedHashMap<>();
        for (int n = 1; conv.has("session_" + n) || conv.has("session_" + n + "_date_time"); n++) {
            JsonNode turns = conv.get("session_" + n);
            if (turns == null || !turns.isArray()) {
                continue;
            }
            Instant date = sessionDate(conv.path("session_" + n + "_date_time").asText(""));
            String path = "recall/locomo/session_" + n + ".md";
            List<Chunk> chunks = new ArrayList<>();
            for (JsonNode t : turns) {
                String text = t.get("speaker").asText() + " said, \"" + t.get("text").asText() + "\"";
                String caption = t.path("blip_caption").asText("");
                if (!caption.isBlank()) {
                    text += " and shared " + caption + ".";
                }
                chunks.add(new Chunk(t.get("dia_id").asText(), path, Kind.RECALL, Tier.SEARCH_ONLY, "", List.of(), text, date, 0));
            }
            out.put(path, chunks);
        }
        return out;
    }

    static Instant sessionDate(String s) {
        try {
            return LocalDateTime.parse(s.trim(), SESSION_DATE).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Questions of categories 1-4 with evidence; malformed evidence ("D8:6; D9:17") split on ';'. */
    static List<Question> questions(JsonNode sample) {
        List<Question> out = new ArrayList<>();
        String conv = sample.path("sample_id").asText();
        for (JsonNode qa : sample.get("qa")) {
            int cat = qa.path("category").asInt();
            if (cat < 1 || cat > 4) {
                continue;
            }
            Set<String> gold = new LinkedHashSet<>();
            for (Iterator<JsonNode> it = qa.path("evidence").elements(); it.hasNext(); ) {
                Arrays.stream(it.next().asText().split(";")).map(String::trim).filter(s -> !s.isEmpty()).forEach(gold::add);
            }
            if (!gold.isEmpty()) {
                out.add(new Question(conv, cat, gold, qa.get("question").asText()));
            }
        }
        return out;
    }

}

package dev.ctx.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ctx.index.Chunk;
import dev.ctx.index.Embedder;
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
 * The LoCoMo recall benchmark of bench/locomo/README.md, run through the product's own chunk index
 * (same analysis, fields, vectors and fusion as {@code ctx search}): one index per conversation, each turn
 * one chunk dated by its session, sessions as files (so neighbours are turns of the same session).
 *
 * <p>Usage: {@code LocomoBench FILE [OUT.json] [modes]} (modes: comma-separated, default bm25,vector,hybrid).
 */
public final class LocomoBench {
    static final int[] KS = {1, 5, 10, 25};
    /** Candidate similarity floors (SearchFloor), judged on the same answers filtered after the fact. */
    static final float[] FLOORS = {0.70f, 0.75f, 0.78f, 0.785f, 0.79f, 0.795f, 0.81f, 0.82f, 0.83f, 0.85f};
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
        return BenchEmbedder.real();
    }

    record Question(String conversation, int category, Set<String> gold, String text) {
    }

    /** Sums of one group of questions. */
    static final class Tally {
        int n;
        final double[] recall = new double[KS.length];
        final double[] any = new double[KS.length];
        double mrr;

        void add(Set<String> gold, List<String> ranked) {
            n++;
            for (int i = 0; i < KS.length; i++) {
                int k = KS[i];
                long found = ranked.stream().limit(k).filter(gold::contains).distinct().count();
                recall[i] += (double) found / gold.size();
                any[i] += found > 0 ? 1 : 0;
            }
            for (int r = 0; r < ranked.size(); r++) {
                if (gold.contains(ranked.get(r))) {
                    mrr += 1.0 / (r + 1);
                    break;
                }
            }
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < KS.length; i++) {
                m.put("r@" + KS[i], round(100 * recall[i] / n));
            }
            m.put("mrr", round(mrr / n));
            return m;
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
        for (String m : (args.length > 2 ? args[2] : "bm25,vector,hybrid").split(",")) {
            SearchMode mode = SearchMode.parse(m);
            if (mode == SearchMode.BM25 || embedder != null) {
                modes.add(mode);
            }
        }
        JsonNode samples = new ObjectMapper().readTree(file.toFile());
        Map<SearchMode, Map<Integer, Tally>> tallies = new LinkedHashMap<>();
        Map<SearchMode, List<Double>> latencies = new LinkedHashMap<>();
        Map<SearchMode, Map<Float, Tally>> floored = new LinkedHashMap<>();
        Map<SearchMode, Map<Float, int[]>> offTopic = new LinkedHashMap<>();
        for (SearchMode m : modes) {
            floored.put(m, new TreeMap<>());
            offTopic.put(m, new TreeMap<>());
            tallies.put(m, new TreeMap<>());
            latencies.put(m, new ArrayList<>());
        }
        System.out.printf(Locale.ROOT, "LoCoMo recall: %s, embedder %s, window vectors %s%n", file,
                embedder == null ? "none" : embedder.modelId(), window.label());
        long buildNanos = 0;
        int turns = 0;
        for (JsonNode sample : samples) {
            Map<String, List<Chunk>> sessions = sessions(sample.get("conversation"));
            turns += sessions.values().stream().mapToInt(List::size).sum();
            List<Question> questions = questions(sample);
            try (LuceneChunkIndex index = LuceneChunkIndex.inMemory(embedder, window)) {
                long t0 = System.nanoTime();
                index.putFiles(sessions);
                index.commit();
                buildNanos += System.nanoTime() - t0;
                for (SearchMode mode : modes) {
                    for (Question q : questions) {
                        long q0 = System.nanoTime();
                        List<SearchHit> hits = index.search(SearchRequest.of(q.text()).withK(25), mode);
                        latencies.get(mode).add((System.nanoTime() - q0) / 1e6);
                        List<String> ranked = hits.stream().map(SearchHit::id).toList();
                        tallies.get(mode).computeIfAbsent(q.category(), c -> new Tally()).add(q.gold(), ranked);
                        tallies.get(mode).computeIfAbsent(0, c -> new Tally()).add(q.gold(), ranked);
                        if (mode != SearchMode.BM25) {
                            for (float f : floors()) {
                                SearchFloor floor = new SearchFloor(f);
                                floored.get(mode).computeIfAbsent(f, x -> new Tally())
                                        .add(q.gold(), hits.stream().filter(floor::keeps).map(SearchHit::id).toList());
                            }
                        }
                    }
                    if (mode != SearchMode.BM25) {
                        for (String text : OFF_TOPIC) {
                            List<SearchHit> hits = index.search(SearchRequest.of(text).withK(25), mode);
                            for (float f : floors()) {
                                SearchFloor floor = new SearchFloor(f);
                                int[] c = offTopic.get(mode).computeIfAbsent(f, x -> new int[2]);
                                c[0]++;
                                c[1] += hits.stream().anyMatch(floor::keeps) ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d conversations, %d turns indexed in %.1f s%n%n", samples.size(), turns, buildNanos / 1e9);
        Map<String, Object> json = new LinkedHashMap<>();
        for (SearchMode mode : modes) {
            json.put(mode.label(), report(mode, tallies.get(mode), latencies.get(mode)));
        }
        for (SearchMode mode : floored.keySet()) {
            if (floored.get(mode).isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "== %s with a similarity floor (hits without a shared word dropped below it)%n", mode.label());
            System.out.printf(Locale.ROOT, "%-8s %6s %6s %6s %6s %6s  %s%n", "floor", "R@1", "R@5", "R@10", "R@25", "MRR", "off-topic queries with hits");
            for (Map.Entry<Float, Tally> e : floored.get(mode).entrySet()) {
                Tally t = e.getValue();
                int[] c = offTopic.get(mode).get(e.getKey());
                System.out.printf(Locale.ROOT, "%-8.3f %6.1f %6.1f %6.1f %6.1f %6.3f  %d of %d%s%n", e.getKey(),
                        100 * t.recall[0] / t.n, 100 * t.recall[1] / t.n, 100 * t.recall[2] / t.n, 100 * t.recall[3] / t.n, t.mrr / t.n,
                        c[1], c[0], e.getKey() == SearchFloor.DEFAULT ? "  (default)" : "");
            }
            System.out.println();
        }
        if (outFile != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outFile.toFile(), json);
            System.out.println("wrote " + outFile);
        }
        if (embedder != null) {
            embedder.close();
        }
    }

    /** The candidate floors, the default among them, and none (-1: every hit kept). */
    private static float[] floors() {
        float[] all = java.util.Arrays.copyOf(FLOORS, FLOORS.length + 2);
        all[FLOORS.length] = SearchFloor.DEFAULT;
        all[FLOORS.length + 1] = -1f;
        return all;
    }

    private static Map<String, Object> report(SearchMode mode, Map<Integer, Tally> byCat, List<Double> lat) {
        double[] sorted = lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = percentile(sorted, 50);
        double p95 = percentile(sorted, 95);
        System.out.printf(Locale.ROOT, "== %s  (latency p50 %.2f ms, p95 %.2f ms)%n", mode.label(), p50, p95);
        System.out.printf(Locale.ROOT, "%-10s %5s %6s %6s %6s %6s %6s %6s %6s %6s %6s%n",
                "category", "n", "R@1", "R@5", "R@10", "R@25", "any@1", "any@5", "any@10", "any@25", "MRR");
        Map<String, Object> perCat = new LinkedHashMap<>();
        for (Map.Entry<Integer, Tally> e : byCat.entrySet()) {
            Tally t = e.getValue();
            String name = e.getKey() == 0 ? "overall" : e.getKey() + " " + categoryName(e.getKey());
            if (e.getKey() != 0) {
                perCat.put(String.valueOf(e.getKey()), t.json());
            }
            System.out.printf(Locale.ROOT, "%-10s %5d %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6.3f%n", name, t.n,
                    100 * t.recall[0] / t.n, 100 * t.recall[1] / t.n, 100 * t.recall[2] / t.n, 100 * t.recall[3] / t.n,
                    100 * t.any[0] / t.n, 100 * t.any[1] / t.n, 100 * t.any[2] / t.n, 100 * t.any[3] / t.n, t.mrr / t.n);
        }
        System.out.println();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("overall", byCat.get(0).json());
        m.put("per_category", perCat);
        m.put("p50_ms", round(p50));
        m.put("p95_ms", round(p95));
        return m;
    }

    private static String categoryName(int c) {
        return switch (c) {
            case 1 -> "multi";
            case 2 -> "temporal";
            case 3 -> "open";
            case 4 -> "single";
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

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

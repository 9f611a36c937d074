package dev.ctx.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.index.Chunk;
import dev.ctx.index.Embedder;
import dev.ctx.index.WindowVectors;
import dev.ctx.index.embed.BuiltinEmbedder;
import dev.ctx.index.embed.BuiltinModel;
import dev.ctx.index.embed.CachingEmbedder;
import dev.ctx.index.embed.Embedders;
import dev.ctx.index.lucene.LuceneChunkIndex;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Issue 17's experiment: is a second small model (bge-small-en-v1.5, from its Maven artifact) worth fusing
 * with e5-small-v2 on LoCoMo? The product's BM25 list (its index, analysis and query words) is fused here
 * with dense lists computed exactly over each conversation's turns, one per way of combining the two
 * models: e5 alone (the product's dense score, to check this harness against {@code LocomoBench}), the mean,
 * the max or a weighted sum of the two models' cosines, or bge as a third min-max component; bge's window
 * vector or its turn alone; with and without bge's query instruction. No floor and no shaping: the rows
 * are compared with each other and with the product's hybrid answer (first row), not with the table's
 * floored figures.
 *
 * <p>Usage: {@code EnsembleBench FILE}. Vectors come from {@code BENCH_EMBED_CACHE} (keyed by model and
 * text), so only the first run pays the models.
 */
public final class EnsembleBench {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** The product's derived window: the chunk plus half of each neighbour (LuceneChunkIndex). */
    private static final float NEIGHBOUR = 0.5f;
    private static final int DEPTH = 50;

    private EnsembleBench() {
    }

    /** One conversation's turns as the dense side sees them, and each passage variant's vectors of them. */
    record Turns(List<String> ids, Map<String, float[][]> own, Map<String, float[][]> windows) {
    }

    /**
     * One question's raw evidence: the BM25 list, and per turn the cosine of each (query, passage) variant
     * with the turn ({@code "<name> turn"}) and with its derived window ({@code "<name> win"}).
     */
    record Evidence(Map<String, Float> bm25, List<String> ids, Map<String, float[]> cos) {
        /** The product's dense score for a variant: the mean of its turn and window cosines. */
        float[] dense(String name) {
            return mean(cos.get(name + " turn"), cos.get(name + " win"));
        }

        float[] turn(String name) {
            return cos.get(name + " turn");
        }
    }

    /**
     * The models: e5 as the product runs it, bge with its query instruction and without it. Passages carry
     * no prefix in either bge variant, so one cache serves both; only the query differs.
     */
    record Models(Embedder e5, Embedder bge, Embedder bgePlain) implements AutoCloseable {
        @Override
        public void close() {
            e5.close();
            bge.close();
            bgePlain.close();
        }
    }

    /** Milliseconds per question: each model's query embedding and the product's own hybrid search. */
    record Timings(List<Double> e5Query, List<Double> bgeQuery, List<Double> hybrid) {
    }

    /** Variant name to (query model, passage set): bge's query with and without its instruction, passages with and without the date. */
    private static final Map<String, String[]> PAIRS = Map.of("e5", new String[] {"e5", "e5"}, "bge", new String[] {"bge", "bge"},
            "bge-plain", new String[] {"bge-plain", "bge"}, "bge-nodate", new String[] {"bge", "bge-nodate"},
            "bge-plain-nodate", new String[] {"bge-plain", "bge-nodate"});

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String keep = System.getenv("BENCH_EMBED_CACHE");
        Path cache = keep != null && !keep.isBlank() ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("ctx-bench-embed");
        Map<String, String> env = new HashMap<>(System.getenv());
        Path natives = Embedders.nativeDir(cache, env);
        Map<String, Map<String, Tally>> tallies = new LinkedHashMap<>();
        Timings timings = new Timings(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        JsonNode samples = new ObjectMapper().readTree(file.toFile());
        try (Models models = new Models(BenchEmbedder.real(),
                new CachingEmbedder(BuiltinEmbedder.load(BuiltinModel.BGE_SMALL_EN_V15, natives, env), cache.resolve("embeddings")),
                BuiltinEmbedder.load(BuiltinModel.BGE_SMALL_EN_V15.withPrefixes("", ""), natives, env))) {
            long t0 = System.nanoTime();
            for (int c = 0; c < samples.size(); c++) {
                conversation(samples.get(c), c < LocomoBench.TUNED ? "tuned" : "held out", models, tallies, timings);
                System.err.printf(Locale.ROOT, "conversation %d done (%.0f s)%n", c, (System.nanoTime() - t0) / 1e9);
            }
        }
        print(tallies);
        System.out.printf(Locale.ROOT, "%nquery embedding p50: e5 %.1f ms, bge %.1f ms; the product's warm hybrid search (e5 only) p50 %.1f ms%n",
                p50(timings.e5Query()), p50(timings.bgeQuery()), p50(timings.hybrid()));
        speed(samples, natives, env);
    }

    /** One conversation: the product's index for BM25 (and its own hybrid answer), then every variant per question. */
    private static void conversation(JsonNode sample, String split, Models models, Map<String, Map<String, Tally>> tallies, Timings timings)
            throws Exception {
        Map<String, List<Chunk>> sessions = LocomoBench.sessions(sample.get("conversation"));
        Turns turns = turns(sessions, models.e5(), models.bge());
        Map<String, Function<Evidence, List<String>>> variants = variants();
        try (LuceneChunkIndex index = LuceneChunkIndex.inMemory(models.e5(), WindowVectors.DERIVED)) {
            index.putFiles(sessions);
            index.commit();
            for (LocomoBench.Question q : LocomoBench.questions(sample)) {
                Evidence ev = evidence(index, q.text(), turns, models, timings);
                long h0 = System.nanoTime();
                List<SearchHit> product = index.search(SearchRequest.of(q.text()).withK(25), SearchMode.HYBRID);
                timings.hybrid().add((System.nanoTime() - h0) / 1e6);
                add(tallies, "product hybrid (no floor, no shaping)", q, split, product.stream().map(SearchHit::id).toList());
                for (Map.Entry<String, Function<Evidence, List<String>>> v : variants.entrySet()) {
                    add(tallies, v.getKey(), q, split, v.getValue().apply(ev));
                }
            }
        }
    }

    private static Evidence evidence(LuceneChunkIndex index, String question, Turns turns, Models models, Timings timings) throws Exception {
        Map<String, Float> bm = new LinkedHashMap<>();
        index.search(SearchRequest.of(question).withK(DEPTH), SearchMode.BM25).forEach(h -> bm.putIfAbsent(h.id(), h.score()));
        long n0 = System.nanoTime();
        float[] qe5 = models.e5().embedQuery(question);
        long n1 = System.nanoTime();
        float[] qbge = models.bge().embedQuery(question);
        timings.e5Query().add((n1 - n0) / 1e6);
        timings.bgeQuery().add((System.nanoTime() - n1) / 1e6);
        Map<String, float[]> queries = Map.of("e5", qe5, "bge", qbge, "bge-plain", models.bgePlain().embedQuery(question));
        Map<String, float[]> cos = new HashMap<>();
        PAIRS.forEach((name, qp) -> {
            cos.put(name + " turn", dots(queries.get(qp[0]), turns.own().get(qp[1])));
            cos.put(name + " win", dots(queries.get(qp[0]), turns.windows().get(qp[1])));
        });
        return new Evidence(bm, turns.ids(), cos);
    }

    private static void add(Map<String, Map<String, Tally>> tallies, String variant, LocomoBench.Question q, String split, List<String> ranked) {
        List<String> top10 = ranked.subList(0, Math.min(10, ranked.size()));
        List<String> top25 = ranked.subList(0, Math.min(25, ranked.size()));
        Map<String, Tally> t = tallies.computeIfAbsent(variant, x -> new LinkedHashMap<>());
        for (String g : List.of("all", split, "cat" + q.category())) {
            t.computeIfAbsent(g, x -> new Tally()).add(q.gold(), top10, top25);
        }
    }

    /** The ways of combining the lists measured; weights are BM25 / e5 / bge. */
    static Map<String, Function<Evidence, List<String>>> variants() {
        Map<String, Function<Evidence, List<String>>> v = new LinkedHashMap<>();
        v.put("e5 (product's dense)", ev -> fuse(ev, 0.4f, ev.dense("e5"), 0.6f, null, 0));
        for (String b : List.of("bge", "bge-plain", "bge-nodate", "bge-plain-nodate")) {
            v.put(b + " instead of e5", ev -> fuse(ev, 0.4f, ev.dense(b), 0.6f, null, 0));
            v.put("vector " + b + " only", ev -> fuse(ev, 0f, ev.dense(b), 1f, null, 0));
        }
        v.put("vector e5 only", ev -> fuse(ev, 0f, ev.dense("e5"), 1f, null, 0));
        v.put("vector mean e5+bge", ev -> fuse(ev, 0f, weighted(ev.dense("e5"), ev.dense("bge"), 0.5f), 1f, null, 0));
        v.put("vector mean e5+bge-plain", ev -> fuse(ev, 0f, weighted(ev.dense("e5"), ev.dense("bge-plain"), 0.5f), 1f, null, 0));
        v.put("dense max of raw cosines", ev -> fuse(ev, 0.4f, max(ev.dense("e5"), ev.dense("bge")), 0.6f, null, 0));
        for (String b : List.of("bge", "bge-plain", "bge-plain-nodate")) {
            v.put("dense mean e5+" + b, ev -> fuse(ev, 0.4f, weighted(ev.dense("e5"), ev.dense(b), 0.5f), 0.6f, null, 0));
            for (float w : new float[] {0.7f, 0.8f, 0.9f}) {
                v.put(String.format(Locale.ROOT, "dense %.1f e5 + %.1f %s", w, 1 - w, b),
                        ev -> fuse(ev, 0.4f, weighted(ev.dense("e5"), ev.dense(b), w), 0.6f, null, 0));
            }
        }
        v.put("dense mean e5+bge, bge turn only", ev -> fuse(ev, 0.4f, weighted(ev.dense("e5"), ev.turn("bge"), 0.5f), 0.6f, null, 0));
        v.put("dense mean e5+bge, bm25 0.3", ev -> fuse(ev, 0.3f, weighted(ev.dense("e5"), ev.dense("bge"), 0.5f), 0.7f, null, 0));
        v.put("dense mean e5+bge, bm25 0.5", ev -> fuse(ev, 0.5f, weighted(ev.dense("e5"), ev.dense("bge"), 0.5f), 0.5f, null, 0));
        float[][] three = {{0.4f, 0.3f, 0.3f}, {0.4f, 0.4f, 0.2f}, {0.4f, 0.45f, 0.15f}, {0.4f, 0.5f, 0.1f}, {0.45f, 0.4f, 0.15f},
            {0.35f, 0.45f, 0.2f}, {0.3f, 0.4f, 0.3f}};
        for (String b : List.of("bge", "bge-plain", "bge-plain-nodate")) {
            for (float[] w : three) {
                v.put(String.format(Locale.ROOT, "3 lists %.2f/%.2f/%.2f %s", w[0], w[1], w[2], b),
                        ev -> fuse(ev, w[0], ev.dense("e5"), w[1], ev.dense(b), w[2]));
            }
        }
        for (float[] w : three) {
            v.put(String.format(Locale.ROOT, "3 lists %.2f/%.2f/%.2f bge turn only", w[0], w[1], w[2]),
                    ev -> fuse(ev, w[0], ev.dense("e5"), w[1], ev.turn("bge"), w[2]));
        }
        v.put("3 lists 0.40/0.40/0.20 bge-plain turn only", ev -> fuse(ev, 0.4f, ev.dense("e5"), 0.4f, ev.turn("bge-plain"), 0.2f));
        v.put("dense max of normalised e5, bge (0.4 / 0.6)", ev -> fuseMax(ev, ev.dense("e5"), ev.dense("bge")));
        v.put("dense max of normalised e5, bge-plain (0.4 / 0.6)", ev -> fuseMax(ev, ev.dense("e5"), ev.dense("bge-plain")));
        return v;
    }

    /** BM25 at 0.4, and at 0.6 the better of each turn's two normalised dense scores. */
    static List<String> fuseMax(Evidence ev, float[] a, float[] b) {
        Map<String, Float> na = new HashMap<>();
        addNormalised(na, top(ev.ids(), a), 1f);
        Map<String, Float> nb = new HashMap<>();
        addNormalised(nb, top(ev.ids(), b), 1f);
        Map<String, Float> best = new HashMap<>(na);
        nb.forEach((id, s) -> best.merge(id, s, Math::max));
        Map<String, Float> fused = new HashMap<>();
        addNormalised(fused, ev.bm25(), 0.4f);
        best.forEach((id, s) -> fused.merge(id, 0.6f * s, Float::sum));
        return ranked(fused);
    }

    private static List<String> ranked(Map<String, Float> fused) {
        return fused.entrySet().stream()
                .sorted(Map.Entry.<String, Float>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(25).map(Map.Entry::getKey).toList();
    }

    /**
     * Min-max fusion as the product's {@code Fusion}: each list is its top {@link #DEPTH}, normalised onto
     * [0, 1]; a turn missing from a list scores 0 there. {@code second} may be null (two lists).
     */
    static List<String> fuse(Evidence ev, float wBm, float[] first, float wFirst, float[] second, float wSecond) {
        Map<String, Float> fused = new HashMap<>();
        if (wBm > 0) {
            addNormalised(fused, ev.bm25(), wBm);
        }
        addNormalised(fused, top(ev.ids(), first), wFirst);
        if (second != null) {
            addNormalised(fused, top(ev.ids(), second), wSecond);
        }
        return ranked(fused);
    }

    private static void addNormalised(Map<String, Float> fused, Map<String, Float> list, float weight) {
        if (list.isEmpty()) {
            return;
        }
        float min = list.values().stream().min(Float::compare).orElseThrow();
        float max = list.values().stream().max(Float::compare).orElseThrow();
        float range = max - min;
        list.forEach((id, s) -> fused.merge(id, weight * (range <= 0 ? 1f : (s - min) / range), Float::sum));
    }

    private static Map<String, Float> top(List<String> ids, float[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        Map<String, Float> out = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(DEPTH, order.length); i++) {
            out.put(ids.get(order[i]), scores[order[i]]);
        }
        return out;
    }

    static Turns turns(Map<String, List<Chunk>> sessions, Embedder e5, Embedder bge) throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> dated = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        List<int[]> files = new ArrayList<>(); // per session: first turn, turn count
        for (List<Chunk> turns : sessions.values()) {
            files.add(new int[] {ids.size(), turns.size()});
            for (Chunk c : turns) {
                ids.add(c.id());
                // ChunkText.passage: trail (none here), the recall turn's date, the text
                dated.add((c.date() == null ? "" : DAY.format(c.date()) + ": ") + c.text());
                plain.add(c.text());
            }
        }
        Map<String, float[][]> own = Map.of("e5", e5.embedPassages(dated).toArray(new float[0][]),
                "bge", bge.embedPassages(dated).toArray(new float[0][]), "bge-nodate", bge.embedPassages(plain).toArray(new float[0][]));
        Map<String, float[][]> windows = new HashMap<>();
        own.forEach((name, vs) -> windows.put(name, windows(vs, files)));
        return new Turns(ids, own, windows);
    }

    private static float[][] windows(float[][] own, List<int[]> files) {
        float[][] out = new float[own.length][];
        for (int[] f : files) {
            for (int i = f[0]; i < f[0] + f[1]; i++) {
                float[] w = own[i].clone();
                for (int j : new int[] {i - 1, i + 1}) {
                    if (j >= f[0] && j < f[0] + f[1]) {
                        for (int d = 0; d < w.length; d++) {
                            w[d] += NEIGHBOUR * own[j][d];
                        }
                    }
                }
                double n = 0;
                for (float x : w) {
                    n += x * x;
                }
                for (int d = 0; d < w.length; d++) {
                    w[d] /= (float) Math.sqrt(n);
                }
                out[i] = w;
            }
        }
        return out;
    }

    private static float[] dots(float[] q, float[][] vs) {
        float[] out = new float[vs.length];
        for (int i = 0; i < vs.length; i++) {
            float s = 0;
            for (int d = 0; d < q.length; d++) {
                s += q[d] * vs[i][d];
            }
            out[i] = s;
        }
        return out;
    }

    private static float[] mean(float[] a, float[] b) {
        return weighted(a, b, 0.5f);
    }

    private static float[] weighted(float[] a, float[] b, float wa) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = wa * a[i] + (1 - wa) * b[i];
        }
        return out;
    }

    private static float[] max(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.max(a[i], b[i]);
        }
        return out;
    }

    private static void print(Map<String, Map<String, Tally>> tallies) {
        System.out.printf(Locale.ROOT, "%-38s %6s %6s %6s %6s %6s | %6s %6s | %6s %6s %6s %6s%n", "variant (no floor)", "R@1", "R@5", "R@10", "R@25", "MRR",
                "tuned", "held", "multi", "tempo", "open", "single");
        for (Map.Entry<String, Map<String, Tally>> e : tallies.entrySet()) {
            Map<String, Tally> t = e.getValue();
            Tally all = t.get("all");
            System.out.printf(Locale.ROOT, "%-38s %6.1f %6.1f %6.1f %6.1f %6.3f | %6.1f %6.1f | %6.1f %6.1f %6.1f %6.1f%n", e.getKey(),
                    all.r(0), all.r(1), all.r(2), all.r(3), all.mrr(), r10(t, "tuned"), r10(t, "held out"),
                    r10(t, "cat1"), r10(t, "cat2"), r10(t, "cat3"), r10(t, "cat4"));
        }
        System.out.println("(R@10 for tuned = conversations 1-3, held = 4-5, and per category: 1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop)");
    }

    private static double p50(List<Double> ms) {
        return Tally.percentile(ms.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50);
    }

    /** Passages per second of each model, uncached, on the same 256 turns (the indexing cost of a second model). */
    private static void speed(JsonNode samples, Path natives, Map<String, String> env) throws Exception {
        List<String> texts = new ArrayList<>();
        LocomoBench.sessions(samples.get(0).get("conversation")).values().forEach(l -> l.forEach(c -> texts.add(c.text())));
        List<String> some = texts.subList(0, Math.min(256, texts.size()));
        for (BuiltinModel m : List.of(BuiltinModel.E5_SMALL_V2, BuiltinModel.BGE_SMALL_EN_V15)) {
            try (BuiltinEmbedder model = BuiltinEmbedder.load(m, natives, env)) {
                model.embedPassages(some.subList(0, 16)); // warm-up
                long t0 = System.nanoTime();
                model.embedPassages(some);
                System.out.printf(Locale.ROOT, "%s: %.0f passages/s (%d turns, uncached)%n", m.id(), some.size() / ((System.nanoTime() - t0) / 1e9), some.size());
            }
        }
    }

    private static double r10(Map<String, Tally> t, String group) {
        Tally g = t.get(group);
        return g == null ? Double.NaN : g.r(2);
    }
}

package dev.ctx.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.app.Ctx;
import dev.ctx.index.Chunk;
import dev.ctx.index.Embedder;
import dev.ctx.index.FileChunker;
import dev.ctx.index.HubNoise;
import dev.ctx.index.QueryNoise;
import dev.ctx.index.WindowVectors;
import dev.ctx.index.lucene.LuceneChunkIndex;
import dev.ctx.index.lucene.LuceneSearchIndex;
import dev.ctx.model.FileEntry;
import dev.ctx.model.ImportFormat;
import dev.ctx.model.ImportPin;
import dev.ctx.model.Kind;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Raw material for choosing the evidence floor: every hybrid answer before any floor (LoCoMo's questions, the
 * off-topic queries, a new repository and one with imported agent instructions), each hit's similarity, word
 * share and BM25 rank, its text's closeness to the neutral questions ({@code HubNoise}: dn, the mean of its closest
 * 1, 5, 10 and all), and the query's similarities to the noise references, one JSON object a line, so that
 * floors can be compared offline on the same answers. Usage: {@code FloorProbe LOCOMO.json OUT.jsonl}.
 */
public final class FloorProbe {
    private FloorProbe() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Embedder embedder = BenchEmbedder.real();
        QueryNoise noise = QueryNoise.of(embedder);
        HubNoise hubs = HubNoise.of(embedder);
        List<String> offTopic = lines("/search/off-topic-queries.txt");
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            Probe p = new Probe(json, embedder, noise, hubs, out);
            for (String repo : List.of("new", "content")) {
                try (LuceneChunkIndex index = LuceneChunkIndex.inMemory(embedder, WindowVectors.DERIVED)) {
                    index.putFiles(repoFiles(repo.equals("content")));
                    index.commit();
                    for (String q : offTopic) {
                        p.write(index, repo + "-off", 0, q, 0, List.of());
                    }
                    for (String q : lines("/search/probe-positives-" + repo + ".txt")) {
                        String[] parts = q.split("\t");
                        p.write(index, repo + "-pos", 0, parts[0], 0, List.of(parts[1]));
                    }
                }
            }
            JsonNode samples = json.readTree(Path.of(args[0]).toFile());
            for (int c = 0; c < samples.size(); c++) {
                JsonNode sample = samples.get(c);
                try (LuceneChunkIndex index = LuceneChunkIndex.inMemory(embedder, WindowVectors.DERIVED)) {
                    index.putFiles(LocomoBench.sessions(sample.get("conversation")));
                    index.commit();
                    for (LocomoBench.Question q : LocomoBench.questions(sample)) {
                        p.write(index, "locomo", c, q.text(), q.category(), new ArrayList<>(q.gold()));
                    }
                    for (String q : LocomoBench.OFF_TOPIC) {
                        p.write(index, "locomo-off", c, q, 0, List.of());
                    }
                    for (String q : offTopic) {
                        p.write(index, "locomo-off2", c, q, 0, List.of());
                    }
                }
                System.err.println("conversation " + c + " done");
            }
        }
        embedder.close();
    }

    record Probe(ObjectMapper json, Embedder embedder, QueryNoise noise, HubNoise hubs, BufferedWriter out) {
        void write(LuceneChunkIndex index, String set, int conv, String q, int cat, List<String> gold) throws Exception {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("set", set);
            m.put("conv", conv);
            m.put("q", q);
            m.put("cat", cat);
            m.put("gold", gold);
            m.put("refs", noise.similarities(embedder.embedQuery(q)));
            m.put("h10", hits(index, index.search(SearchRequest.of(q).withK(20), SearchMode.HYBRID)));
            m.put("h25", hits(index, index.search(SearchRequest.of(q).withK(50), SearchMode.HYBRID)));
            out.write(json.writeValueAsString(m));
            out.newLine();
        }

        /** Each hit's evidence, and its text's similarities to the neutral questions ({@link HubNoise}): dn, its closest 1, 5, 10, all. */
        private List<Map<String, Object>> hits(LuceneChunkIndex index, List<SearchHit> hits) throws Exception {
            Map<String, float[]> vectors = index.vectors(hits.stream().map(SearchHit::id).toList());
            List<Map<String, Object>> out = new ArrayList<>();
            for (SearchHit h : hits) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", h.id());
                m.put("path", h.path());
                m.put("sim", h.explain().denseScore());
                m.put("words", h.explain().words());
                m.put("bm", h.explain().bm25Rank());
                m.put("snip", h.snippet());
                m.put("score", h.score());
                m.put("fused", h.explain().fused());
                float[] v = vectors.get(h.id());
                if (v != null) {
                    float[] d = hubs.similarities(v);
                    m.put("dn", new float[] {d[d.length - 1], top(d, 5), top(d, 10), top(d, d.length)});
                }
                out.add(m);
            }
            return out;
        }
    }

    private static float top(float[] ascending, int n) {
        double sum = 0;
        for (int i = ascending.length - n; i < ascending.length; i++) {
            sum += ascending[i];
        }
        return (float) (sum / n);
    }

    /** The memory files of a new repository, or of one that imported the fixtures' agent instructions. */
    static Map<String, List<Chunk>> repoFiles(boolean content) throws Exception {
        Path work = Files.createTempDirectory("ctx-floor-probe");
        Path repo = work.resolve("repo");
        Ctx.configureProcess(null);
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        Provenance who = Provenance.of("bench", "bench-session", "floor probe");
        Map<String, String> env = Map.of("HOME", work.toString(), "CTX_EMBED_WARM", "0");
        Ctx.init(repo, who, clock).close();
        Map<String, List<Chunk>> files = new LinkedHashMap<>();
        try (Ctx ctx = Ctx.open(repo, clock, env)) {
            if (content) {
                Path fixtures = Path.of(Objects.requireNonNull(FloorProbe.class.getResource("/imports/NOTICE.md")).toURI()).getParent()
                        .resolve("agent-instructions");
                for (String[] f : List.of(new String[] {"modelcontextprotocol__python-sdk/AGENTS.md", "python-sdk"},
                        new String[] {"modelcontextprotocol__typescript-sdk/CLAUDE.md", "typescript-sdk"})) {
                    // a project of its own, so the blocks land under the prefix, not under the fixture's path
                    Path project = Files.createDirectories(work.resolve(f[1]).resolve(".git")).getParent();
                    Path file = Files.copy(fixtures.resolve(f[0]), project.resolve(Path.of(f[0]).getFileName()));
                    ctx.importFrom(file, ImportFormat.AUTO, f[1], ImportPin.AUTO, false, who);
                }
            }
            FileChunker chunker = new FileChunker(LuceneSearchIndex.Options.defaults().maxChunkChars());
            for (FileEntry f : ctx.list("", null)) {
                RepoPath p = RepoPath.of(f.path());
                if (FileChunker.indexable(p)) {
                    files.put(f.path(), chunker.chunks(p, ctx.show(p, null).text(), clock.instant()));
                }
            }
        }
        return files;
    }

    static List<String> lines(String resource) throws Exception {
        try (var in = Objects.requireNonNull(FloorProbe.class.getResourceAsStream(resource), resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
